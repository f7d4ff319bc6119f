import type { mongo } from 'mongoose';
import type { AggregateDoc } from './aggregate-store';

/** What the relay reports of its outbox (docs/architecture.md, "Observability"). */
export interface OutboxBacklog {
  /** Aggregates holding unpublished events (`cardline_outbox_pending`). */
  aggregates: number;
  /** Unpublished events across them. */
  events: number;
  /** Age of the oldest unpublished event; 0 when nothing waits. */
  oldestAgeSeconds: number;
}

/** Pending documents read per report: enough to see a stuck relay, bounded for a large backlog. */
export const BACKLOG_SCAN_LIMIT = 1000;

type PendingDoc = { outbox?: { time?: Date | string }[] };

/** Sums the pending documents' outbox entries and finds the oldest one's age. */
export function summariseBacklog(docs: PendingDoc[], nowMs: number): Omit<OutboxBacklog, 'aggregates'> {
  let events = 0;
  let oldest = Infinity;
  for (const d of docs)
    for (const e of d.outbox ?? []) {
      events += 1;
      const t = e.time === undefined ? NaN : new Date(e.time).getTime();
      if (t < oldest) oldest = t;
    }
  // Event times come from the service clock; a simulated clock ahead of the wall clock reads 0, not negative.
  return { events, oldestAgeSeconds: Number.isFinite(oldest) ? Math.max(0, (nowMs - oldest) / 1000) : 0 };
}

export async function readBacklog(
  collection: mongo.Collection<AggregateDoc<unknown>>,
  nowMs: number,
): Promise<OutboxBacklog> {
  const aggregates = await collection.countDocuments({ outboxPending: true });
  if (aggregates === 0) return { aggregates, events: 0, oldestAgeSeconds: 0 };
  const pending = (projection: mongo.Document) =>
    collection.find({ outboxPending: true }, { projection, limit: BACKLOG_SCAN_LIMIT }).toArray();
  // Only the entries' times; a Mongo-wire server that cannot project into arrays gets whole entries.
  const docs = await pending({ 'outbox.time': 1 }).catch(() => pending({ outbox: 1 }));
  return { aggregates, ...summariseBacklog(docs as PendingDoc[], nowMs) };
}
