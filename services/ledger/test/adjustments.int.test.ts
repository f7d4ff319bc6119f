import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventPublisher } from '@cardline/platform';
import type { LedgerAdjustmentRequestedV1 } from '@cardline/schemas';
import { catalog } from '../src/ledger';
import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector, producerAs, rawProducerAs } from '../../../test/support/kafka';
import { http, ledgerCallers, openBody, purchaseBody, startTestLedger, type LedgerCallers } from './support';

// Other services ask the ledger for credits/debits on ledger.adjustment.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let publisher: EventPublisher;
let collector: TopicCollector;
let dlq: TopicCollector;
let as: LedgerCallers;
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

beforeAll(async () => {
  ledger = await startTestLedger();
  as = await ledgerCallers();
  const group = `ledger.adjustments${ledger.config.GROUP_SUFFIX}`;
  collector = await new TopicCollector(brokers(), ['ledger.transaction', 'ledger.account']).start();
  dlq = await new TopicCollector(brokers(), [`ledger.adjustment.dlq.${group}`]).start();
  // The admin principal (a test stands in for disputes, which the ACLs would let write here too).
  publisher = await producerAs('admin', catalog);
});

afterAll(async () => {
  await Promise.all([collector?.stop(), dlq?.stop()]);
  await ledger?.stop();
});

function request(
  accountId: string,
  over: Partial<LedgerAdjustmentRequestedV1> = {},
): EventEnvelope<LedgerAdjustmentRequestedV1> {
  const requestId = over.requestId ?? `req-${randomUUID()}`;
  return {
    id: randomUUID(),
    type: 'ledger.adjustment.requested.v1',
    source: 'disputes',
    subject: accountId,
    time: new Date(),
    correlationId: `corr-${requestId}`,
    causationId: null,
    aggregateVersion: 1,
    payload: {
      requestId,
      accountId,
      direction: 'CREDIT',
      kind: 'PROVISIONAL_CREDIT',
      amount: 3000,
      currency: 'USD',
      reason: 'Provisional credit while dispute is open',
      relatedTransactionId: null,
      requestedBy: 'disputes',
      requestedAt: Date.now(),
      ...over,
    },
  };
}

const balance = async (accountId: string): Promise<number> =>
  (await http('GET', `${ledger.url}/v1/accounts/${accountId}`, undefined, as.reader)).json.balance;

async function openWithPurchase(): Promise<string> {
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), as.sales);
  await http(
    'POST',
    `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
    purchaseBody(10000),
    as.processor,
  );
  return acc.accountId as string;
}

it('posts a requested credit, answering with ledger.transaction.posted.v1 carrying the requestId', async () => {
  const accountId = await openWithPurchase();
  const req = request(accountId);
  await publisher.publish([req]);
  const posted = await eventually(async () => {
    const r = collector.where((c) => c.headers.ce_subject === accountId && c.headers.causation_id === req.id);
    if (r.length === 0) throw new Error('not posted yet');
    return r;
  });
  expect(posted[0]?.headers).toMatchObject({
    ce_type: 'ledger.transaction.posted.v1',
    correlation_id: req.correlationId,
  });
  expect(await balance(accountId)).toBe(7000);
});

it('applies a redelivered request once', async () => {
  const accountId = await openWithPurchase();
  const req = request(accountId);
  // The same event delivered three times (e.g. the requester's relay retried).
  await publisher.publish([req, req, { ...req, id: randomUUID() }]);
  const marker = request(accountId, { amount: 1 });
  await publisher.publish([marker]);
  await eventually(async () => {
    if (collector.where((c) => c.headers.causation_id === marker.id).length === 0)
      throw new Error('marker not processed');
  });
  expect(await balance(accountId)).toBe(10000 - 3000 - 1);
  const postings = collector.where(
    (c) => c.headers.ce_subject === accountId && c.headers.ce_type === 'ledger.transaction.posted.v1',
  );
  expect(postings).toHaveLength(3); // purchase, the credit once, the marker
});

it('answers an invalid request with adjustment-rejected, not a posting', async () => {
  const accountId = await openWithPurchase();
  const req = request(accountId, { currency: 'EUR' });
  await publisher.publish([req]);
  const rejected = await eventually(async () => {
    const r = collector.where((c) => c.headers.causation_id === req.id);
    if (r.length === 0) throw new Error('no answer yet');
    return r;
  });
  expect(rejected[0]?.headers.ce_type).toBe('ledger.account.adjustment-rejected.v1');
  expect(await balance(accountId)).toBe(10000);
});

it('dead-letters poison messages with the reason and keeps consuming', async () => {
  const accountId = await openWithPurchase();
  const raw = await rawProducerAs('admin');
  const poisonId = randomUUID();
  // 1: not Avro at all, 2: a valid request for an account that does not exist.
  await raw.send({
    topic: 'ledger.adjustment',
    messages: [
      {
        key: accountId,
        value: Buffer.from('{"this":"is json, not avro"}'),
        headers: {
          ce_specversion: '1.0',
          ce_id: poisonId,
          ce_type: 'ledger.adjustment.requested.v1',
          ce_source: 'rogue',
          ce_subject: accountId,
          ce_time: new Date().toISOString(),
        },
      },
    ],
  });
  await raw.disconnect();
  const orphan = request('acc-does-not-exist');
  const good = request(accountId, { amount: 500 });
  await publisher.publish([orphan, good]);

  const dead = await eventually(async () => {
    const d = dlq.where((r) => r.headers.ce_id === poisonId || r.headers.ce_id === orphan.id);
    if (d.length < 2) throw new Error(`${d.length} dead letters so far`);
    return d;
  });
  const poison = dead.find((d) => d.headers.ce_id === poisonId);
  expect(poison?.headers).toMatchObject({
    dlq_original_topic: 'ledger.adjustment',
    dlq_error_type: 'UndecodableError',
    ce_source: 'rogue',
  });
  expect(poison?.headers.dlq_reason).toMatch(/magic byte/);
  expect(poison?.message.value?.toString()).toBe('{"this":"is json, not avro"}'); // original bytes kept
  const missing = dead.find((d) => d.headers.ce_id === orphan.id);
  expect(missing?.headers.dlq_reason).toMatch(/acc-does-not-exist not found/);
  expect(missing?.headers.dlq_error_type).toBe('PoisonMessageError');
  // ...and the partition moved on: the good request after them was applied.
  await eventually(async () => {
    const b = await balance(accountId);
    if (b !== 9500) throw new Error(`balance ${b}`);
  });
});
