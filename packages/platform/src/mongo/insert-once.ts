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

/**
 * insertOnce for many documents in one round trip: an unordered insert whose
 * duplicate keys (documents already there) are not errors. Any other write
 * error is thrown, after the rest were written.
 */
export async function insertManyOnce<T extends { _id: string }>(
  c: mongo.Collection<T>,
  docs: T[],
): Promise<void> {
  if (docs.length === 0) return;
  try {
    await c.insertMany(docs as mongo.OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
    if (!errors || errors.length === 0 || errors.some((e) => e.code !== 11000)) throw err;
  }
}
