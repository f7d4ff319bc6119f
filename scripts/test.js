#!/usr/bin/env node
// `npm test`: type-check everything (sources and tests), build, then run the
// test tiers with jest, one after the other, each within a time bound. The
// integration tier starts or finds the real servers itself
// (scripts/jest/global-setup.js). Extra arguments (a file, -t "name") run one
// jest over both tiers instead.
//
// A bound is a failure, never a pass: a tier that overruns is killed with its
// whole process group and the run fails, naming the tier. Teardown makes a
// tier exit by itself (scripts/jest/integration-environment.js); the bound is
// what keeps a hang that slips past it from holding CI to its own limit.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
const minutes = (name, fallback) => Number(process.env[name] ?? fallback) * 60_000;

const TIERS = [
  { name: 'unit', args: ['--selectProjects', 'unit'], boundMs: minutes('TEST_UNIT_MINUTES', 10) },
  {
    name: 'integration',
    args: ['--selectProjects', 'integration'],
    boundMs: minutes('TEST_INTEGRATION_MINUTES', 30),
  },
  {
    // The agent console in Chromium against the real platform (apps/console/test/*.browser.test.ts).
    name: 'browser',
    args: ['--selectProjects', 'browser'],
    boundMs: minutes('TEST_BROWSER_MINUTES', 20),
  },
  {
    name: 'fault',
    args: ['--selectProjects', 'fault', '--testTimeout', '300000'],
    boundMs: minutes('TEST_FAULT_MINUTES', 15),
  },
];

function runSync(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Runs jest in its own process group; kills the group when it overruns `boundMs`. */
function runJest(name, args, boundMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(bin('jest'), ['--ci', '--runInBand', ...args], {
      cwd: root,
      stdio: 'inherit',
      env: process.env,
      detached: true,
    });
    const forward = (sig) => () => child.kill(sig);
    process.on('SIGINT', forward('SIGINT')).on('SIGTERM', forward('SIGTERM'));
    const timer = setTimeout(() => {
      console.error(
        `\n[test] the ${name} tier overran its bound of ${boundMs / 60_000} min and was stopped; this run fails.`,
      );
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, boundMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const s = Math.round((Date.now() - started) / 1000);
      console.log(`[test] ${name} tier: ${code === 0 ? 'passed' : 'FAILED'} in ${s} s`);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main() {
  runSync(bin('tsc'), ['-b']);
  runSync(bin('tsc'), ['-p', 'tsconfig.check.json']);
  const extra = process.argv.slice(2);
  if (extra.length > 0)
    process.exit(await runJest('selected', extra, minutes('TEST_INTEGRATION_MINUTES', 30)));
  for (const t of TIERS) {
    const code = await runJest(t.name, t.args, t.boundMs);
    if (code !== 0) process.exit(code);
  }
}

main();
