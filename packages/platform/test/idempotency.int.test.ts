import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { connectMongo, idempotency, problemHandler, type IdempotencyRecord } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// Idempotency-Key records on the real Mongo-wire server: scoped per caller,
// expiring after their TTL, and taken over atomically.
let mongo: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  mongo = await connectMongo(serverEnv().MONGO_URL, unique('idem_test').replace(/-/g, '_'));
  stopAfterFile({ stop: () => mongo.close() }, 'mongo client');
});

function app(o: Parameters<typeof idempotency>[1], handle: () => Promise<unknown> = async () => undefined) {
  const coll = mongo.db.collection<IdempotencyRecord>(unique('keys'));
  let runs = 0;
  const a = express();
  a.use(express.json());
  a.use((req, _res, next) => {
    req.principal = { subject: req.header('x-who') ?? 'nobody', roles: ['agent'] } as never;
    next();
  });
  a.post('/v1/pay', idempotency(coll, o), async (req, res) => {
    runs++;
    await handle();
    res.status(201).json({ run: runs, amount: req.body.amount });
  });
  a.use(problemHandler());
  return { a, coll, runs: () => runs };
}

const pay = (a: express.Express, who: string, key: string, amount = 100) =>
  request(a).post('/v1/pay').set({ 'x-who': who, 'idempotency-key': key }).send({ amount });

it('a retry by the same caller replays the stored answer; another caller with the same key is a new request', async () => {
  const { a, runs } = app({});
  const first = await pay(a, 'agent-1', 'k1');
  const retry = await pay(a, 'agent-1', 'k1');
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(retry.body).toEqual(first.body);
  const other = await pay(a, 'agent-2', 'k1');
  expect(other.headers['idempotent-replayed']).toBeUndefined();
  expect(runs()).toBe(2);
  const mismatch = await pay(a, 'agent-1', 'k1', 999);
  expect(mismatch.status).toBe(422);
});

it('a key expires after its TTL: the record is swept and the key runs again', async () => {
  const { a, coll, runs } = app({ ttlMs: 300, sweepEveryMs: 0 });
  await pay(a, 'agent-1', 'k-old');
  const stored = await coll.findOne({});
  expect(stored?.expiresAt.getTime()).toBeGreaterThan(stored?.createdAt.getTime() ?? Infinity);
  await new Promise((r) => setTimeout(r, 400));
  const again = await pay(a, 'agent-1', 'k-old', 250);
  expect(again.status).toBe(201);
  expect(again.headers['idempotent-replayed']).toBeUndefined();
  expect(again.body).toEqual({ run: 2, amount: 250 });
  expect(runs()).toBe(2);
  // The sweep on that request deleted the expired record of another key.
  await pay(a, 'agent-1', 'k-short');
  await new Promise((r) => setTimeout(r, 400));
  await pay(a, 'agent-1', 'k-trigger');
  await new Promise((r) => setTimeout(r, 100));
  const ids = (await coll.find({}).toArray()).map((d) => d._id.split('|').pop());
  expect(ids).not.toContain('k-short');
});

it('two retries of a request that died mid-way cannot both take its key over', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const { a, coll, runs } = app({ staleMs: 2000 }, () => gate);
  // A record left in progress by a request that died long ago.
  await coll.insertOne({
    _id: 'POST /v1/pay|agent-1|k-dead',
    requestHash: createHash('sha256')
      .update(JSON.stringify({ amount: 100 }))
      .digest('hex'),
    state: 'in-progress',
    createdAt: new Date(Date.now() - 60_000),
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  // supertest sends on then(): start both now, while the first holds the gate.
  const both = [0, 1].map(() => pay(a, 'agent-1', 'k-dead').then((r) => r));
  await new Promise((r) => setTimeout(r, 300));
  release();
  const statuses = (await Promise.all(both)).map((r) => r.status).sort();
  expect(statuses).toEqual([201, 409]);
  expect(runs()).toBe(1);
});
