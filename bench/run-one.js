#!/usr/bin/env node
// One bench that needs no servers, alone (`npm run bench` runs it with the rest):
// `node bench/run-one.js <name>` builds bench/, runs bench/dist/<name>.bench.js, which
// writes bench/results/<name>.{json,md}, and exits 1 when a gated row misses its target.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const missesTarget = (r) => (r.absolute ? !r.absolute.met : r.ratio < r.target);
/** Which rows decide the exit code; the others are reported only. */
const gates = {
  // Every row: contact gate C1 and the strategy run C2.
  collections: missesTarget,
  // The macro-F1 goal per language; the model's load time is reported only.
  triage: (r) => r.id.startsWith('T1-') && r.id !== 'T1-time' && missesTarget(r),
  // B2 encode and decode against raw avsc on the same event.
  codec: missesTarget,
};

const name = process.argv[2];
if (!gates[name]) {
  console.error(`usage: node bench/run-one.js <${Object.keys(gates).join('|')}>`);
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const built = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'bench'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, [path.join(__dirname, 'dist', `${name}.bench.js`)], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);
const { rows } = JSON.parse(fs.readFileSync(path.join(__dirname, 'results', `${name}.json`), 'utf8'));
const missed = rows.filter(gates[name]);
for (const r of missed)
  console.error(
    `${r.id}: ${r.ours.value} ${r.ours.unit} misses ${r.absolute ? r.absolute.text : `≥ ${r.target}`}`,
  );
process.exit(missed.length ? 1 : 0);
