/*
 * B1: produce ceiling. Our publisher (Avro serde + CloudEvents headers,
 * idempotent, acks=all) vs Kafka's own ProducerPerformance tool, same broker,
 * same record size, same run. Also the outbox relay draining Mongo, and how
 * our cost grows with batch size.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import {
  AggregateStore,
  AvroSerde,
  EventPublisher,
  HttpRegistryClient,
  toRecord,
  type ProducerTuning,
  OutboxRelay,
  connectMongo,
  createKafka,
  createLogger,
  kafkaAuth,
  kafkaSaslFromEnv,
  type AggregateDoc,
  type EventEnvelope,
} from '@cardline/platform';
import { eventTypes } from '@cardline/schemas';
import { postedEvent } from './fixtures';
import type { BenchRow } from './report';
import { kafkajsEncodeCost } from './kafkajs-encode-cost';

const info = eventTypes.get('ledger.transaction.posted.v1');
if (!info) throw new Error('posted.v1 missing');
const catalog = {
  get: (t: string) =>
    t === info.type ? { ...info, topic: process.env.BENCH_TOPIC ?? info.topic } : undefined,
};

function envelope(i: number): EventEnvelope {
  const p = postedEvent(i);
  return {
    id: randomUUID(),
    type: info!.type,
    source: 'ledger',
    subject: p.accountId.slice(0, -4) + String(i % 1000).padStart(4, '0'),
    time: new Date(),
    correlationId: randomUUID(),
    causationId: null,
    aggregateVersion: i,
    payload: p,
  };
}

/** client.properties for the Java tools: the same principal as ours (docs/adr/0029-kafka-principals-acls.md). */
function javaClientConfig(): string[] {
  const sasl = kafkaSaslFromEnv();
  if (!sasl) return [];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kafka-')), 'client.properties');
  fs.writeFileSync(
    file,
    [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-512',
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${sasl.username}" password="${sasl.password}";`,
    ].join('\n'),
    { mode: 0o600 },
  );
  return ['--producer.config', file];
}

