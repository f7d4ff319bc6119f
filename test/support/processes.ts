import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export interface ServiceProcess {
  name: string;
  url: string;
  /** What the process wrote, for the failure message when it does not come up. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the process binds it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function ready(url: string, child: ChildProcess, out: () => string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${out()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${ms} ms:\n${out()}`);
}

/**
 * A service run the way production runs it: its built `dist/main.js` in its
 * own process, so its instrument.ts loads first and the OpenTelemetry SDK
 * (and the Zipkin exporter) is really in play. `npm test` builds dist first.
 */
export async function spawnService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'services', name, 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, SERVICE_NAME: name, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await ready(url, child, () => log, 90000);
  } catch (err) {
    await stop();
    throw new Error(`${name}: ${(err as Error).message}`);
  }
  return { name, url, output: () => log, stop };
}
