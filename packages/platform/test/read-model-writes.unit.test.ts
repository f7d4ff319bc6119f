import type { mongo } from 'mongoose';
import { insertOnce, isDuplicateKey, upsertIfNewer } from '@cardline/platform';

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
