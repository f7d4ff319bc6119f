import { connectMongo, upsertIfNewer, upsertManyIfNewer } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// A batch of newest-wins upserts on the real Mongo-wire server: what it leaves
// is what its documents one by one leave, also when an upsert meets a newer
// stored document (a duplicate key at which FerretDB stops the bulk).
it('leaves per id the newest of the batch and of what was stored, with upserts after a duplicate key written', async () => {
  const m = await connectMongo(serverEnv().MONGO_URL, unique('upsert_many').replace(/-/g, '_'));
  stopAfterFile({ stop: () => m.close() }, 'mongo client');
  const c = m.db.collection<{ _id: string; version: number; balance: number }>('t');
  await upsertIfNewer(c, { _id: 'acc-1', version: 9, balance: 900 }, 'version');
  await upsertIfNewer(c, { _id: 'acc-2', version: 1, balance: 100 }, 'version');
  await upsertManyIfNewer(
    c,
    [
      { _id: 'acc-1', version: 5, balance: 500 }, // older than stored: the bulk's first statement fails
      { _id: 'acc-2', version: 3, balance: 300 },
      { _id: 'acc-3', version: 2, balance: 200 },
      { _id: 'acc-2', version: 4, balance: 400 },
      { _id: 'acc-3', version: 2, balance: 999 }, // a tie: the first stays
    ],
    'version',
  );
  expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
    { _id: 'acc-1', version: 9, balance: 900 },
    { _id: 'acc-2', version: 4, balance: 400 },
    { _id: 'acc-3', version: 2, balance: 200 },
  ]);
  // Redelivered: nothing changes.
  await upsertManyIfNewer(c, [{ _id: 'acc-2', version: 4, balance: 400 }], 'version');
  expect(await c.findOne({ _id: 'acc-2' })).toEqual({ _id: 'acc-2', version: 4, balance: 400 });
});
