// One user of a Kafka broker at a time: the test runs and `npm start`.
//
// Every service joins fixed consumer groups (packages/schemas/topics.json), while
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

/** A lock file nobody could read for this long is a crash's leftover, not a holder mid-write. */
const UNREADABLE_STALE_MS = 5000;

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
    return null;
  }
}

class BrokerBusyError extends Error {}

/** Creates the lock with its content in one step: a hard link of a file already written. */
function tryCreate(file, content, pid) {
  const tmp = `${file}.${pid}.${process.hrtime.bigint()}.tmp`;
  fs.writeFileSync(tmp, content);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    return false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Moves a stale lock aside and removes it, unless another process replaced it
 * meanwhile (then that one is put back and the caller looks again).
 */
function removeStale(file, stale) {
  const aside = `${file}.stale.${process.pid}.${process.hrtime.bigint()}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if (err.code === 'ENOENT') return; // someone else removed it
    throw err;
  }
  const moved = readHolder(aside);
  if (moved && stale && moved.pid !== stale.pid) {
    // Not the one judged stale: a fresh holder took it in between. Put it back if nothing else did.
    try {
      fs.linkSync(aside, file);
    } catch {
      /* a third holder exists now; it stands */
    }
  }
  fs.rmSync(aside, { force: true });
}

/**
 * Takes the broker for `what` (e.g. "the integration tests"), or throws a
 * BrokerBusyError naming the live holder. A lock left by a process that is
 * gone is taken over. Returns the function that gives it back.
 */
function acquireBrokerLock(brokers, what, { dir, pid = process.pid, isAlive = alive, now = Date.now } = {}) {
  const file = lockPathFor(brokers, dir);
  const me = JSON.stringify({ pid, what, brokers: String(brokers), since: new Date(now()).toISOString() });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, me, pid)) return () => release(file, pid);
    const holder = readHolder(file);
    if (holder === null) {
      let age = 0;
      try {
        age = now() - fs.statSync(file).mtimeMs;
      } catch {
        continue; // gone meanwhile: try again
      }
      if (age < UNREADABLE_STALE_MS)
        throw new BrokerBusyError(
          `Kafka at ${brokers}: the lock file ${file} is being written by another run`,
        );
      removeStale(file, null);
      continue;
    }
    if (holder.pid !== pid && isAlive(holder.pid))
      throw new BrokerBusyError(
        `Kafka at ${brokers} is in use by ${holder.what} (pid ${holder.pid}, since ${holder.since}). ` +
          'Two runs on one broker share consumer groups and take each other’s events; ' +
          `stop it first, or point this run at other servers (lock file ${file}).`,
      );
    // Stale (its process is gone) or our own: move it aside and try again.
    removeStale(file, holder);
  }
  throw new Error(`could not take the broker lock ${file}`);
}

function release(file, pid) {
  if (readHolder(file)?.pid === pid) fs.rmSync(file, { force: true });
}

module.exports = { acquireBrokerLock, lockPathFor, BrokerBusyError };
