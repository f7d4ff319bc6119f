import type { mongo } from 'mongoose';
import { newEventId, type EventContext, type EventEnvelope, type NewEvent } from '../events/envelope';
import { currentTraceHeaders } from '../observability/trace-context';
import { ensureIndexes } from '../mongo/indexes';

/** An event waiting in the aggregate document until the relay publishes it. */
export interface OutboxEntry {
  id: string;
  type: string;
  time: Date;
  correlationId: string;
  causationId: string | null;
  aggregateVersion: number;
  /** Set when the record's key is not the aggregate id (NewEvent.subject). */
  subject?: string;
  traceparent?: string;
  tracestate?: string;
  payload: unknown;
}

export interface AggregateDoc<S> {
  _id: string;
  version: number;
  state: S;
  outbox: OutboxEntry[];
  outboxPending: boolean;
  outboxLeaseOwner?: string | null;
  outboxLeaseUntil?: Date | null;
  /**
   * The relay round that claimed the outbox; a save that appends events
   * clears it, so the relay's acknowledgement by token cannot drop them.
   */
  outboxLeaseToken?: string | null;
  /** Why the relay could not publish this aggregate's events last time. */
  outboxError?: string | null;
  updatedAt: Date;
  [index: string]: unknown;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
  ) {
    super(`aggregate ${aggregateId} changed since version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}

export interface Loaded<S> {
  state: S;
  version: number;
}

export interface SaveResult {
  version: number;
  events: EventEnvelope[];
}

/**
 * Stores an aggregate's state and its new events in ONE document write
 * guarded by the expected version (no multi-document transactions needed,
 * none available on FerretDB). The relay later publishes `outbox`.
 * `index` holds top-level fields the service queries on (timers, owners).
 */
export class AggregateStore<S> {
  constructor(
    readonly collection: mongo.Collection<AggregateDoc<S>>,
    private readonly source: string,
    private readonly onSaved?: () => void,
  ) {}

  async ensureIndexes(extra: mongo.IndexDescription[] = []): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { outboxPending: 1 }, name: 'outbox_pending' }, ...extra]);
  }

  async load(id: string): Promise<Loaded<S> | null> {
    const doc = await this.collection.findOne({ _id: id } as mongo.Filter<AggregateDoc<S>>, {
      projection: { state: 1, version: 1 },
    });
    return doc ? { state: doc.state, version: doc.version } : null;
  }

  async save(
    id: string,
    expectedVersion: number,
    state: S,
    events: readonly NewEvent[],
    ctx: EventContext,
    index: Record<string, unknown> = {},
  ): Promise<SaveResult> {
    const now = new Date();
    const trace = currentTraceHeaders();
    const entries: OutboxEntry[] = events.map((e, i) => ({
      id: newEventId(),
      type: e.type,
      time: now,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      aggregateVersion: expectedVersion + i + 1,
      ...(e.subject ? { subject: e.subject } : {}),
      ...trace, // only the trace headers that exist
      payload: e.payload,
    }));
    // Versions count events; a state-only change still moves the version so
    // concurrent writers always conflict.
    const version = expectedVersion + Math.max(entries.length, 1);
    if (expectedVersion === 0) {
      try {
        await this.collection.insertOne({
          ...index,
          _id: id,
          version,
          state,
          outbox: entries,
          outboxPending: entries.length > 0,
          updatedAt: now,
        } as mongo.OptionalUnlessRequiredId<AggregateDoc<S>>);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw new ConcurrencyError(id, expectedVersion);
        throw err;
      }
    } else {
      const set: Record<string, unknown> = { ...index, state, version, updatedAt: now };
      if (entries.length > 0) {
        set.outboxPending = true;
        set.outboxLeaseToken = null; // the relay's fast acknowledgement must miss this aggregate (relay.ts)
      }
      const update: mongo.UpdateFilter<AggregateDoc<S>> = { $set: set as Partial<AggregateDoc<S>> };
      if (entries.length > 0) (update as Record<string, unknown>).$push = { outbox: { $each: entries } };
      const res = await this.collection.updateOne(
        { _id: id, version: expectedVersion } as mongo.Filter<AggregateDoc<S>>,
        update,
      );
      if (res.matchedCount === 0) throw new ConcurrencyError(id, expectedVersion);
    }
    if (entries.length > 0) this.onSaved?.();
    return { version, events: entries.map((e) => toEnvelope(e, this.source, id)) };
  }
}

export function toEnvelope(e: OutboxEntry, source: string, aggregateId: string): EventEnvelope {
  return {
    id: e.id,
    type: e.type,
    source,
    subject: e.subject ?? aggregateId,
    time: e.time,
    correlationId: e.correlationId,
    causationId: e.causationId,
    aggregateVersion: e.aggregateVersion,
    traceparent: e.traceparent,
    tracestate: e.tracestate,
    payload: e.payload,
  };
}
