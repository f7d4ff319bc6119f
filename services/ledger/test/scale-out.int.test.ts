import { randomUUID } from 'node:crypto';
import { AvroSerde, EventPublisher, HttpRegistryClient, createKafka, createLogger } from '@cardline/platform';
import { catalog } from '../src/ledger';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { http, ledgerCallers, openBody, purchaseBody, startTestLedger, type LedgerCallers } from './support';

// Two instances of the ledger on the same database and consumer groups:
// relays, timers and consumers must not double anything.
let a: Awaited<ReturnType<typeof startTestLedger>>;
let b: Awaited<ReturnType<typeof startTestLedger>>;
let collector: TopicCollector;
let as: LedgerCallers;

beforeAll(async () => {
  as = await ledgerCallers();
  const shared = { MONGO_DB: unique('ledger_scale').replace(/-/g, '_'), GROUP_SUFFIX: `.${unique('scale')}` };
  a = await startTestLedger(shared);
  b = await startTestLedger(shared);
  collector = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), [
    'ledger.transaction',
    'ledger.statement',
    'ledger.account',
  ]).start();
});

afterAll(async () => {
  await collector?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
});

it('two instances: writes through either, each event published once, each day closed once, each adjustment posted once', async () => {
  const accounts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const node = i % 2 ? a : b;
    const { json } = await http(
      'POST',
      `${node.url}/v1/accounts`,
      openBody({ billingCycleDay: 5 }),
      as.sales,
    );
    accounts.push(json.accountId);
    // Concurrent purchases through both instances on the same account.
    await Promise.all(
      [node, i % 2 ? b : a].map((n) =>
        http('POST', `${n.url}/v1/accounts/${json.accountId}/transactions`, purchaseBody(1000), as.processor),
      ),
    );
  }

  const publisher = new EventPublisher(
    createKafka({
      clientId: 'scale-test',
      brokers: serverEnv().KAFKA_BROKERS.split(','),
      logger: createLogger('t', 'warn'),
    }),
    new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL)),
    catalog,
  );
  await publisher.connect();
  const requests = accounts.map((accountId) => ({
    id: randomUUID(),
    type: 'ledger.adjustment.requested.v1',
    source: 'disputes',
    subject: accountId,
    time: new Date(),
    correlationId: randomUUID(),
    causationId: null,
    aggregateVersion: 1,
    payload: {
      requestId: randomUUID(),
      accountId,
      direction: 'CREDIT',
      kind: 'GOODWILL',
      amount: 100,
      currency: 'USD',
      reason: 'goodwill',
      relatedTransactionId: null,
      requestedBy: 'disputes',
      requestedAt: Date.now(),
    },
  }));
  await publisher.publish([...requests, ...requests]); // every request delivered twice
  await publisher.disconnect();

  // Both instances' clocks move past the statement date and both drain at once.
  await Promise.all(
    [a, b].map((n) => http('POST', `${n.url}/v1/admin/clock`, { to: '2026-02-06T12:00:00Z' }, as.admin)),
  );

  for (const id of accounts) {
    await eventually(async () => {
      const s = (await http('GET', `${a.url}/v1/accounts/${id}`, undefined, as.reader)).json;
      if (s.balance !== 1900) throw new Error(`${id} balance ${s.balance}`);
      if (!s.lastStatement) throw new Error(`${id} has no statement yet`);
    });
  }
  await eventually(async () => {
    const statements = collector.where(
      (r) => accounts.includes(r.headers.ce_subject as string) && r.topic === 'ledger.statement',
    );
    if (statements.length < accounts.length) throw new Error(`${statements.length} statements on Kafka`);
  });
  await new Promise((r) => setTimeout(r, 1000)); // room for any duplicate to show up
  const mine = collector.where((r) => accounts.includes(r.headers.ce_subject as string));
  const ids = mine.map((r) => r.headers.ce_id);
  expect(new Set(ids).size).toBe(ids.length); // no event published twice
  const byType = (t: string) => mine.filter((r) => r.headers.ce_type === t).length;
  expect(byType('ledger.statement.closed.v1')).toBe(accounts.length);
  expect(byType('ledger.transaction.posted.v1')).toBe(accounts.length * 3); // 2 purchases + 1 adjustment each
});
