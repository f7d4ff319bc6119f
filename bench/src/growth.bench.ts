/*
 * B6: how cost grows with what is stored, and what a command waits for under
 * load (issue 19, "how cost grows"). All on the same servers in one run.
 * - B6-relay: the outbox relay draining the same 2,000 events (200 aggregates
 *   × 10) beside 1k, 10k and 100k aggregates already relayed.
 * - B6-project: projection upserts (upsertIfNewer) into a read model already
 *   holding 1k, 10k and 100k documents.
 * - B6-p99-*: a command's latency (AggregateStore.save of one event, what a
 *   service's write does) at 10, 50 and 90 % of the relay's ceiling for that
 *   workload, with the relay running beside it, open loop.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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
  kafkaAuth,
  upsertIfNewer,
  type AggregateDoc,
  type NewEvent,
} from '@cardline/platform';
import { eventTypes } from '@cardline/schemas';
import type { mongo } from 'mongoose';
import { postedEvent } from './fixtures';
import type { BenchRow } from './report';

const info = eventTypes.get('ledger.transaction.posted.v1');
if (!info) throw new Error('posted.v1 missing');
const posted = info;

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 10);
// The gateway's latency objective: 99 % of requests within 250 ms (docs/architecture.md, "Prometheus and alerts").
const P99_OBJECTIVE_MS = 250;

type Aggs = mongo.Collection<AggregateDoc<{ n: number }>>;

const event = (i: number): NewEvent => ({ type: posted.type, payload: postedEvent(i) });
const meta = { correlationId: 'bench', causationId: null };

/** Fills a collection with n documents made by `doc`, 1,000 an insert. */
async function fill<T extends { _id: string }>(
  c: mongo.Collection<T>,
  from: number,
  to: number,
  doc: (i: number) => T,
) {
  for (let i = from; i < to; i += 1000)
    await c.insertMany(
      Array.from({ length: Math.min(1000, to - i) }, (_, k) =>
        doc(i + k),
      ) as mongo.OptionalUnlessRequiredId<T>[],
    );
}

const relayed = (i: number): AggregateDoc<{ n: number }> => ({
  _id: `old-${i}`,
  version: 3,
  state: { n: i },
  outbox: [],
  outboxPending: false,
  updatedAt: new Date(),
});

async function drain(relay: OutboxRelay): Promise<number> {
  let published = 0;
  for (let n = await relay.runOnce(); n > 0; n = await relay.runOnce()) published += n;
  return published;
}

/** Runs `fn` with the relay's rounds running beside it (one at a time), then drains what is left. */
async function relayedWhile(relay: OutboxRelay, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  let running = true;
  let published = 0;
  const rounds = (async () => {
    while (running) {
      const n = await relay.runOnce();
      published += n;
      if (n === 0) await sleep(5);
    }
  })();
  await fn();
  running = false;
  await rounds;
  published += await drain(relay);
  return { published, seconds: (performance.now() - t0) / 1000 };
}

