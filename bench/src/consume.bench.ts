/*
 * B4b: consume → project. Our consumer group (kafkajs, Avro decode with the
 * reader schema, CloudEvents headers, the source check, commit after the
 * effect) writing the ledger's transaction read model on the Mongo-wire
 * server, against Kafka's own ConsumerPerformance reading the same topic in
 * the same run. A second row runs our group with a handler that stores
 * nothing, to split the cost between Kafka + decode and the store.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HttpRegistryClient,
  batched,
  connectMongo,
  createKafka,
  insertManyOnce,
  insertOnce,
  createLogger,
  kafkaAuth,
  type EventCatalog,
  type EventEnvelope,
  type EventHandler,
} from '@cardline/platform';
import { eventTypes, type LedgerTransactionPostedV1 } from '@cardline/schemas';
import { postedEvent } from './fixtures';
import { runKafkaTool } from './kafka-tools';
import type { BenchRow } from './report';

const posted = eventTypes.get('ledger.transaction.posted.v1');
if (!posted) throw new Error('posted.v1 missing');
const info = posted;

/** The posted type, published to and read from this run's own topic. */
const catalogOn = (topic: string): EventCatalog => ({
  get: (t: string) => (t === info.type ? { ...info, topic } : eventTypes.get(t)),
});

function envelope(i: number): EventEnvelope {
  const p = postedEvent(i);
  return {
    id: randomUUID(),
    type: info.type,
    source: 'ledger',
    subject: `acc_${String(i % 500).padStart(8, '0')}`,
    time: new Date(),
    correlationId: randomUUID(),
    causationId: null,
    aggregateVersion: i + 1,
    payload: { ...p, accountId: `acc_${String(i % 500).padStart(8, '0')}` },
  };
}

/** ConsumerPerformance's fetch rate (join time excluded), in records/s. */
function javaConsumerPerf(brokers: string, topic: string, records: number): number {
  const out = runKafkaTool(
    'org.apache.kafka.tools.ConsumerPerformance',
    [
      '--bootstrap-server',
      brokers,
      '--topic',
      topic,
      '--messages',
      String(records),
      '--group',
      `bench-perf-${randomUUID().slice(0, 8)}`,
      '--timeout',
      '60000',
    ],
    '--consumer.config',
  );
  // Header then one CSV line: start, end, MB, MB/s, nMsg, nMsg/s, rebalance ms, fetch ms, fetch MB/s, fetch nMsg/s.
  const lines = out.trim().split('\n');
  const cols = (lines.pop() ?? '').split(',').map((s) => s.trim());
  const consumed = Number(cols[4]);
  const fetchRate = Number(cols[9]);
  if (!(consumed >= records) || !Number.isFinite(fetchRate) || fetchRate <= 0)
    throw new Error(`cannot read ConsumerPerformance output:\n${out}`);
  return fetchRate;
}

/** Runs our group over the topic until `records` were handled; records/s from the first to the last. */
async function ourConsumeRate(
  kafka: Kafka,
  serde: AvroSerde,
  publisher: EventPublisher,
  topic: string,
  records: number,
  handle: (events: EventEnvelope<LedgerTransactionPostedV1>[]) => Promise<void>,
  inBatches: boolean,
): Promise<number> {
  let handled = 0;
  let first = 0n;
  let last = 0n;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const counted = async (events: EventEnvelope<LedgerTransactionPostedV1>[]) => {
    if (handled === 0) first = process.hrtime.bigint();
    await handle(events);
    handled += events.length;
    if (handled >= records && last === 0n) {
      last = process.hrtime.bigint();
      done();
    }
  };
  const one = (e: EventEnvelope<LedgerTransactionPostedV1>) => counted([e]);
  const handler: EventHandler<LedgerTransactionPostedV1> = inBatches ? batched(one, counted) : one;
  const runner = new ConsumerRunner({
    kafka,
    group: `bench-ours-${randomUUID().slice(0, 8)}`,
    topics: [topic],
    handlers: { [info.type]: handler },
    serde,
    catalog: catalogOn(topic),
    publisher,
    logger: createLogger('bench', 'error'),
    fromBeginning: true,
  });
  await runner.start();
  const timeout = setTimeout(() => done(), 300_000);
  await finished;
  clearTimeout(timeout);
  await runner.stop();
  if (handled < records) throw new Error(`our group handled ${handled} of ${records} in 300 s`);
  return (records - 1) / (Number(last - first) / 1e9);
}

