#!/usr/bin/env node
// `npm test`: type-check everything (sources and tests), build, then run the
// unit and integration tiers with jest. Integration tests start or find the
// real servers themselves (scripts/jest/global-setup.js).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(bin('tsc'), ['-b']);
run(bin('tsc'), ['-p', 'tsconfig.check.json']);
run(bin('jest'), ['--ci', '--runInBand', ...process.argv.slice(2)]);