let cursor = 0;
/** The next aggregate not being written, round robin: commands spread over all of them, as a floor's accounts do. */
function nextFree(versions: number[]): number {
  for (let k = 0; k < versions.length; k++) {
    cursor = (cursor + 1) % versions.length;
    if ((versions[cursor] as number) >= 0) return cursor;
  }
  return -1;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Saves one event on a random one of `aggs` aggregates at `rate` a second for LOAD_S, open loop. */
async function commandsAt(store: AggregateStore<{ n: number }>, versions: number[], rate: number) {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let sent = 0;
  let conflicts = 0;
  while (performance.now() - start < LOAD_S * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) {
      // A free aggregate, so a conflict is never the cause of a slow command.
      const a = nextFree(versions);
      if (a < 0) break;
      const v = versions[a] as number;
      versions[a] = -1;
      const t = performance.now();
      const p = store
        .save(`live-${a}`, v, { n: v + 1 }, [event(sent)], meta)
        .then(
          () => {
            versions[a] = v + 1;
          },
          () => {
            conflicts++;
            versions[a] = v;
          },
        )
        .finally(() => {
          latencies.push(performance.now() - t);
          inFlight.delete(p);
        });
      inFlight.add(p);
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
  const achieved = latencies.length / ((performance.now() - start) / 1000);
  return { latencies, achieved, conflicts };
}

export async function runGrowthBench(): Promise<BenchRow[]> {
  const brokers = process.env.KAFKA_BROKERS as string;
  const logger = createLogger('bench', 'error');
  const serde = new AvroSerde(new HttpRegistryClient(process.env.SCHEMA_REGISTRY_URL as string));
  await serde.prepare(posted);
  const runId = randomUUID().slice(0, 8);
  const topic = `bench.growth.${runId}`;
  const admin = new Kafka({
    clientId: 'bench-admin',
    brokers: brokers.split(','),
    ...kafkaAuth(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  const publisher = new EventPublisher(
    createKafka({ clientId: 'bench', brokers: brokers.split(','), logger }),
    serde,
    {
      get: (t: string) => (t === posted.type ? { ...posted, topic } : undefined),
    },
  );
  await publisher.connect();
  const m = await connectMongo(process.env.MONGO_URL as string, `bench_growth_${runId}`);
  try {
    const aggs = m.db.collection('aggs') as unknown as Aggs;
    const store = new AggregateStore<{ n: number }>(aggs, 'bench');
    await store.ensureIndexes();
    const relay = new OutboxRelay({
      collection: aggs as never,
      publisher,
      source: 'bench',
      logger,
      batchSize: 500,
    });
    interface View {
      _id: string;
      version: number;
      balance: number;
      status: string;
    }
    const view = m.db.collection<View>('view');

    // Growth: the same work beside more and more stored documents.
    const relayRate: Record<number, number> = {};
    const projectRate: Record<number, number> = {};
    let stored = 0;
    for (const [s, size] of SIZES.entries()) {
      await fill(aggs, stored, size, relayed);
      await fill(view, stored, size, (i) => ({ _id: `old-${i}`, version: 1, balance: i, status: 'OPEN' }));
      stored = size;
      for (let a = 0; a < 200; a++)
        await store.save(
          `batch${s}-${a}`,
          0,
          { n: 10 },
          Array.from({ length: 10 }, (_, k) => event(a * 10 + k)),
          meta,
        );
      let t = performance.now();
      await drain(relay);
      relayRate[size] = 2000 / ((performance.now() - t) / 1000);
      t = performance.now();
      for (let i = 0; i < 500; i++)
        await upsertIfNewer(
          view,
          { _id: `v${s}-${i % 100}`, version: i + 1, balance: i, status: 'OPEN' },
          'version',
        );
      projectRate[size] = 500 / ((performance.now() - t) / 1000);
    }

    // The relay's ceiling for one-event commands: 8 writers save as fast as they can while
    // the relay runs beside them; events published a second until it has caught up.
    const versions = Array.from({ length: 1000 }, () => 0);
    const closedLoop = async () => {
      const end = performance.now() + LOAD_S * 1000;
      for (let w = 0; performance.now() < end; w++) {
        const a = nextFree(versions);
        const v = versions[a] as number;
        versions[a] = -1;
        await store.save(`live-${a}`, v, { n: v + 1 }, [event(w)], meta).then(
          () => (versions[a] = v + 1),
          () => (versions[a] = v),
        );
      }
    };
    const full = await relayedWhile(relay, () => Promise.all(Array.from({ length: 8 }, closedLoop)));
    const ceiling = full.published / full.seconds;

    const loads: {
      share: number;
      rate: number;
      p99: number;
      p50: number;
      achieved: number;
      conflicts: number;
    }[] = [];
    for (const share of [0.1, 0.5, 0.9]) {
      const rate = ceiling * share;
      let r: Awaited<ReturnType<typeof commandsAt>> | undefined;
      await relayedWhile(relay, async () => {
        r = await commandsAt(store, versions, rate);
      });
      if (!r) throw new Error('no load run');
      loads.push({
        share,
        rate,
        p99: pct(r.latencies, 99),
        p50: pct(r.latencies, 50),
        achieved: r.achieved,
        conflicts: r.conflicts,
      });
    }

    const first = SIZES[0] as number;
    const last = SIZES[SIZES.length - 1] as number;
    const fmt = (o: Record<number, number>) =>
      SIZES.map(
        (n) => `${n.toLocaleString('en-US')} stored: ${Math.round(o[n] as number).toLocaleString('en-US')}/s`,
      ).join(', ');
    const n = (x: number) => x.toLocaleString('en-US');
    /** The rate beside the most stored documents against the rate beside the fewest: flat is 1. */
    const growthRow = (
      id: string,
      name: string,
      rates: Record<number, number>,
      unit: string,
      note: string,
    ): BenchRow => ({
      id,
      name,
      ours: { label: `${n(last)} stored`, value: rates[last] as number, unit },
      reference: { label: `${n(first)} stored`, value: rates[first] as number, unit },
      ratio: (rates[last] as number) / (rates[first] as number),
      target: 0.5,
      note,
    });
    const rows: BenchRow[] = [
      growthRow(
        'B6-relay',
        `outbox relay, 2,000 events, beside ${n(last)} stored aggregates vs ${n(first)}`,
        relayRate,
        'records/s',
        `${fmt(relayRate)}. The claim reads by the indexed outboxPending flag and writes by _id (docs/adr/0030), so cost should not follow the stored count.`,
      ),
      growthRow(
        'B6-project',
        `projection upsert (upsertIfNewer), 500 upserts, into ${n(last)} stored documents vs ${n(first)}`,
        projectRate,
        'upserts/s',
        fmt(projectRate),
      ),
      ...loads.map((l): BenchRow => ({
        id: `B6-p99-${Math.round(l.share * 100)}`,
        name: `command latency (one save) at ${Math.round(l.share * 100)} % of the relay ceiling, relay running`,
        ours: { label: `p99 at ${Math.round(l.rate)} commands/s asked`, value: l.p99, unit: 'ms' },
        reference: { label: 'the gateway latency objective', value: P99_OBJECTIVE_MS, unit: 'ms' },
        ratio: P99_OBJECTIVE_MS / l.p99,
        target: 1,
        absolute: { text: `p99 ≤ ${P99_OBJECTIVE_MS} ms`, met: l.p99 <= P99_OBJECTIVE_MS },
        note: `ceiling ${Math.round(ceiling)} events/s (8 writers saving one event each, relay beside them, until it caught up); asked ${Math.round(l.rate)}/s, done ${Math.round(l.achieved)}/s over ${LOAD_S} s; p50 ${l.p50.toFixed(1)} ms${l.conflicts ? `; ${l.conflicts} version conflicts` : ''}`,
      })),
    ];
    return rows;
  } finally {
    await m.db.dropDatabase().catch(() => undefined);
    await m.close();
    await publisher.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
