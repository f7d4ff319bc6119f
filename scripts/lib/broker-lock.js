// One user of a Kafka broker at a time: the test runs and `npm start`.
//
// Every service joins fixed consumer groups (infra/kafka/topics.json), while
// each test file gives its services a database of their own. Two runs on one
// broker therefore split each group's partitions between them, and a
// rebalance hands the same event to both: each applies it in its own
// database, and a read model fed by the shared topics sees it twice. That is
// how a sales e2e once saw one month's fee "posted twice" (docs/architecture.md#running-it).
// A second run fails at once, naming the holder, rather than failing later
// in a way that looks like a lost guarantee.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The lock file for a broker address list. */
function lockPathFor(brokers, dir = os.tmpdir()) {
  return path.join(dir, `cardline-broker-${String(brokers).replace(/[^A-Za-z0-9.-]+/g, '_')}.lock`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return err.code === 'EPERM';
  }
}

function readHolder(file) {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null; // missing, or torn by a crash mid-write: not a live holder
  }
}

class BrokerBusyError extends Error {}

/**
 * Takes the broker for `what` (e.g. "the integration tests"), or throws a
 * BrokerBusyError naming the live holder. A lock left by a process that is
 * gone is taken over. Returns the function that gives it back.
 */
function acquireBrokerLock(brokers, what, { dir, pid = process.pid, isAlive = alive } = {}) {
  const file = lockPathFor(brokers, dir);
  const me = JSON.stringify({ pid, what, brokers: String(brokers), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx' });
      return () => release(file, pid);
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== pid && isAlive(holder.pid))
      throw new BrokerBusyError(
        `Kafka at ${brokers} is in use by ${holder.what} (pid ${holder.pid}, since ${holder.since}). ` +
          'Two runs on one broker share consumer groups and take each other’s events; ' +
          `stop it first, or point this run at other servers (lock file ${file}).`,
      );
    // Stale (its process is gone) or our own: remove and try again.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not take the broker lock ${file}`);
}

function release(file, pid) {
  if (readHolder(file)?.pid === pid) fs.rmSync(file, { force: true });
}

module.exports = { acquireBrokerLock, lockPathFor, BrokerBusyError };
