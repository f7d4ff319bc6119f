import type { mongo } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/** The keys of T whose values are numbers (versions, epoch milliseconds). */
type NumericKey<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T] & string;

interface NewerOptions {
  replaceEqual?: boolean;
}

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
  opts: NewerOptions = {},
): Promise<void> {
  const { filter, update } = guardedUpsert(doc, field, opts);
  try {
    await c.updateOne(filter, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * upsertIfNewer for a consumer batch in one round trip: the newest document
 * per `_id` (newestPerId), then one unordered `bulkWrite` of the same guarded
 * upserts. Duplicate keys are "already newer", as in upsertIfNewer; any other
 * write error or a write concern error is thrown. Each document must carry
 * every field its collection's documents have: a batch keeps one per `_id`,
 * where one by one a `$set` of fewer fields would leave an older one's.
 */
export async function upsertManyIfNewer<T extends { _id: string }>(
  c: mongo.Collection<T>,
  docs: T[],
  field: NumericKey<T>,
  opts: NewerOptions = {},
): Promise<void> {
  const newest = newestPerId(docs, field, opts);
  if (newest.length === 0) return;
  const ops = newest.map((doc) => ({ updateOne: { ...guardedUpsert(doc, field, opts), upsert: true } }));
  try {
    await c.bulkWrite(ops, { ordered: false });
  } catch (err) {
    const failed = bulkFailure(err);
    if (!failed || failed.errors.some((e) => e.code !== 11000) || failed.writeConcernError) throw err;
    // FerretDB stops a bulk at its first error whatever `ordered` says and
    // reports no counts: the statements before it are written, those after
    // it are not. One by one then; those already written change nothing.
    if (failed.ran < ops.length) for (const doc of newest) await upsertIfNewer(c, doc, field, opts);
  }
}

/**
 * What applying `docs` in order with upsertIfNewer leaves per `_id`: the
 * greatest `field`, on a tie the first (the later with `replaceEqual`).
 * In first-seen order of `_id`.
 */
export function newestPerId<T extends { _id: string }>(
  docs: T[],
  field: NumericKey<T>,
  opts: NewerOptions = {},
): T[] {
  const newest = new Map<string, T>();
  for (const doc of docs) {
    const kept = newest.get(doc._id);
    const [value, keptValue] = [doc[field] as number, kept?.[field] as number];
    if (!kept || value > keptValue || (opts.replaceEqual && value === keptValue)) newest.set(doc._id, doc);
  }
  return [...newest.values()];
}

function guardedUpsert<T extends { _id: string }>(doc: T, field: NumericKey<T>, opts: NewerOptions) {
  const { _id, ...set } = doc;
  const filter = { _id, [field]: { [opts.replaceEqual ? '$lte' : '$lt']: doc[field] } } as mongo.Filter<T>;
  return { filter, update: { $set: set } as mongo.UpdateFilter<T> };
}

/** A bulk's write errors and how many statements the store reports having run (matched, upserted or failed). */
function bulkFailure(
  err: unknown,
): { errors: { code?: number }[]; ran: number; writeConcernError: boolean } | null {
  const e = err as {
    writeErrors?: { code?: number }[] | { code?: number };
    result?: { matchedCount?: number; upsertedCount?: number; getWriteConcernError?: () => unknown };
  };
  if (e.writeErrors === undefined) return null;
  const errors = [e.writeErrors].flat();
  if (errors.length === 0) return null;
  const ran = (e.result?.matchedCount ?? 0) + (e.result?.upsertedCount ?? 0) + errors.length;
  return { errors, ran, writeConcernError: Boolean(e.result?.getWriteConcernError?.()) };
}
