#!/usr/bin/env node
// `npm run bench`: build, find or start the real servers, run the benchmarks,
// write bench/results/summary.{json,md}.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const servers = require('./lib/servers');

const root = path.resolve(__dirname, '..');
const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'bench'], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);

(async () => {
  const env = servers.fromEnv() ?? servers.startLocal();
  await servers.prepareKafkaAndRegistry(env);
  const b = spawnSync(process.execPath, [path.join(root, 'bench', 'dist', 'run.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (env.mode === 'local' && env.startedHere && process.env.CARDLINE_KEEP_SERVERS !== '1')
    servers.stopLocal();
  process.exit(b.status ?? 1);
})();
