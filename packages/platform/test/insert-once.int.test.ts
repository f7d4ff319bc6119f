import { connectMongo, insertOnce } from '@cardline/platform';
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
