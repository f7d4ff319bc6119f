import { mongo } from 'mongoose';
import { insertManyOnce, insertOnce, isDuplicateKey, upsertIfNewer } from '@cardline/platform';

interface CardDoc {
  _id: string;
  status: string;
  version: number;
}

/** A collection that records its updateOne calls and answers with `result`. */
function recording(result: () => Promise<unknown> = async () => ({ acknowledged: true })) {
  const calls: unknown[][] = [];
  const collection = {
    updateOne: async (...args: unknown[]) => {
      calls.push(args);
      return result();
    },
    insertOne: async (...args: unknown[]) => {
      calls.push(['insertOne', ...args]);
      return result();
    },
    insertMany: async (...args: unknown[]) => {
      calls.push(['insertMany', ...args]);
      return result();
    },
  } as unknown as mongo.Collection<CardDoc>;
  return { collection, calls };
}

const duplicateKey = () => Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });

describe('duplicate keys', () => {
  it('are the server error code 11000 and nothing else', () => {
    expect(isDuplicateKey(duplicateKey())).toBe(true);
    expect(isDuplicateKey({ code: 11001 })).toBe(false);
    expect(isDuplicateKey(new Error('E11000 in the message only'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});

describe('upsertIfNewer', () => {
  it('sets the document only where the stored version is older (strictly, by default)', async () => {
    const { collection, calls } = recording();
    await upsertIfNewer(collection, { _id: 'card-1', status: 'FROZEN', version: 4 }, 'version');
    expect(calls).toEqual([
      [{ _id: 'card-1', version: { $lt: 4 } }, { $set: { status: 'FROZEN', version: 4 } }, { upsert: true }],
    ]);
  });

  it('lets an equal value overwrite when asked (the later of two events in one millisecond)', async () => {
    const { collection, calls } = recording();
    await upsertIfNewer(collection, { _id: 'card-1', status: 'ACTIVE', version: 4 }, 'version', {
      replaceEqual: true,
    });
    expect(calls[0]?.[0]).toEqual({ _id: 'card-1', version: { $lte: 4 } });
  });

  it('a newer stored document (the upsert meets its id) is success, any other failure is not', async () => {
    const newer = recording(async () => Promise.reject(duplicateKey()));
    await expect(
      upsertIfNewer(newer.collection, { _id: 'card-1', status: 'ACTIVE', version: 2 }, 'version'),
    ).resolves.toBeUndefined();
    const down = recording(async () =>
      Promise.reject(Object.assign(new Error('down'), { name: 'MongoNetworkError' })),
    );
    await expect(
      upsertIfNewer(down.collection, { _id: 'card-1', status: 'ACTIVE', version: 2 }, 'version'),
    ).rejects.toThrow('down');
  });
});

describe('insertOnce', () => {
  it('inserts by id or leaves the stored document, also when a racing writer got there first', async () => {
    const { collection, calls } = recording();
    const doc = { _id: 'card-1', status: 'ACTIVE', version: 1 };
    await insertOnce(collection, doc);
    expect(calls).toEqual([['insertOne', doc]]);
    const raced = recording(async () => Promise.reject(duplicateKey()));
    await expect(insertOnce(raced.collection, doc)).resolves.toBeUndefined();
    const down = recording(async () => Promise.reject(new Error('down')));
    await expect(insertOnce(down.collection, doc)).rejects.toThrow('down');
  });
});

describe('insertManyOnce', () => {
  const docs = [
    { _id: 'card-1', status: 'ACTIVE', version: 1 },
    { _id: 'card-2', status: 'ACTIVE', version: 1 },
  ];
  const writeError = (code: number, index: number) => ({ code, index, errmsg: `E${code}` });
  /** An unordered insert's failure as the driver throws it; a write concern error stays on its result. */
  const bulkFailure = (codes: number[], writeConcernError?: { code: number; errmsg: string }) =>
    new mongo.MongoBulkWriteError(
      {
        message: `E${codes[0]}`,
        code: codes[0] ?? 0,
        writeErrors: codes.map(writeError) as unknown as mongo.WriteError[],
      },
      { getWriteConcernError: () => writeConcernError } as unknown as mongo.BulkWriteResult,
    );
  const failingWith = (err: unknown) => recording(async () => Promise.reject(err)).collection;
  const notReplicated = { code: 64, errmsg: 'waiting for replication timed out' };

  it('writes the batch in one unordered insert', async () => {
    const { collection, calls } = recording();
    await insertManyOnce(collection, docs);
    expect(calls).toEqual([['insertMany', docs, { ordered: false }]]);
  });

  it('documents already there (every write error a duplicate key) are success', async () => {
    await expect(insertManyOnce(failingWith(bulkFailure([11000, 11000])), docs)).resolves.toBeUndefined();
  });

  it('one write error that is not a duplicate key fails the insert, even when the first is', async () => {
    await expect(insertManyOnce(failingWith(bulkFailure([11000, 2])), docs)).rejects.toThrow('E11000');
  });

  it('a write concern the server did not meet fails the insert, though its write errors are duplicates', async () => {
    await expect(
      insertManyOnce(failingWith(bulkFailure([11000], notReplicated)), docs),
    ).rejects.toBeInstanceOf(mongo.MongoBulkWriteError);
  });

  it('so does a write concern error beside duplicate write errors in the server reply', async () => {
    const reply = new mongo.MongoWriteConcernError({
      ok: 1,
      n: 1,
      writeErrors: [writeError(11000, 0)],
      writeConcernError: notReplicated,
    } as unknown as ConstructorParameters<typeof mongo.MongoWriteConcernError>[0]);
    await expect(insertManyOnce(failingWith(reply), docs)).rejects.toBe(reply);
  });

  it('reads a single write error given as one object, not an array', async () => {
    await expect(
      insertManyOnce(failingWith({ code: 11000, writeErrors: writeError(11000, 0) }), docs),
    ).resolves.toBeUndefined();
    await expect(
      insertManyOnce(failingWith({ code: 2, writeErrors: writeError(2, 0) }), docs),
    ).rejects.toEqual(expect.objectContaining({ code: 2 }));
  });

  it('a failure with no write errors (the network, an empty list) is thrown', async () => {
    await expect(insertManyOnce(failingWith(new Error('down')), docs)).rejects.toThrow('down');
    await expect(
      insertManyOnce(failingWith(Object.assign(new Error('E11000'), { code: 11000, writeErrors: [] })), docs),
    ).rejects.toThrow('E11000');
  });
});
