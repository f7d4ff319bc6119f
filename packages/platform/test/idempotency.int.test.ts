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
    const run = ++runs; // numbered as it starts, so a slow run keeps its own number
    await handle();
    res.status(201).json({ run, amount: req.body.amount });
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
  // supertest sends on then(): start both now, while the one that took the key holds the gate.
  const both = [0, 1].map(() => pay(a, 'agent-1', 'k-dead').then((r) => r));
  // The loser answers while the winner still runs: no timing guess about when both have arrived.
  const first = await Promise.race(both);
  expect(first.status).toBe(409);
  release();
  const statuses = (await Promise.all(both)).map((r) => r.status).sort();
  expect(statuses).toEqual([201, 409]);
  expect(runs()).toBe(1);
});

it('a request whose key was taken over while it ran does not overwrite the answer of the one that took it', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  // Only the first request hangs (past staleMs); the takeover runs at once.
  const { a, runs } = app({ staleMs: 200 }, () => (calls++ === 0 ? gate : Promise.resolve()));
  const slow = pay(a, 'agent-1', 'k-slow').then((r) => r);
  // Wait until the slow one holds the key and runs, then past its staleness.
  while (calls === 0) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 400));
  const takeover = await pay(a, 'agent-1', 'k-slow');
  expect(takeover.status).toBe(201);
  expect(takeover.body).toEqual({ run: 2, amount: 100 });
  release();
  expect((await slow).body).toEqual({ run: 1, amount: 100 });
  // The stored answer is still the takeover's: a retry replays run 2, not the late run 1.
  const retry = await pay(a, 'agent-1', 'k-slow');
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(retry.body).toEqual({ run: 2, amount: 100 });
  expect(runs()).toBe(2);
});

it('a record stored before keys expired (no expiresAt) expires its TTL after it was made', async () => {
  const { a, coll, runs } = app({ ttlMs: 60_000, sweepEveryMs: 0 });
  await coll.insertOne({
    _id: 'POST /v1/pay|agent-1|k-legacy',
    requestHash: createHash('sha256')
      .update(JSON.stringify({ amount: 100 }))
      .digest('hex'),
    state: 'done',
    status: 201,
    body: JSON.stringify({ run: 0, amount: 100 }),
    contentType: 'application/json; charset=utf-8',
    createdAt: new Date(Date.now() - 120_000),
  } as unknown as IdempotencyRecord);
  const again = await pay(a, 'agent-1', 'k-legacy');
  expect(again.headers['idempotent-replayed']).toBeUndefined();
  expect(again.body).toEqual({ run: 1, amount: 100 });
  expect(runs()).toBe(1);
});
