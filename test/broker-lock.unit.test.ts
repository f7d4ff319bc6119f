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

it('a torn lock file does not block, and releasing never removes another holder’s lock', () => {
  fs.writeFileSync(lockPathFor(brokers, dir), '{"pid":');
  const release = acquireBrokerLock(brokers, 'the tests', { dir, pid: 303, isAlive: () => true });
  fs.writeFileSync(lockPathFor(brokers, dir), JSON.stringify({ pid: 404, what: 'x', since: 'now' }));
  release();
  expect(fs.existsSync(lockPathFor(brokers, dir))).toBe(true);
});

it('other brokers have locks of their own', () => {
  const a = acquireBrokerLock(brokers, 'one', { dir, pid: 1, isAlive: () => true });
  const b = acquireBrokerLock('127.0.0.1:29092', 'two', { dir, pid: 2, isAlive: () => true });
  a();
  b();
});
