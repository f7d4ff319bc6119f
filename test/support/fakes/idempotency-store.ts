import type { mongo } from 'mongoose';
import type { IdempotencyRecord } from '@cardline/platform';

/**
 * The platform idempotency middleware's collection in memory: the calls it
 * makes (insert, find, conditional update, delete), so a unit test runs the
 * real middleware, replays included.
 */
export function memoryIdempotencyStore(): {
  collection: mongo.Collection<IdempotencyRecord>;
  records: Map<string, IdempotencyRecord>;
} {
  const records = new Map<string, IdempotencyRecord>();
  const same = (a: unknown, b: unknown) =>
    a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  const collection = {
    insertOne: async (doc: IdempotencyRecord) => {
      if (records.has(doc._id)) throw Object.assign(new Error('duplicate key'), { code: 11000 });
      records.set(doc._id, { ...doc });
      return { acknowledged: true, insertedId: doc._id };
    },
    findOne: async (filter: { _id: string }) => records.get(filter._id) ?? null,
    updateOne: async (
      filter: Partial<IdempotencyRecord> & { _id: string },
      update: { $set?: Partial<IdempotencyRecord>; $unset?: Record<string, ''> },
    ) => {
      const doc = records.get(filter._id);
      const matches =
        doc && Object.entries(filter).every(([k, v]) => same(doc[k as keyof IdempotencyRecord], v));
      if (!doc || !matches) return { modifiedCount: 0 };
      const next: Record<string, unknown> = { ...doc, ...update.$set };
      for (const k of Object.keys(update.$unset ?? {})) delete next[k];
      records.set(filter._id, next as unknown as IdempotencyRecord);
      return { modifiedCount: 1 };
    },
    deleteOne: async (filter: { _id: string }) => ({ deletedCount: records.delete(filter._id) ? 1 : 0 }),
    deleteMany: async () => ({ deletedCount: 0 }),
  };
  return { collection: collection as unknown as mongo.Collection<IdempotencyRecord>, records };
}
