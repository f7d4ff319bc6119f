import type { mongo } from 'mongoose';
import { ensureIndexes, insertOnce, type EventEnvelope } from '@cardline/platform';
import { describe } from '../../domain/timeline';

export interface TimelineEntry {
  /** The event id: a redelivered event writes nothing new. */
  _id: string;
  at: number;
  type: string;
  source: string;
  subject: string;
  accountId: string | null;
  customerId: string | null;
  summary: string;
  correlationId: string;
  causationId: string | null;
}

export type TimelineItem = Omit<TimelineEntry, '_id'> & { eventId: string };

export interface TimelinePage {
  items: TimelineItem[];
  next: string | null;
}

/** Opaque cursor: the (time, id) of the last entry on the page. */
const encode = (e: { at: number; _id: string }) => Buffer.from(`${e.at}|${e._id}`).toString('base64url');
function decode(cursor: string): { at: number; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const n = Number(at);
  return Number.isFinite(n) && id ? { at: n, id } : null;
}

export class BadCursorError extends Error {}

/**
 * The customer-360 timeline (group ticketing.timeline): one entry per event
 * about a customer, from every topic, keyed by event id. An entry names the
 * account and/or the customer the event names; a customer's timeline is the
 * entries of the customer and of their accounts, so events that arrive before
 * the account's `opened` are still found.
 */
export class TimelineView {
  readonly entries: mongo.Collection<TimelineEntry>;

  constructor(db: mongo.Db) {
    this.entries = db.collection('timeline');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.entries, [
      { key: { customerId: 1, at: -1, _id: -1 }, name: 'by_customer' },
      { key: { accountId: 1, at: -1, _id: -1 }, name: 'by_account' },
      { key: { correlationId: 1 }, name: 'by_correlation' },
    ]);
  }

  async record(e: EventEnvelope): Promise<void> {
    const facts = describe(e.type, e.payload);
    if (!facts || (!facts.accountId && !facts.customerId)) return;
    const entry: TimelineEntry = {
      _id: e.id,
      at: e.time.getTime(),
      type: e.type,
      source: e.source,
      subject: e.subject,
      ...facts,
      correlationId: e.correlationId,
      causationId: e.causationId,
    };
    await insertOnce(this.entries, entry);
  }

  /** Newest first, `limit` per page; `cursor` is the previous page's `next`. */
  async page(
    customerId: string,
    accountIds: string[],
    limit: number,
    cursor?: string,
  ): Promise<TimelinePage> {
    const who: mongo.Filter<TimelineEntry>[] = [{ customerId }];
    if (accountIds.length) who.push({ accountId: { $in: accountIds } });
    const filter: mongo.Filter<TimelineEntry> = { $or: who };
    if (cursor) {
      const c = decode(cursor);
      if (!c) throw new BadCursorError('cursor is not one this API returned');
      filter.$and = [{ $or: [{ at: { $lt: c.at } }, { at: c.at, _id: { $lt: c.id } }] }];
    }
    const docs = await this.entries
      .find(filter)
      .sort({ at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
    const page = docs.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ _id, ...rest }) => ({ eventId: _id, ...rest })),
      next: docs.length > limit && last ? encode(last) : null,
    };
  }

  /** Everything that happened under these correlation ids, oldest first: what a case's calls caused. */
  async correlated(correlationIds: string[], limit = 200): Promise<TimelineItem[]> {
    if (!correlationIds.length) return [];
    const docs = await this.entries
      .find({ correlationId: { $in: correlationIds } })
      .sort({ at: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ eventId: _id, ...rest }));
  }
}
