import type { mongo } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/** The keys of T whose values are numbers (versions, epoch milliseconds). */
type NumericKey<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T] & string;

/**
 * Newest wins: stores `doc` unless the stored document's `field` (an
 * aggregate version, an event time) is already newer, so a redelivered or
 * late older event changes nothing. `replaceEqual` lets an equal value
 * overwrite too (the later of two events in one millisecond). One upsert
 * guarded by `$lt`/`$lte`, which FerretDB supports: when a newer document is
 * stored the filter misses it and the upsert's insert meets its `_id`, a
 * duplicate key that means "already newer".
 */
export async function upsertIfNewer<T extends { _id: string }>(
  c: mongo.Collection<T>,
  doc: T,
  field: NumericKey<T>,
  opts: { replaceEqual?: boolean } = {},
): Promise<void> {
  const { _id, ...set } = doc;
  const filter = { _id, [field]: { [opts.replaceEqual ? '$lte' : '$lt']: doc[field] } } as mongo.Filter<T>;
  try {
    await c.updateOne(filter, { $set: set } as mongo.UpdateFilter<T>, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
