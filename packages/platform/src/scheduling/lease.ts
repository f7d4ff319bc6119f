import type { mongo } from 'mongoose';
import { systemLeaseClock, type LeaseClock } from './lease-clock';

/**
 * Claims one due document for this owner: atomically sets a lease on a
 * document whose `dueField` is at or before `now` and whose lease is free or
 * expired. Every instance can run the same loop; each document is worked by
 * one of them at a time, and a crashed owner's lease simply expires.
 */
export async function claimDue<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  opts: {
    dueField: string;
    now: Date;
    owner: string;
    leaseMs: number;
    extraFilter?: mongo.Filter<T>;
    leaseClock?: LeaseClock;
  },
): Promise<mongo.WithId<T> | null> {
  const clock = opts.leaseClock ?? systemLeaseClock;
  const wall = clock.now();
  const filter = {
    ...(opts.extraFilter ?? {}),
    [opts.dueField]: { $lte: opts.now },
    $or: [{ leaseUntil: null }, { leaseUntil: { $lt: new Date(wall - clock.toleranceMs) } }],
  } as unknown as mongo.Filter<T>;
  const update = {
    $set: { leaseOwner: opts.owner, leaseUntil: new Date(wall + opts.leaseMs) },
  } as unknown as mongo.UpdateFilter<T>;
  return collection.findOneAndUpdate(filter, update, {
    sort: { [opts.dueField]: 1 },
    returnDocument: 'after',
  });
}

/**
 * Frees a lease after the work is stored (the next due time is set by the
 * caller); `also` sets more fields in the same update (a timer's fault record).
 */
export async function releaseLease<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  id: unknown,
  owner: string,
  also: Record<string, unknown> = {},
): Promise<void> {
  await collection.updateOne(
    { _id: id, leaseOwner: owner } as mongo.Filter<T>,
    { $set: { ...also, leaseOwner: null, leaseUntil: null } } as unknown as mongo.UpdateFilter<T>,
  );
}
