import fc from 'fast-check';
import type { mongo } from 'mongoose';
import { newestPerId, upsertManyIfNewer } from '@cardline/platform';

// A batch of newest-wins upserts must leave what applying its documents one by
// one with upsertIfNewer leaves, whatever was stored before, on a store that
// runs every statement of an unordered bulk (MongoDB) and on one that stops
// at the first error (FerretDB).

interface BalanceDoc {
  _id: string;
  version: number;
  /** Which document of the batch this is, so a tie shows which one was kept. */
  n: number;
}

type Stored = Map<string, BalanceDoc>;

/** upsertIfNewer's effect on one document, as the oracle and the fake store apply it. */
function applyOne(stored: Stored, doc: BalanceDoc, replaceEqual: boolean): 'matched' | 'upserted' | 'newer' {
  const kept = stored.get(doc._id);
  if (!kept) {
    stored.set(doc._id, doc);
    return 'upserted';
  }
  if (kept.version < doc.version || (replaceEqual && kept.version === doc.version)) {
    stored.set(doc._id, { ...kept, ...doc });
    return 'matched';
  }
  return 'newer';
}

interface Statement {
  updateOne: { filter: { _id: string; version: Record<string, number> }; update: { $set: object } };
}

/**
 * A collection whose bulkWrite and updateOne run the guarded upserts they are
 * given on `stored`, failing a statement that meets a newer document with a
 * duplicate key as the server does.
 */
function store(stored: Stored, stopsAtFirstError: boolean) {
  const bulks: Statement[][] = [];
  let ones = 0;
  const run = (s: Statement['updateOne']) => {
    const [op, version] = Object.entries(s.filter.version)[0] ?? [];
    const doc = { ...s.update.$set, _id: s.filter._id } as BalanceDoc;
    expect(doc.version).toBe(version);
    return applyOne(stored, doc, op === '$lte');
  };
  const duplicateKey = (index: number) => ({ index, code: 11000, errmsg: 'E11000 duplicate key error' });
  const collection = {
    updateOne: async (filter: Statement['updateOne']['filter'], update: { $set: object }) => {
      ones++;
      if (run({ filter, update }) === 'newer')
        throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
    },
    bulkWrite: async (ops: Statement[], options: { ordered?: boolean }) => {
      expect(options).toEqual({ ordered: false });
      bulks.push(ops);
      let [matchedCount, upsertedCount] = [0, 0];
      const writeErrors = [];
      for (const [i, op] of ops.entries()) {
        const outcome = run(op.updateOne);
        if (outcome === 'matched') matchedCount++;
        if (outcome === 'upserted') upsertedCount++;
        if (outcome !== 'newer') continue;
        // FerretDB answers only the one write error, at index 0, and no counts.
        if (stopsAtFirstError)
          throw Object.assign(new Error('E11000'), { writeErrors: [duplicateKey(0)], result: {} });
        writeErrors.push(duplicateKey(i));
      }
      if (writeErrors.length > 0)
        throw Object.assign(new Error('E11000'), {
          writeErrors,
          result: { matchedCount, upsertedCount, getWriteConcernError: () => undefined },
        });
    },
  } as unknown as mongo.Collection<BalanceDoc>;
  return { collection, bulks, ones: () => ones };
}

/** The oracle: the documents applied one by one, in order. */
function oneByOne(before: Stored, docs: BalanceDoc[], replaceEqual: boolean): Stored {
  const stored = new Map(before);
  for (const doc of docs) applyOne(stored, doc, replaceEqual);
  return stored;
}

// Few ids and versions, so a batch repeats ids and ties versions.
const idArb = fc.constantFrom('acc-1', 'acc-2', 'acc-3');
const versionArb = fc.integer({ min: 1, max: 6 });
const batchArb = fc
  .array(fc.record({ _id: idArb, version: versionArb }), { maxLength: 12 })
  .map((docs) => docs.map((d, n) => ({ ...d, n })));
const storedArb = fc
  .uniqueArray(fc.record({ _id: idArb, version: versionArb }), { selector: (d) => d._id })
  .map((docs): Stored => new Map(docs.map((d) => [d._id, { ...d, n: -1 }])));

