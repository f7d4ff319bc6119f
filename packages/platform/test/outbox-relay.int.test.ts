import { Kafka, logLevel } from 'kafkajs';
import {
  AggregateStore,
  AvroSerde,
  EventPublisher,
  HttpRegistryClient,
  OutboxRelay,
  connectMongo,
  createKafka,
  createLogger,
  type AggregateDoc,
  type EventCatalog,
  kafkaAuth,
} from '@cardline/platform';
import { eventually, localServer, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { stopAfterFile } from '../../../test/support/teardown';

// The relay on real Kafka and a real Mongo-wire server, with the broker
// stopped and restarted in the middle of the stream.
const topic = unique('test.relay');
const schema = {
  type: 'record',
  name: 'IncrementedV1',
  namespace: 'cardline.test.counter',
  fields: [
    { name: 'counterId', type: 'string' },
    { name: 'n', type: 'long' },
  ],
};
const catalog: EventCatalog = {
  get: (type) =>
    type === 'test.counter.incremented.v1'
      ? { type, topic, subject: `${topic}-cardline.test.counter.IncrementedV1`, schema }
      : undefined,
};

interface Counter {
  n: number;
}

let mongo: Awaited<ReturnType<typeof connectMongo>>;
let publisher: EventPublisher;
let relay: OutboxRelay;
let store: AggregateStore<Counter>;
const logger = createLogger('relay-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

beforeAll(async () => {
  const admin = new Kafka({
    clientId: 'relay-admin',
    brokers: brokers(),
    ...kafkaAuth(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  mongo = await connectMongo(serverEnv().MONGO_URL, unique('relay_test').replace(/-/g, '_'));
  stopAfterFile({ stop: () => mongo.close() }, 'mongo client');
  const coll = mongo.db.collection<AggregateDoc<Counter>>('counters');
  const kafka = createKafka({ clientId: 'relay-test', brokers: brokers(), logger });
  publisher = new EventPublisher(
    kafka,
    new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL)),
    catalog,
  );
  stopAfterFile({ stop: () => publisher.disconnect() }, 'publisher');
  await publisher.connect();
  relay = new OutboxRelay({
    collection: coll as never,
    publisher,
    source: 'relay-test',
    logger,
    idlePollMs: 50,
  });
  stopAfterFile(relay, 'relay');
  store = new AggregateStore<Counter>(coll, 'relay-test', () => relay.notify());
  await store.ensureIndexes();
});

afterAll(async () => {
  await relay?.stop();
  await publisher?.disconnect();
  await mongo?.close();
});

async function increment(id: string, saved: string[]): Promise<void> {
  for (;;) {
    const cur = await store.load(id);
    const n = (cur?.state.n ?? 0) + 1;
    try {
      const r = await store.save(
        id,
        cur?.version ?? 0,
        { n },
        [{ type: 'test.counter.incremented.v1', payload: { counterId: id, n } }],
        { correlationId: id, causationId: null },
      );
      saved.push(...r.events.map((e) => e.id));
      return;
    } catch (err) {
      if ((err as Error).name !== 'ConcurrencyError') throw err;
    }
  }
}

it('loses nothing and keeps each aggregate in order when Kafka stops and restarts mid-stream', async () => {
  expect(serverEnv().mode).toBe('local'); // stopping the broker needs the local server processes
  relay.start();
  const saved: string[] = [];
  const counters = Array.from({ length: 10 }, (_, i) => `counter-${i}`);
  const writeFor = async (ms: number) => {
    const end = Date.now() + ms;
    let i = 0;
    while (Date.now() < end) {
      await increment(counters[i++ % counters.length] as string, saved);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await writeFor(1500);
  const beforeStop = saved.length;
  localServer('down', 'kafka');
  await writeFor(2000); // the outbox fills while the broker is away
  const duringOutage = saved.length - beforeStop;
  localServer('up', 'kafka');
  await writeFor(1500);

  await eventually(
    async () => {
      const pending = await mongo.db.collection('counters').countDocuments({ outboxPending: true });
      if (pending > 0) throw new Error(`${pending} aggregates still pending`);
    },
    { timeoutMs: 90000, what: 'outbox to drain' },
  );

  const collector = await new TopicCollector(brokers(), [topic]).start();
  try {
    await eventually(
      async () => {
        const seen = new Set(collector.records.map((r) => r.headers.ce_id));
        const missing = saved.filter((id) => !seen.has(id));
        if (missing.length > 0)
          throw new Error(`${missing.length} of ${saved.length} events not on Kafka yet`);
      },
      { timeoutMs: 60000, what: 'every saved event on Kafka' },
    );

    // Count by event id: what a deduplicating consumer would apply.
    const byId = new Map<string, number>();
    for (const r of collector.records)
      byId.set(r.headers.ce_id as string, (byId.get(r.headers.ce_id as string) ?? 0) + 1);
    expect(byId.size).toBe(saved.length);
    const duplicates = [...byId.values()].filter((n) => n > 1).length;
    // Per aggregate, first deliveries come in version order (n = 1, 2, 3, ...).
    for (const id of counters) {
      const firstSeen: number[] = [];
      const seen = new Set<string>();
      for (const r of collector.records.filter((x) => x.message.key?.toString() === id)) {
        if (seen.has(r.headers.ce_id as string)) continue;
        seen.add(r.headers.ce_id as string);
        firstSeen.push(Number(r.headers.aggregate_version));
      }
      expect(firstSeen).toEqual(firstSeen.map((_, i) => i + 1));
    }
    expect(duringOutage).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(
      `relay restart test: ${saved.length} events (${duringOutage} written during the outage), ${duplicates} redelivered ids`,
    );
  } finally {
    await collector.stop();
  }
});

it('parks an aggregate whose event cannot be encoded, with the reason, and keeps publishing the others', async () => {
  relay.start();
  const coll = mongo.db.collection<AggregateDoc<Counter>>('counters');
  const ctx = { correlationId: 'poison', causationId: null };
  const bad = await store.save(
    'bad-1',
    0,
    { n: 1 },
    [{ type: 'test.counter.incremented.v1', payload: { counterId: 'bad-1', n: 'not a long' } }],
    ctx,
  );
  const good = await store.save(
    'good-1',
    0,
    { n: 1 },
    [{ type: 'test.counter.incremented.v1', payload: { counterId: 'good-1', n: 1 } }],
    ctx,
  );
  const collector = await new TopicCollector(brokers(), [topic]).start();
  try {
    await eventually(async () => {
      if (!collector.records.some((r) => r.headers.ce_id === good.events[0]?.id))
        throw new Error('good event not published');
    });
    const parked = await eventually(async () => {
      const d = await coll.findOne({ _id: 'bad-1' });
      if (!d?.outboxError) throw new Error('not parked yet');
      return d;
    });
    expect(parked.outboxPending).toBe(true); // kept, not dropped
    expect(parked.outbox.map((e) => e.id)).toEqual([bad.events[0]?.id]);
    expect(parked.outboxError).toMatch(/invalid|not a long|long/i);
    expect(collector.records.some((r) => r.headers.ce_id === bad.events[0]?.id)).toBe(false);
  } finally {
    await collector.stop();
  }
});
