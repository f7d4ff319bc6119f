import type { mongo } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/**
 * Writes a read-model document only if its id is new: a redelivered event
 * (same id) changes nothing, so projections stay idempotent without a
 * separate inbox. A plain insert whose duplicate key means "already there":
 * an upsert with `$setOnInsert` would be one round trip too, but FerretDB
 * 1.24 drops its null fields (seen by test/openapi-responses.e2e.test.ts:
 * declined transactions lost `direction: null` and the like).
 */
export async function insertOnce<T extends { _id: string }>(c: mongo.Collection<T>, doc: T): Promise<void> {
  try {
    await c.insertOne(doc as mongo.OptionalUnlessRequiredId<T>);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