describe('newestPerId', () => {
  it('keeps per id what applying the batch one by one with upsertIfNewer would store', () => {
    fc.assert(
      fc.property(batchArb, fc.boolean(), (docs, replaceEqual) => {
        const kept = newestPerId(docs, 'version', { replaceEqual });
        expect(new Map(kept.map((d) => [d._id, d]))).toEqual(oneByOne(new Map(), docs, replaceEqual));
        expect(kept.map((d) => d._id)).toEqual([...new Set(docs.map((d) => d._id))]);
      }),
      { numRuns: 500 },
    );
  });

  it('on a tie keeps the first, or the later with replaceEqual', () => {
    const docs = [
      { _id: 'acc-1', version: 2, n: 0 },
      { _id: 'acc-1', version: 2, n: 1 },
    ];
    expect(newestPerId(docs, 'version')).toEqual([docs[0]]);
    expect(newestPerId(docs, 'version', { replaceEqual: true })).toEqual([docs[1]]);
  });
});

describe('upsertManyIfNewer', () => {
  it('leaves what one by one leaves, over any stored documents, from one bulk of an upsert per id', async () => {
    await fc.assert(
      fc.asyncProperty(
        storedArb,
        batchArb,
        fc.boolean(),
        fc.boolean(),
        async (before, docs, replaceEqual, stops) => {
          const stored = new Map(before);
          const { collection, bulks, ones } = store(stored, stops);
          await upsertManyIfNewer(collection, docs, 'version', { replaceEqual });
          expect(stored).toEqual(oneByOne(before, docs, replaceEqual));
          expect(bulks).toHaveLength(docs.length === 0 ? 0 : 1);
          expect(bulks[0]?.length ?? 0).toBe(new Set(docs.map((d) => d._id)).size);
          // One by one only after a store stopped the bulk early.
          if (!stops) expect(ones()).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sends the guarded upserts of upsertIfNewer, unordered', async () => {
    const { collection, bulks } = store(new Map(), false);
    await upsertManyIfNewer(
      collection,
      [
        { _id: 'acc-1', version: 3, n: 0 },
        { _id: 'acc-1', version: 4, n: 1 },
      ],
      'version',
    );
    expect(bulks).toEqual([
      [
        {
          updateOne: {
            filter: { _id: 'acc-1', version: { $lt: 4 } },
            update: { $set: { version: 4, n: 1 } },
            upsert: true,
          },
        },
      ],
    ]);
  });

  it('throws any write error but a duplicate key, and a write concern error', async () => {
    const failing = (err: object) =>
      ({
        bulkWrite: async () => Promise.reject(Object.assign(new Error('bulk failed'), err)),
      }) as unknown as mongo.Collection<BalanceDoc>;
    const doc = { _id: 'acc-1', version: 1, n: 0 };
    const counts = { matchedCount: 0, upsertedCount: 0, getWriteConcernError: () => undefined };
    await expect(
      upsertManyIfNewer(
        failing({ writeErrors: [{ index: 0, code: 11000 }], result: counts }),
        [doc],
        'version',
      ),
    ).resolves.toBeUndefined();
    await expect(
      upsertManyIfNewer(failing({ writeErrors: [{ index: 0, code: 2 }], result: counts }), [doc], 'version'),
    ).rejects.toThrow('bulk failed');
    await expect(
      upsertManyIfNewer(
        failing({
          writeErrors: [{ index: 0, code: 11000 }],
          result: { ...counts, getWriteConcernError: () => ({ code: 64 }) },
        }),
        [doc],
        'version',
      ),
    ).rejects.toThrow('bulk failed');
    await expect(
      upsertManyIfNewer(failing({ writeErrors: [], result: counts }), [doc], 'version'),
    ).rejects.toThrow('bulk failed');
    await expect(upsertManyIfNewer(failing({ name: 'MongoNetworkError' }), [doc], 'version')).rejects.toThrow(
      'bulk failed',
    );
  });
});
