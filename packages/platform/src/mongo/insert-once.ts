import type { mongo } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/**
 * Writes a read-model document only if its id is new: a redelivered event
 * (same id) changes nothing, so projections stay idempotent without a
 * separate inbox. Two writers racing on one new id may see a duplicate key:
 * the document is there, which is all this promises.
 */
export async function insertOnce<T extends { _id: string }>(c: mongo.Collection<T>, doc: T): Promise<void> {
  try {
    await c.updateOne({ _id: doc._id } as mongo.Filter<T>, { $setOnInsert: doc } as mongo.UpdateFilter<T>, {
      upsert: true,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
