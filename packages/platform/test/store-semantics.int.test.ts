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

/** Typed without Doc's index signature, which the driver's bulk update types cannot take. */
function anyColl(name: string) {
  return handle.db.collection<{ _id: string; version: number; owner?: string; n?: number }>(
    `${name}_${Math.random().toString(36).slice(2, 8)}`,
  );
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

// The embedded build writes a bulk's changes together (docs/adr/0030, patch 6); each statement
// must still see what the statements before it changed, as on MongoDB.
it('each statement of a bulk sees the changes of the statements before it', async () => {
  const c = anyColl('bulkseq');
  await c.insertMany([
    { _id: 'a', version: 1, owner: 'x' },
    { _id: 'b', version: 1, owner: 'x' },
  ]);
  const res = await c.bulkWrite(
    [
      { updateOne: { filter: { _id: 'a', version: 1 }, update: { $set: { version: 2 } } } },
      // Same document again: matches only the version the first statement wrote.
      { updateOne: { filter: { _id: 'a', version: 2 }, update: { $set: { version: 3 } } } },
      { updateOne: { filter: { _id: 'a', version: 2 }, update: { $set: { n: 99 } } } },
      { updateOne: { filter: { _id: 'b', version: 1 }, update: { $set: { owner: 'y' } } } },
      // No _id in the filter: must see b's new owner.
      { updateMany: { filter: { owner: 'y' }, update: { $inc: { version: 10 } } } },
      { updateOne: { filter: { _id: 'c' }, update: { $set: { version: 1 } }, upsert: true } },
      { updateOne: { filter: { _id: 'c', version: 1 }, update: { $set: { version: 2 } } } },
    ],
    { ordered: true },
  );
  expect(res.matchedCount).toBe(5);
  expect(res.upsertedCount).toBe(1);
  const docs = await c.find().sort({ _id: 1 }).toArray();
  expect(docs).toEqual([
    { _id: 'a', version: 3, owner: 'x' },
    { _id: 'b', version: 11, owner: 'y' },
    { _id: 'c', version: 2 },
  ]);
});

it('an updateMany changes every matched document, and a reader sees them all once it returns', async () => {
  const c = coll('many');
  await c.insertMany(
    Array.from({ length: 600 }, (_, i) => ({ _id: `m${i}`, version: 1, flag: i % 2 === 0 })),
  );
  const ids = Array.from({ length: 600 }, (_, i) => `m${i}`);
  const res = await c.updateMany(
    { _id: { $in: ids.slice(0, 450) }, flag: true },
    { $set: { owner: 'lease' } },
  );
  expect(res).toMatchObject({ matchedCount: 225, modifiedCount: 225 });
  expect(await c.countDocuments({ owner: 'lease' })).toBe(225);
  expect(await c.countDocuments({ owner: 'lease', flag: false })).toBe(0);
}, 60000);

it('a bulk statement that fails leaves the statements before it written', async () => {
  const c = anyColl('bulkfail');
  await c.insertMany([
    { _id: 'a', version: 1 },
    { _id: 'b', version: 1, owner: 'b' },
  ]);
  await expect(
    c.bulkWrite(
      [
        { updateOne: { filter: { _id: 'a', version: 1 }, update: { $set: { version: 2 } } } },
        // Changes the immutable _id: refused.
        { updateOne: { filter: { _id: 'b' }, update: { $set: { _id: 'z' } } } },
        { updateOne: { filter: { _id: 'a', version: 2 }, update: { $set: { version: 3 } } } },
      ],
      { ordered: true },
    ),
  ).rejects.toThrow();
  expect(await c.findOne({ _id: 'a' })).toEqual({ _id: 'a', version: 2 });
  expect(await c.findOne({ _id: 'b' })).toEqual({ _id: 'b', version: 1, owner: 'b' });
});
