import { connectMongo, insertManyOnce, insertOnce } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// A projection's insert-if-absent on the real Mongo-wire server: null fields
// are stored as null (an upsert with $setOnInsert lost them on FerretDB), and
// a redelivery leaves the first document as it was.
it('stores a document once, null fields included', async () => {
  const m = await connectMongo(serverEnv().MONGO_URL, unique('insert_once').replace(/-/g, '_'));
  stopAfterFile({ stop: () => m.close() }, 'mongo client');
  const c = m.db.collection<{ _id: string; direction: string | null; amount: number }>('t');
  await insertOnce(c, { _id: 'txn-1', direction: null, amount: 100 });
  await insertOnce(c, { _id: 'txn-1', direction: 'DEBIT', amount: 999 });
  expect(await c.findOne({ _id: 'txn-1' })).toEqual({ _id: 'txn-1', direction: null, amount: 100 });
});

it('stores a batch in one write: documents already there stay as they were, the new ones are written, other errors still throw', async () => {
  const m = await connectMongo(serverEnv().MONGO_URL, unique('insert_many_once').replace(/-/g, '_'));
  stopAfterFile({ stop: () => m.close() }, 'mongo client');
  const c = m.db.collection<{ _id: string; direction: string | null; amount: number }>('t');
  await insertOnce(c, { _id: 'txn-2', direction: 'CREDIT', amount: 200 });
  // A redelivered batch overlapping what is stored, with a duplicate inside it too.
  await insertManyOnce(c, [
    { _id: 'txn-1', direction: null, amount: 100 },
    { _id: 'txn-2', direction: 'DEBIT', amount: 999 },
    { _id: 'txn-3', direction: 'DEBIT', amount: 300 },
    { _id: 'txn-1', direction: 'DEBIT', amount: 999 },
  ]);
  expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
    { _id: 'txn-1', direction: null, amount: 100 },
    { _id: 'txn-2', direction: 'CREDIT', amount: 200 },
    { _id: 'txn-3', direction: 'DEBIT', amount: 300 },
  ]);
  // An error that is not a duplicate key (a field name the server refuses) throws, after the rest was written.
  await expect(
    insertManyOnce(c, [{ _id: 'txn-4', direction: 'DEBIT', amount: 1 }, { _id: 'txn-5', $bad: 1 } as never]),
  ).rejects.toThrow();
  expect(await c.findOne({ _id: 'txn-4' })).toEqual({ _id: 'txn-4', direction: 'DEBIT', amount: 1 });
});
