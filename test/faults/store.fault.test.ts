import { TopicCollector } from '../support/kafka';
import { eventually, localServer, serverEnv, unique } from '../support/env';
import { stopAfterFile } from '../support/teardown';
import type { ServiceProcess } from '../../scripts/lib/processes';
import {
  adjustmentPublisher,
  alive,
  balances,
  ledgerDeployment,
  localServerPid,
  openAccounts,
  report,
  since,
  startLedger,
  storeOf,
} from './support';

// The Mongo-wire server taken away under a consuming ledger: restarted, and
// frozen while the ledger is told to stop. The command channel's requests
// are healthy, so none may be dead-lettered, and each is applied once.
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');
const REQUESTS = 300;

async function underLoad() {
  expect(serverEnv().mode).toBe('local'); // pausing and restarting the store needs the local server processes
  const d = ledgerDeployment();
  const ledger = await startLedger(d);
  const accounts = await openAccounts(ledger.url, 5);
  const db = await storeOf(d);
  const dlq = await new TopicCollector(brokers(), [
    `ledger.adjustment.dlq.ledger.adjustments${d.suffix}`,
  ]).start();
  const publish = await adjustmentPublisher();
  const requests = Array.from({ length: REQUESTS }, (_, i) => ({
    accountId: accounts[i % accounts.length] as string,
    requestId: unique(`adj-${i}`),
    amount: 100,
  }));
  for (let i = 0; i < requests.length; i += 50) await publish(requests.slice(i, i + 50));
  const credited = async () => [...(await balances(db, accounts)).values()].reduce((a, b) => a - b, 0) / 100;
  await eventually(
    async () => {
      if ((await credited()) < REQUESTS / 5) throw new Error('not a fifth applied yet');
    },
    { timeoutMs: 120000, intervalMs: 50 },
  );
  /** Why requests are missing, printed when a wait times out: dead letters, balances, the ledger's log tail. */
  const explain = async (p: ServiceProcess, err: unknown) => {
    const reasons = dlq.records.map((r) => `${r.headers.dlq_error_type}: ${r.headers.dlq_reason}`);
    const bal = [...(await balances(db, accounts).catch(() => new Map<string, number>())).entries()];
    return new Error(
      `${(err as Error).message}\ndead letters (${reasons.length}): ${[...new Set(reasons)].join(' | ')}` +
        `\nbalances: ${JSON.stringify(bal)}\nledger log tail:\n${p.output().slice(-6000)}`,
    );
  };
  return { d, ledger, accounts, db, dlq, credited, explain };
}

it('the Mongo-wire server restarted under consumer load: the ledger rides it out, every request applied once, none dead-lettered', async () => {
  const { ledger, dlq, credited, explain } = await underLoad();
  stopAfterFile({ stop: () => localServer('up', 'mongo') }, 'mongo back up');
  const atFault = await credited();
  const down = Date.now();
  localServer('down', 'mongo');
  await new Promise((r) => setTimeout(r, 3000));
  localServer('up', 'mongo');
  const outageMs = since(down);
  await eventually(
    async () => {
      if ((await credited()) < REQUESTS) throw new Error(`${await credited()} applied`);
    },
    { timeoutMs: 120000, what: 'every request applied after the store came back' },
  ).catch(async (err) => {
    throw await explain(ledger, err);
  });
  const recoverMs = since(down) - outageMs;
  await new Promise((r) => setTimeout(r, 3000));
  expect(await credited()).toBe(REQUESTS);
  expect(alive(ledger.pid)).toBe(true);
  expect(dlq.records).toEqual([]);
  // Not left consuming the next test's requests, whose accounts are in another database.
  await ledger.stop();
  report('Mongo-wire server restarted under load', {
    requests: REQUESTS,
    appliedAtFault: atFault,
    outageMs,
    recoverMs,
    appliedTwice: 0,
    dlq: 0,
  });
});

it('SIGTERM to a consumer while the store is frozen: nothing dead-lettered, every effect applied after restart', async () => {
  const { d, ledger, dlq, credited, explain } = await underLoad();
  const mongoPid = localServerPid('mongo');
  stopAfterFile({ stop: () => process.kill(mongoPid, 'SIGCONT') }, 'mongo thawed');
  const atFault = await credited();
  process.kill(mongoPid, 'SIGSTOP');
  const frozen = Date.now();
  await new Promise((r) => setTimeout(r, 1500)); // handlers are now waiting on the store
  await ledger.stop(); // SIGTERM; SIGKILL after 10 s if the shutdown hangs on the frozen store
  const stopMs = since(frozen);
  process.kill(mongoPid, 'SIGCONT');
  const restarted = Date.now();
  const second = await startLedger(d);
  await eventually(
    async () => {
      if ((await credited()) < REQUESTS) throw new Error(`${await credited()} applied`);
    },
    { timeoutMs: 180000, what: 'every request applied after restart' },
  ).catch(async (err) => {
    throw await explain(second, err);
  });
  const recoverMs = since(restarted);
  await new Promise((r) => setTimeout(r, 3000));
  expect(await credited()).toBe(REQUESTS);
  expect(dlq.records).toEqual([]);
  report('SIGTERM while the store is frozen', {
    requests: REQUESTS,
    appliedAtFault: atFault,
    stopMs,
    recoverMs,
    appliedTwice: 0,
    dlq: 0,
  });
});