function javaProducerPerf(brokers: string, topic: string, records: number, size: number): number {
  const cache = process.env.CARDLINE_CACHE ?? path.join(os.homedir(), '.cache', 'cardline');
  const tools = path.join(cache, `kafka-${process.env.KAFKA_VERSION ?? '4.1.1'}`, 'tools', '*');
  const config = javaClientConfig();
  let out: string;
  try {
    out = execFileSync(
      'java',
      [
        '-Xmx512m',
        '-cp',
        tools,
        'org.apache.kafka.tools.ProducerPerformance',
        '--topic',
        topic,
        '--num-records',
        String(records),
        '--record-size',
        String(size),
        '--throughput',
        '-1',
        ...config,
        '--producer-props',
        'acks=all',
        `bootstrap.servers=${brokers}`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } finally {
    // The file holds the principal's password.
    if (config[1]) fs.rmSync(path.dirname(config[1]), { recursive: true, force: true });
  }
  // Last summary line: "N records sent, X records/sec (Y MB/sec), ..."
  const m = /(\d+) records sent, ([\d.]+) records\/sec/.exec(out.trim().split('\n').pop() ?? '');
  if (!m) throw new Error(`cannot read ProducerPerformance output:\n${out}`);
  return Number(m[2]);
}

async function ourPublisherRate(publisher: EventPublisher, records: number, batch: number): Promise<number> {
  const events = Array.from({ length: batch }, (_, i) => envelope(i));
  await publisher.publish(events.slice(0, Math.min(batch, 500))); // warm up: connections, schema id
  const start = process.hrtime.bigint();
  for (let sent = 0; sent < records; sent += batch) await publisher.publish(events);
  return records / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function runProduceBench(): Promise<BenchRow[]> {
  const brokers = process.env.KAFKA_BROKERS as string;
  const records = Number(process.env.BENCH_RECORDS ?? 100000);
  const logger = createLogger('bench', 'error');
  const serde = new AvroSerde(new HttpRegistryClient(process.env.SCHEMA_REGISTRY_URL as string));
  await serde.prepare(info!);
  const size = serde.encode(info!.subject, postedEvent(1)).length;

  const admin = new Kafka({
    clientId: 'bench-admin',
    brokers: brokers.split(','),
    ...kafkaAuth(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const runId = randomUUID().slice(0, 8);
  const oursTopic = `bench.ours.${runId}`;
  const javaTopic = `bench.java.${runId}`;
  process.env.BENCH_TOPIC = oursTopic;
  await admin.createTopics({
    topics: [oursTopic, javaTopic].map((topic) => ({ topic, numPartitions: 6 })),
    waitForLeaders: true,
  });

  const javaRate = javaProducerPerf(brokers, javaTopic, records, size);
  const publisherWith = (tuning: ProducerTuning = {}) =>
    new EventPublisher(
      createKafka({ clientId: 'bench', brokers: brokers.split(','), logger }),
      serde,
      catalog,
      undefined,
      tuning,
    );
  const publisher = publisherWith();
  await publisher.connect();
  const scaling: Record<string, number> = {};
  for (const b of [100, 1000, 5000])
    scaling[`batch ${b}`] = await ourPublisherRate(publisher, Math.max(records / (b === 100 ? 4 : 1), b), b);
  const ours = scaling['batch 1000'] as number;
  // The tunable settings (producer-tuning.ts), each on its own producer, same topic, same run.
  const tuned: Record<string, number> = {};
  for (const [name, tuning, batch] of [
    ['gzip, batch 1000', { compression: 'gzip' }, 1000],
    ['batch 5000 sent as requests of 1000', { maxRecordsPerRequest: 1000 }, 5000],
  ] as const) {
    const p = publisherWith(tuning);
    await p.connect();
    tuned[name] = await ourPublisherRate(p, records, batch);
    await p.disconnect();
  }
  const encode = await kafkajsEncodeCost(
    Array.from({ length: 1000 }, (_, i) => {
      const e = envelope(i);
      return toRecord(e, oursTopic, serde.encode(info!.subject, e.payload));
    }),
  );

  // The outbox relay: events already stored in Mongo, drained to Kafka.
  const mongo = await connectMongo(process.env.MONGO_URL as string, `bench_${runId}`);
  const coll = mongo.db.collection<AggregateDoc<{ n: number }>>('aggs');
  const store = new AggregateStore<{ n: number }>(coll, 'bench');
  await store.ensureIndexes();
  const relayEvents = Number(process.env.BENCH_RELAY_EVENTS ?? 5000);
  const perAgg = 10;
  for (let a = 0; a < relayEvents / perAgg; a++) {
    await store.save(
      `agg-${a}`,
      0,
      { n: perAgg },
      Array.from({ length: perAgg }, (_, i) => ({ type: info!.type, payload: postedEvent(a * perAgg + i) })),
      { correlationId: 'bench', causationId: null },
    );
  }
  const relay = new OutboxRelay({
    collection: coll as never,
    publisher,
    source: 'bench',
    logger,
    batchSize: 500,
  });
  const t0 = process.hrtime.bigint();
  while ((await relay.runOnce()) > 0);
  const relayRate = relayEvents / (Number(process.hrtime.bigint() - t0) / 1e9);
  await mongo.db.dropDatabase();
  await mongo.close();
  await publisher.disconnect();
  await admin.deleteTopics({ topics: [oursTopic, javaTopic] }).catch(() => undefined);
  await admin.disconnect();

  const rates = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}: ${Math.round(v).toLocaleString('en-US')}/s`)
      .join(', ');
  const scalingNote = rates(scaling);
  const encodeNote = encode
    ? ` Encoding the produce request takes ${encode.ours.withHeaders.toFixed(1)} µs a record with our record encoder (${encode.ours.withoutHeaders.toFixed(1)} µs without the headers), a ceiling of ${Math.round(1e6 / encode.ours.withHeaders).toLocaleString('en-US')}/s on one core before the socket; kafkajs's own encoder, same run: ${encode.kafkajs.withHeaders.toFixed(1)} µs (${encode.kafkajs.withoutHeaders.toFixed(1)} without the headers), docs/adr/0037.`
    : '';
  return [
    {
      id: 'B1',
      name: `produce ${records.toLocaleString('en-US')} ledger events of ${size} B, acks=all, idempotent`,
      ours: { label: 'EventPublisher, batches of 1000', value: ours, unit: 'records/s' },
      reference: { label: 'kafka ProducerPerformance', value: javaRate, unit: 'records/s' },
      ratio: ours / javaRate,
      target: 0.5,
      note: `our publisher by batch size (cost per record vs load): ${scalingNote}; tuned (KAFKA_COMPRESSION, KAFKA_MAX_RECORDS_PER_REQUEST): ${rates(tuned)}. Each of our records also carries 9–11 CloudEvents headers (~400 B) that ProducerPerformance records do not.${encodeNote}`,
    },
    {
      id: 'B1-relay',
      name: `outbox relay: ${relayEvents.toLocaleString('en-US')} stored events from the Mongo-wire server to Kafka`,
      ours: { label: 'OutboxRelay, 500 aggregates a round', value: relayRate, unit: 'records/s' },
      reference: { label: 'kafka ProducerPerformance', value: javaRate, unit: 'records/s' },
      ratio: relayRate / javaRate,
      target: 0.1,
      note: 'bound by the Mongo-wire server: each aggregate is read once and written twice a round (the lease and the acknowledgement, each one updateMany for up to 500 of them), each document write 1–2 ms on FerretDB/SQLite (B3); docs/adr/0030, docs/adr/0034, docs/adr/0041.',
    },
  ];
}