export async function runConsumeBench(): Promise<BenchRow[]> {
  const brokers = process.env.KAFKA_BROKERS as string;
  const records = Number(process.env.BENCH_CONSUME_RECORDS ?? 20000);
  const logger = createLogger('bench', 'error');
  const serde = new AvroSerde(new HttpRegistryClient(process.env.SCHEMA_REGISTRY_URL as string));
  await serde.prepare(info);
  const raw = new Kafka({
    clientId: 'bench-admin',
    brokers: brokers.split(','),
    ...kafkaAuth(),
    logLevel: logLevel.NOTHING,
  });
  const admin = raw.admin();
  await admin.connect();
  const runId = randomUUID().slice(0, 8);
  const topic = `bench.consume.${runId}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });

  const kafka = createKafka({ clientId: 'bench', brokers: brokers.split(','), logger });
  const publisher = new EventPublisher(kafka, serde, catalogOn(topic));
  await publisher.connect();
  for (let from = 0; from < records; from += 1000)
    await publisher.publish(
      Array.from({ length: Math.min(1000, records - from) }, (_, k) => envelope(from + k)),
    );

  const javaRate = javaConsumerPerf(brokers, topic, records);
  const decodeOnly = await ourConsumeRate(
    kafka,
    serde,
    publisher,
    topic,
    records,
    async () => undefined,
    false,
  );

  // The ledger's transaction read model: one insert per event, a duplicate meaning "already there".
  const mongo = await connectMongo(process.env.MONGO_URL as string, `bench_consume_${runId}`);
  const transactions = mongo.db.collection<{ _id: string } & Record<string, unknown>>('transactions');
  await transactions.createIndex({ accountId: 1, seq: -1 }, { name: 'by_account_seq' });
  const view = (e: EventEnvelope<LedgerTransactionPostedV1>) => ({
    ...e.payload,
    _id: e.payload.transactionId,
    at: new Date(e.payload.postedAt),
    seq: e.aggregateVersion,
  });
  // As the ledger's read model does (readModelHandlers): one write per consumer batch.
  const written: ReturnType<typeof view>[][] = [];
  const projected = await ourConsumeRate(
    kafka,
    serde,
    publisher,
    topic,
    records,
    (events) => {
      const docs = events.map(view);
      written.push(docs);
      return insertManyOnce(transactions, docs);
    },
    true,
  );
  const stored = await transactions.countDocuments({});
  // The store alone: the raw driver inserting the same documents in the same batches, nothing else running.
  const rawOnly = mongo.db.collection<{ _id: string } & Record<string, unknown>>('transactions_raw');
  await rawOnly.createIndex({ accountId: 1, seq: -1 }, { name: 'by_account_seq' });
  const rawStart = process.hrtime.bigint();
  for (const docs of written) await rawOnly.insertMany(docs, { ordered: false });
  const rawInsertRate = records / (Number(process.hrtime.bigint() - rawStart) / 1e9);
  // And as it did before: one insert per event, on a fresh collection.
  const singles = mongo.db.collection<{ _id: string } & Record<string, unknown>>('transactions_one_by_one');
  const oneByOne = await ourConsumeRate(
    kafka,
    serde,
    publisher,
    topic,
    Math.min(records, 5000),
    ([e]) => (e ? insertOnce(singles, view(e)) : Promise.resolve()),
    false,
  );
  await mongo.db.dropDatabase();
  await mongo.close();
  await publisher.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  if (stored !== records) throw new Error(`projected ${stored} of ${records} transactions`);

  const n = records.toLocaleString('en-US');
  return [
    {
      id: 'B4b',
      name: `consume → project ${n} ledger events (6 partitions) into the transaction read model`,
      ours: {
        label: 'ConsumerRunner, one insertMany per consumer batch',
        value: projected,
        unit: 'records/s',
      },
      reference: { label: 'kafka ConsumerPerformance (fetch rate)', value: javaRate, unit: 'records/s' },
      ratio: projected / javaRate,
      target: 0.3,
      note: `one insert per event (the path before batching): ${Math.round(oneByOne).toLocaleString('en-US')} records/s over ${Math.min(records, 5000).toLocaleString('en-US')} events (${(projected / oneByOne).toFixed(1)}× slower than batched). With a handler that stores nothing: ${Math.round(decodeOnly).toLocaleString('en-US')} records/s, so the store costs ${(1e6 / projected - 1e6 / decodeOnly).toFixed(0)} µs of ${(1e6 / projected).toFixed(0)} µs per record. The store alone (raw driver insertMany of the same documents in the same ${written.length} batches): ${Math.round(rawInsertRate).toLocaleString('en-US')} documents/s, so the target asks ${((0.3 * javaRate) / rawInsertRate).toFixed(1)}× what the store takes. Batches are per partition, in order, committed after the write.`,
    },
    {
      id: 'B4b-decode',
      name: `consume ${n} ledger events, decode and dispatch, store nothing`,
      ours: { label: 'ConsumerRunner, no-op handler', value: decodeOnly, unit: 'records/s' },
      reference: { label: 'kafka ConsumerPerformance (fetch rate)', value: javaRate, unit: 'records/s' },
      ratio: decodeOnly / javaRate,
      target: 0.3,
    },
  ];
}
