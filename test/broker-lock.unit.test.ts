import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { acquireBrokerLock, lockPathFor, BrokerBusyError } = require('../scripts/lib/broker-lock');

// One user of a broker at a time (scripts/lib/broker-lock.js explains the double
// postings two runs on one broker produce).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-lock-'));
const brokers = '127.0.0.1:19092';
afterEach(() => fs.rmSync(lockPathFor(brokers, dir), { force: true }));

it('a second run on the same broker is refused, naming the live holder', () => {
  const release = acquireBrokerLock(brokers, 'npm start', { dir, pid: 101, isAlive: () => true });
  let err: unknown;
  try {
    acquireBrokerLock(brokers, 'the integration tests', { dir, pid: 202, isAlive: () => true });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(BrokerBusyError);
  expect((err as Error).message).toMatch(/in use by npm start \(pid 101/);
  release();
  expect(fs.existsSync(lockPathFor(brokers, dir))).toBe(false);
});

it('a lock left by a process that is gone is taken over', () => {
  acquireBrokerLock(brokers, 'a crashed run', { dir, pid: 101, isAlive: () => true });
  const release = acquireBrokerLock(brokers, 'the integration tests', {
    dir,
    pid: 202,
    isAlive: (pid: number) => pid !== 101,
  });
  expect(JSON.parse(fs.readFileSync(lockPathFor(brokers, dir), 'utf8'))).toMatchObject({ pid: 202 });
  release();
});

it('a lock file still being written counts as busy; one left unreadable by a crash is taken over', () => {
  fs.writeFileSync(lockPathFor(brokers, dir), '{"pid":');
  expect(() => acquireBrokerLock(brokers, 'the tests', { dir, pid: 303, isAlive: () => true })).toThrow(
    BrokerBusyError,
  );
  const later = () => Date.now() + 10_000;
  const release = acquireBrokerLock(brokers, 'the tests', { dir, pid: 303, isAlive: () => true, now: later });
  expect(JSON.parse(fs.readFileSync(lockPathFor(brokers, dir), 'utf8'))).toMatchObject({ pid: 303 });
  release();
});

it('releasing never removes another holder’s lock, and no temporary file is left behind', () => {
  const release = acquireBrokerLock(brokers, 'the tests', { dir, pid: 303, isAlive: () => true });
  fs.writeFileSync(lockPathFor(brokers, dir), JSON.stringify({ pid: 404, what: 'x', since: 'now' }));
  release();
  expect(fs.existsSync(lockPathFor(brokers, dir))).toBe(true);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.includes('.stale.'))).toEqual([]);
});

it('other brokers have locks of their own', () => {
  const a = acquireBrokerLock(brokers, 'one', { dir, pid: 1, isAlive: () => true });
  const b = acquireBrokerLock('127.0.0.1:29092', 'two', { dir, pid: 2, isAlive: () => true });
  a();
  b();
});

it('of eight processes starting at once, exactly one takes the broker', async () => {
  const { spawn } = await import('node:child_process');
  const lib = path.resolve(__dirname, '../scripts/lib/broker-lock');
  const script = `const { acquireBrokerLock } = require(${JSON.stringify(lib)});
    try { const r = acquireBrokerLock('race:1', 'racer', { dir: ${JSON.stringify(dir)} }); console.log('took'); setTimeout(() => { r(); }, 1500); }
    catch (e) { console.log(e.constructor.name); }`;
  const outputs = await Promise.all(
    Array.from(
      { length: 8 },
      () =>
        new Promise<string>((resolve) => {
          const c = spawn(process.execPath, ['-e', script]);
          let out = '';
          c.stdout.on('data', (d: Buffer) => (out += d.toString()));
          c.on('close', () => resolve(out.trim()));
        }),
    ),
  );
  expect(outputs.filter((o) => o === 'took')).toHaveLength(1);
  expect(outputs.filter((o) => o === 'BrokerBusyError')).toHaveLength(7);
  expect(fs.existsSync(lockPathFor('race:1', dir))).toBe(false);
});
