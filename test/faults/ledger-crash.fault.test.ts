import { TopicCollector, type Collected } from '../support/kafka';
import { eventually, serverEnv, unique } from '../support/env';
import {
  adjustmentPublisher,
  as,
  balances,
  kill9,
  ledgerDeployment,
  openAccounts,
  report,
  since,
  startLedger,
  storeOf,
} from './support';

// The ledger as production runs it (its own process), killed or frozen in the
// middle of its work. Each test counts by request id or event id: 0 lost, 0
// applied twice, and nothing dead-lettered. Figures go to the run's output.
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

/** Every posted-transaction event for these accounts, counted by event id. */
function postedOn(records: Collected[], accounts: Set<string>) {
  return records.filter(
    (r) => r.headers.ce_type === 'ledger.transaction.posted.v1' && accounts.has(String(r.headers.ce_subject)),
  );
}

async function postPurchases(url: string, accounts: string[], n: number, concurrency = 8) {
  const acked: string[] = [];
  let failed = 0;
  let next = 0;
  const headers = await as('card_processor');
  const worker = async () => {
    while (next < n) {
      const i = next++;
      try {
        const r = await fetch(`${url}/v1/accounts/${accounts[i % accounts.length]}/transactions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            kind: 'PURCHASE',
            amount: 100 + i,
            currency: 'USD',
            merchant: { name: 'Corner Shop', mcc: '5411', city: 'New York', country: 'US' },
          }),
        });
        if (r.status === 201) acked.push(((await r.json()) as { transactionId: string }).transactionId);
        else failed++;
      } catch {
        failed++; // the process died under this request: not acknowledged, so not owed
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { acked, failed };
}

it('kill -9 in the middle of a consumer batch: every adjustment request is applied exactly once after restart', async () => {
  const d = ledgerDeployment();
  const first = await startLedger(d);
  const accounts = await openAccounts(first.url, 5);
  const db = await storeOf(d);
  const dlq = await new TopicCollector(brokers(), [
    `ledger.adjustment.dlq.ledger.adjustments${d.suffix}`,
  ]).start();
  const publish = await adjustmentPublisher();
  const requests = Array.from({ length: 400 }, (_, i) => ({
    accountId: accounts[i % accounts.length] as string,
    requestId: unique(`adj-${i}`),
    amount: 100,
  }));
  for (let i = 0; i < requests.length; i += 50) await publish(requests.slice(i, i + 50));
  const credited = async () => [...(await balances(db, accounts)).values()].reduce((a, b) => a - b, 0);

  await eventually(
    async () => {
      if ((await credited()) < 100 * 80) throw new Error('not a fifth applied yet');
    },
    { timeoutMs: 120000, intervalMs: 50, what: 'a fifth of the requests applied before the kill' },
  );
  const atKill = (await credited()) / 100;
  await kill9(first);
  const restarted = Date.now();
  await startLedger(d);
  await eventually(
    async () => {
      if ((await credited()) < 100 * requests.length) throw new Error(`${(await credited()) / 100} applied`);
    },
    // The restarted instance gets the partitions once the killed member's session (30 s) expires.
    { timeoutMs: 180000, what: 'every request applied after restart' },
  );
  const recoverMs = since(restarted);
  await new Promise((r) => setTimeout(r, 3000)); // anything applied twice would show by now
  expect(await credited()).toBe(100 * requests.length);
  const perAccount = await balances(db, accounts);
  for (const a of accounts) expect(perAccount.get(a)).toBe(-100 * (requests.length / accounts.length));
  expect(dlq.records).toEqual([]);

  // On the topic: one posting per request id (redeliveries share an event id).
  const events = await new TopicCollector(brokers(), ['ledger.transaction']).start();
  const mine = new Set(accounts);
  await eventually(async () => {
    const ids = new Set(postedOn(events.records, mine).map((r) => r.headers.ce_id));
    if (ids.size < requests.length) throw new Error(`${ids.size} postings on Kafka`);
  });
  const posted = postedOn(events.records, mine);
  const distinct = new Set(posted.map((r) => r.headers.ce_id));
  expect(distinct.size).toBe(requests.length);
  report('kill -9 mid consumer batch', {
    requests: requests.length,
    appliedAtKill: atKill,
    appliedTwice: 0,
    redeliveredEvents: posted.length - distinct.size,
    dlq: dlq.records.length,
    recoverMs,
  });
});

it('kill -9 in the middle of a relay round: every acknowledged posting reaches Kafka, in version order per account', async () => {
  const d = ledgerDeployment();
  const first = await startLedger(d);
  const accounts = await openAccounts(first.url, 10);
  const events = await new TopicCollector(brokers(), ['ledger.transaction']).start();
  const mine = new Set(accounts);
  // Kill while postings are still being relayed: as soon as some are on Kafka.
  const load = postPurchases(first.url, accounts, 300);
  await eventually(
    async () => {
      if (postedOn(events.records, mine).length < 40) throw new Error('relay not under way');
    },
    { timeoutMs: 60000, intervalMs: 20 },
  );
  await kill9(first);
  const { acked, failed } = await load;
  const onKafkaAtKill = new Set(postedOn(events.records, mine).map((r) => r.headers.ce_id)).size;
  const restarted = Date.now();
  await startLedger(d);
  await eventually(
    async () => {
      const ids = new Set(postedOn(events.records, mine).map((r) => r.headers.ce_id));
      if (ids.size < acked.length)
        throw new Error(`${ids.size} of ${acked.length} acknowledged postings on Kafka`);
    },
    { timeoutMs: 120000, what: 'every acknowledged posting on Kafka' },
  );
  const recoverMs = since(restarted);
  const posted = postedOn(events.records, mine);
  const distinct = new Set(posted.map((r) => r.headers.ce_id));
  // Nothing acknowledged is lost (a posting the process died under may also have landed: at most `failed` more).
  expect(distinct.size).toBeGreaterThanOrEqual(acked.length);
  expect(distinct.size).toBeLessThanOrEqual(acked.length + failed);
  for (const a of accounts) {
    const versions: number[] = [];
    const seen = new Set<string>();
    for (const r of posted.filter((x) => x.headers.ce_subject === a)) {
      if (seen.has(r.headers.ce_id as string)) continue;
      seen.add(r.headers.ce_id as string);
      versions.push(Number(r.headers.aggregate_version));
    }
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
  }
  report('kill -9 mid relay round', {
    acknowledged: acked.length,
    unacknowledged: failed,
    onKafkaAtKill,
    lost: 0,
    redeliveredEvents: posted.length - distinct.size,
    recoverMs,
  });
});

it('a relay frozen (SIGSTOP) past its lease while a second instance takes over, then thawed: nothing lost, per-account order kept', async () => {
  const d = ledgerDeployment({ OUTBOX_LEASE_MS: '2000' });
  const [frozen, other] = [await startLedger(d), await startLedger(d)];
  const accounts = await openAccounts(other.url, 10);
  const events = await new TopicCollector(brokers(), ['ledger.transaction']).start();
  const mine = new Set(accounts);
  // Both relays share the outbox; postings go through the instance that stays up.
  const load = postPurchases(other.url, accounts, 300);
  await eventually(
    async () => {
      if (postedOn(events.records, mine).length < 30) throw new Error('relays not under way');
    },
    { timeoutMs: 60000, intervalMs: 20 },
  );
  process.kill(frozen.pid, 'SIGSTOP');
  const stoppedAt = Date.now();
  await new Promise((r) => setTimeout(r, 6000)); // three leases
  process.kill(frozen.pid, 'SIGCONT');
  const frozenMs = since(stoppedAt);
  const { acked, failed } = await load;
  expect(failed).toBe(0);
  await eventually(
    async () => {
      const ids = new Set(postedOn(events.records, mine).map((r) => r.headers.ce_id));
      if (ids.size < acked.length) throw new Error(`${ids.size} of ${acked.length} on Kafka`);
    },
    { timeoutMs: 120000, what: 'every posting on Kafka' },
  );
  const posted = postedOn(events.records, mine);
  const distinct = new Set(posted.map((r) => r.headers.ce_id));
  expect(distinct.size).toBe(acked.length);
  for (const a of accounts) {
    const firstSeen: number[] = [];
    const seen = new Set<string>();
    for (const r of posted.filter((x) => x.headers.ce_subject === a)) {
      if (seen.has(r.headers.ce_id as string)) continue;
      seen.add(r.headers.ce_id as string);
      firstSeen.push(Number(r.headers.aggregate_version));
    }
    expect(firstSeen).toEqual([...firstSeen].sort((x, y) => x - y));
  }
  report('SIGSTOP relay past its lease', {
    postings: acked.length,
    frozenMs,
    lost: 0,
    redeliveredEvents: posted.length - distinct.size,
  });
});
