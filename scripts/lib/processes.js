// Services run the way production runs them: each built `dist/main.js` in its
// own process, so its instrument.ts loads first and tracing is really in play.
// Used by `npm start`, the trace e2e test and the gateway benchmark.
const { spawn } = require('node:child_process');
const { createServer } = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

/** A port nobody listens on right now (the process binds it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once GET url answers 2xx; rejects after ms, or at once when `child` has exited. */
async function waitReady(url, ms = 60000, child, output = () => '') {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${ms} ms:\n${output()}`);
}

/** Starts services/<name>/dist/main.js on a free port (or env.PORT) and waits for /health/ready. */
async function spawnService(name, env = {}) {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [path.join(root, 'services', name, 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, SERVICE_NAME: name, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b) => {
    log = (log + b.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(killer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/health/ready`, 90000, child, () => log);
  } catch (err) {
    await stop();
    throw new Error(`${name}: ${err.message}`);
  }
  return { name, url, pid: child.pid, output: () => log, stop };
}

module.exports = { freePort, waitReady, spawnService };
