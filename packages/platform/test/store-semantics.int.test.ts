import { connectMongo, ensureIndexes } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';

// What the platform needs of its Mongo-wire store, held against the real
// server (the embedded FerretDB build patches these paths, docs/adr/0030):
// conditional single-document writes are atomic, queries narrowed by _id or
// by an indexed field still match exactly what MongoDB matches, and a bulk
// larger than the server's connection pool completes.

let handle: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  handle = await connectMongo(serverEnv().MONGO_URL, unique('store_semantics').replace(/-/g, '_'));
});

afterAll(async () => {
  await handle.db.dropDatabase().catch(() => undefined);
  await handle.close();
});

interface Doc {
  _id: string;
  version: number;
  flag?: unknown;
  owner?: unknown;
  [field: string]: unknown;
  n?: number;
}

function coll(name: string) {
  return handle.db.collection<Doc>(`${name}_${Math.random().toString(36).slice(2, 8)}`);
}

it('20 concurrent updates guarded by the same version: exactly one matches', async () => {
  const c = coll('race');
  await c.insertOne({ _id: 'agg-1', version: 7 });
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      c.updateOne({ _id: 'agg-1', version: 7 }, { $set: { version: 8, n: i } }),
    ),
  );
  expect(results.filter((r) => r.matchedCount === 1)).toHaveLength(1);
  expect(await c.findOne({ _id: 'agg-1' })).toMatchObject({ version: 8 });
});

it('a filter with _id and other conditions matches by all of them', async () => {
  const c = coll('idplus');
  await c.insertMany([
    { _id: 'a', version: 1 },
    { _id: 'b', version: 2 },
  ]);
  expect((await c.updateOne({ _id: 'a', version: 2 }, { $set: { n: 1 } })).matchedCount).toBe(0);
  expect((await c.updateOne({ _id: 'b', version: 2 }, { $set: { n: 1 } })).matchedCount).toBe(1);
  expect(await c.countDocuments({ _id: { $in: ['a', 'b', 'zz'] }, version: { $gte: 1 } })).toBe(2);
  expect(await c.countDocuments({ _id: { $in: ['a'] }, version: 2 })).toBe(0);
  expect((await c.deleteMany({ _id: { $in: ['a', 'b'] }, version: 1 })).deletedCount).toBe(1);
});

it('equality on an indexed field matches scalars and arrays holding the value, as MongoDB does', async () => {
  const c = coll('flags');
  await ensureIndexes(c, [
    { key: { flag: 1 }, name: 'by_flag' },
    { key: { owner: 1 }, name: 'by_owner' },
  ]);
  await c.insertMany([
    { _id: 't', version: 1, flag: true, owner: 'relay-1' },
    { _id: 'f', version: 1, flag: false, owner: 'relay-2' },
    { _id: 'arr', version: 1, flag: [false, true], owner: ['relay-1', 'x'] },
    { _id: 'str', version: 1, flag: 'true', owner: 'relay-1 ' },
    { _id: 'none', version: 1 },
    { _id: 'odd', version: 1, owner: 'rélay "1" <a&b>' },
  ]);
  const ids = async (filter: object) =>
    (await c.find(filter).toArray()).map((d) => d._id).sort((a, b) => a.localeCompare(b));
  expect(await ids({ flag: true })).toEqual(['arr', 't']);
  expect(await ids({ flag: false })).toEqual(['arr', 'f']);
  expect(await ids({ flag: 'true' })).toEqual(['str']);
  expect(await ids({ owner: 'relay-1' })).toEqual(['arr', 't']);
  expect(await ids({ owner: 'relay-1', flag: true, version: 1 })).toEqual(['arr', 't']);
  expect(await ids({ owner: 'rélay "1" <a&b>' })).toEqual(['odd']);
  expect(await ids({ flag: true, $or: [{ owner: 'relay-2' }, { owner: 'x' }] })).toEqual(['arr']);
  expect((await c.updateMany({ flag: true }, { $set: { n: 1 } })).matchedCount).toBe(2);
});

it('fields named like SQLite’s row id are found by equality', async () => {
  const c = coll('rowid');
  await c.insertMany([{ _id: 'r', version: 1, rowid: 'x', oid: true, _rowid_: 'y' } as Doc]);
  expect(await c.countDocuments({ rowid: 'x' } as object)).toBe(1);
  expect(await c.countDocuments({ oid: true } as object)).toBe(1);
  expect(await c.countDocuments({ _rowid_: 'y', _id: 'r' } as object)).toBe(1);
});

it('a bulk of 300 updates and an insert of 300 documents complete', async () => {
  const c = coll('bulk');
  await c.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, version: 1 })));
  const res = await c.bulkWrite(
    Array.from({ length: 300 }, (_, i) => ({
      updateOne: { filter: { _id: `d${i}`, version: 1 }, update: { $set: { version: 2 } } },
    })),
    { ordered: false },
  );
  expect(res.matchedCount).toBe(300);
  expect(await c.countDocuments({ version: 2 })).toBe(300);
}, 60000);
