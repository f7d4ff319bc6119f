/*
 * B3: the write path on the Mongo-wire server, all in one run on the same
 * server and document shape. Our aggregate save (version-guarded update that
 * appends to the outbox) against the raw driver's updateOne doing the same
 * change; serial updates against one bulkWrite; our projection upsert
 * (upsertIfNewer) against the raw upsert. Also how a conditional update's
 * cost grows with the documents stored beside it (docs/adr/0030).
 */
import { randomUUID } from 'node:crypto';
import {
  AggregateStore,
  connectMongo,
  upsertIfNewer,
  type AggregateDoc,
  type NewEvent,
} from '@cardline/platform';
import type { mongo } from 'mongoose';
import { postedEvent } from './fixtures';
import type { BenchRow } from './report';

/** An account-like aggregate: the ledger's state is about this size. */
interface State {
  accountId: string;
  balance: number;
  limit: number;
  recent: { id: string; amount: number; at: number }[];
}

function state(i: number): State {
  return {
    accountId: `acc_${String(i).padStart(8, '0')}`,
    balance: 1000 + i,
    limit: 500000,
    recent: Array.from({ length: 10 }, (_, k) => ({
      id: `txn_${i}_${k}`,
      amount: 4599 + k,
      at: 1795430400000 + k,
    })),
  };
}

function event(i: number): NewEvent {
  return { type: 'ledger.transaction.posted.v1', payload: postedEvent(i) };
}

async function seed(c: mongo.Collection<AggregateDoc<State>>, n: number): Promise<void> {
  for (let from = 0; from < n; from += 100) {
    await c.insertMany(
      Array.from({ length: Math.min(100, n - from) }, (_, k) => ({
        _id: `agg-${from + k}`,
        version: 1,
        state: state(from + k),
        outbox: [],
        outboxPending: false,
        updatedAt: new Date(),
      })),
    );
  }
}

function perSecond(ops: number, startNs: bigint): number {
  return ops / (Number(process.hrtime.bigint() - startNs) / 1e9);
}

const ctx = { correlationId: 'bench', causationId: null };

