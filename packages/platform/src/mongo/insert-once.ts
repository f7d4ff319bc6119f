import type { mongo } from 'mongoose';

/**
 * Writes a read-model document only if its id is new: a redelivered event
 * (same id) changes nothing, so projections stay idempotent without a
 * separate inbox.
 */
export async function insertOnce<T extends { _id: string }>(c: mongo.Collection<T>, doc: T): Promise<void> {
  await c.updateOne({ _id: doc._id } as mongo.Filter<T>, { $setOnInsert: doc } as mongo.UpdateFilter<T>, {
    upsert: true,
  });
}
