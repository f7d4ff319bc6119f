#!/usr/bin/env node
// The collections bench alone, without servers (`npm run bench` runs it with the rest):
// builds bench/, times the contact gate and the strategy runner's planning over 1k and
// 10k accounts, writes bench/results/collections.{json,md}. Exits 1 when a target is missed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'bench'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, [path.join(__dirname, 'dist', 'collections.bench.js')], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);
const { rows } = JSON.parse(fs.readFileSync(path.join(__dirname, 'results', 'collections.json'), 'utf8'));
const missed = rows.filter((r) => (r.absolute ? !r.absolute.met : r.ratio < r.target));
for (const r of missed) console.error(`${r.id}: ${r.ours.value} ${r.ours.unit} misses its target`);
process.exit(missed.length ? 1 : 0);
