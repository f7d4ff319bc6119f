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
 * error, or a write concern the server did not meet, is thrown, after the
 * rest were written.
 */
export async function insertManyOnce<T extends { _id: string }>(
  c: mongo.Collection<T>,
  docs: T[],
): Promise<void> {
  if (docs.length === 0) return;
  try {
    await c.insertMany(docs as mongo.OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
  }
}

interface BulkFailure {
  writeErrors?: unknown;
  /** On a MongoWriteConcernError, copied from the server's reply. */
  writeConcernError?: unknown;
  /** On a MongoBulkWriteError: its BulkWriteResult, which keeps the write concern error apart from writeErrors. */
  result?: { getWriteConcernError?: () => unknown };
}

/**
 * A bulk insert's failure that only met stored documents: write errors that
 * are all duplicate keys, and no write concern error (then even the new
 * documents may not be durable).
 */
function onlyDuplicateKeys(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { writeErrors, writeConcernError, result } = err as BulkFailure;
  if (writeConcernError != null || result?.getWriteConcernError?.() != null) return false;
  // The driver types writeErrors as one error or several.
  const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors != null ? [writeErrors] : [];
  return errors.length > 0 && errors.every(isDuplicateKey);
}
