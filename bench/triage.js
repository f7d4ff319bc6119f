#!/usr/bin/env node
// The triage bench alone, without servers (`npm run bench` runs it with the rest):
// builds bench/, trains on the triage set's train split, scores the test split,
// writes bench/results/triage.{json,md} and triage-intents.md. Exits 1 when a
// language misses the macro-F1 goal.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'bench'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, [path.join(__dirname, 'dist', 'triage.bench.js')], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);
const { rows } = JSON.parse(fs.readFileSync(path.join(__dirname, 'results', 'triage.json'), 'utf8'));
const missed = rows.filter((r) => r.id.startsWith('T1-') && r.id !== 'T1-time' && !r.absolute.met);
for (const r of missed)
  console.error(`${r.id}: macro-F1 ${r.ours.value.toFixed(3)} misses ${r.absolute.text}`);
process.exit(missed.length ? 1 : 0);