export async function runWritePathBench(): Promise<BenchRow[]> {
  const ops = Number(process.env.BENCH_WRITE_OPS ?? 300);
  const mongoHandle = await connectMongo(
    process.env.MONGO_URL as string,
    `bench_write_${randomUUID().slice(0, 8)}`,
  );
  const db = mongoHandle.db;
  try {
    // Save vs raw updateOne: the same change to documents seeded alike,
    // interleaved in rounds so load drift hits both sides evenly.
    const ours = db.collection<AggregateDoc<State>>('ours');
    const raw = db.collection<AggregateDoc<State>>('raw');
    const store = new AggregateStore<State>(ours, 'bench');
    await store.ensureIndexes();
    await raw.createIndex({ outboxPending: 1 }, { name: 'outbox_pending' });
    await seed(ours, ops);
    await seed(raw, ops);
    let oursNs = 0n;
    let rawNs = 0n;
    const rounds = 5;
    const perRound = Math.floor(ops / rounds);
    for (let r = 0; r < rounds; r++) {
      let t = process.hrtime.bigint();
      for (let i = r * perRound; i < (r + 1) * perRound; i++)
        await store.save(`agg-${i}`, 1, state(i + 1), [event(i)], ctx);
      oursNs += process.hrtime.bigint() - t;
      t = process.hrtime.bigint();
      for (let i = r * perRound; i < (r + 1) * perRound; i++) {
        const now = new Date();
        const res = await raw.updateOne({ _id: `agg-${i}`, version: 1 }, {
          $set: { state: state(i + 1), version: 2, updatedAt: now, outboxPending: true },
          $push: {
            outbox: {
              $each: [
                {
                  id: randomUUID(),
                  type: 'ledger.transaction.posted.v1',
                  time: now,
                  correlationId: 'bench',
                  causationId: null,
                  aggregateVersion: 2,
                  payload: postedEvent(i),
                },
              ],
            },
          },
        } as unknown as mongo.UpdateFilter<AggregateDoc<State>>);
        if (res.matchedCount !== 1) throw new Error(`raw update of agg-${i} matched ${res.matchedCount}`);
      }
      rawNs += process.hrtime.bigint() - t;
    }
    const done = rounds * perRound;
    const saveRate = done / (Number(oursNs) / 1e9);
    const rawRate = done / (Number(rawNs) / 1e9);

    // Serial updateOne vs one unordered bulkWrite of the same updates.
    const bulkColl = db.collection<AggregateDoc<State>>('bulk');
    await seed(bulkColl, ops * 2);
    let t = process.hrtime.bigint();
    for (let i = 0; i < ops; i++)
      await bulkColl.updateOne({ _id: `agg-${i}`, version: 1 }, { $set: { version: 2, 'state.balance': i } });
    const serialRate = perSecond(ops, t);
    t = process.hrtime.bigint();
    await bulkColl.bulkWrite(
      Array.from({ length: ops }, (_, k) => ({
        updateOne: {
          filter: { _id: `agg-${ops + k}`, version: 1 },
          update: { $set: { version: 2, 'state.balance': k } },
        },
      })),
      { ordered: false },
    );
    const bulkRate = perSecond(ops, t);

    // Projection upsert: upsertIfNewer vs the raw guarded upsert.
    interface View {
      _id: string;
      version: number;
      balance: number;
      status: string;
    }
    const viewOurs = db.collection<View>('view_ours');
    const viewRaw = db.collection<View>('view_raw');
    let upOursNs = 0n;
    let upRawNs = 0n;
    for (let r = 0; r < rounds; r++) {
      let s = process.hrtime.bigint();
      for (let i = r * perRound; i < (r + 1) * perRound; i++)
        await upsertIfNewer(
          viewOurs,
          { _id: `v-${i % 50}`, version: i, balance: i, status: 'OPEN' },
          'version',
        );
      upOursNs += process.hrtime.bigint() - s;
      s = process.hrtime.bigint();
      for (let i = r * perRound; i < (r + 1) * perRound; i++)
        await viewRaw
          .updateOne(
            { _id: `v-${i % 50}`, version: { $lt: i } },
            { $set: { version: i, balance: i, status: 'OPEN' } },
            { upsert: true },
          )
          .catch(() => undefined);
      upRawNs += process.hrtime.bigint() - s;
    }
    const upOurs = done / (Number(upOursNs) / 1e9);
    const upRaw = done / (Number(upRawNs) / 1e9);

    // Growth: one conditional update by _id + version beside 1k and 10k stored documents.
    const growth: Record<string, number> = {};
    for (const n of [1000, Number(process.env.BENCH_WRITE_GROWTH_MAX ?? 10000)]) {
      const g = db.collection<AggregateDoc<State>>(`growth_${n}`);
      await seed(g, n);
      const probes = 100;
      const s = process.hrtime.bigint();
      for (let i = 0; i < probes; i++)
        await g.updateOne(
          { _id: `agg-${Math.floor((i * n) / probes)}`, version: 1 },
          { $set: { version: 2, 'state.balance': i } },
        );
      growth[n.toLocaleString('en-US')] = Number(process.hrtime.bigint() - s) / 1e6 / probes;
    }
    const sizes = Object.keys(growth);
    const growthRatio = (growth[sizes[1] as string] as number) / (growth[sizes[0] as string] as number);
    const growthNote = sizes.map((k) => `${k} stored: ${(growth[k] as number).toFixed(2)} ms`).join(', ');

    return [
      {
        id: 'B3-save',
        name: `aggregate save: version-guarded update with one outbox event, ${done} serial saves`,
        ours: { label: 'AggregateStore.save', value: saveRate, unit: 'saves/s' },
        reference: { label: 'raw driver updateOne, same change', value: rawRate, unit: 'updates/s' },
        ratio: saveRate / rawRate,
        target: 0.8,
      },
      {
        id: 'B3-bulk',
        name: `${ops} version-guarded updates: one unordered bulkWrite vs one updateOne at a time`,
        ours: { label: 'bulkWrite', value: bulkRate, unit: 'updates/s' },
        reference: { label: 'serial updateOne', value: serialRate, unit: 'updates/s' },
        ratio: bulkRate / serialRate,
        target: 10,
        note: 'FerretDB 1.24 runs each statement of a bulk as its own query and write under the write lock, so a bulk saves only round trips; a real mongod batches them.',
      },
      {
        id: 'B3-project',
        name: `projection upsert, newest wins, ${done} upserts over 50 documents`,
        ours: { label: 'upsertIfNewer', value: upOurs, unit: 'upserts/s' },
        reference: { label: 'raw guarded upsert', value: upRaw, unit: 'upserts/s' },
        ratio: upOurs / upRaw,
        target: 0.8,
      },
      {
        id: 'B3-growth',
        name: 'conditional update by _id + version: cost at 10× the stored documents',
        ours: { label: `${sizes[1]} stored`, value: growth[sizes[1] as string] as number, unit: 'ms/update' },
        reference: {
          label: `${sizes[0]} stored`,
          value: growth[sizes[0] as string] as number,
          unit: 'ms/update',
        },
        ratio: growthRatio,
        target: 0,
        absolute: { text: '≤ 2 (flat, not linear)', met: growthRatio <= 2 },
        note: `${growthNote}. Before the _id pushdown patch (docs/adr/0030) every such update scanned and decoded the whole collection.`,
      },
    ];
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await mongoHandle.close();
  }
}
