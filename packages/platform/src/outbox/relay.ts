import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { EventPublisher } from '../events/publisher';
import type { PlatformMetrics } from '../observability/metrics';
import { readBacklog } from './backlog';
import { toEnvelope, type AggregateDoc, type OutboxEntry } from './aggregate-store';
import { backoffDelay, sleep } from '../runtime/backoff';
import { isTransient } from '../consumer/errors';
import { systemLeaseClock, type LeaseClock } from '../scheduling/lease-clock';

/**
 * Ids per `_id: {$in}` of a lease or an acknowledgement: the patched embedded
 * store looks up at most 500 by its `_id` index (docs/adr/0030-embedded-store-tuning.md).
 */
const IDS_PER_STATEMENT = 500;

/** How long an aggregate with unpublishable events waits before the next try. */
const PARK_MS = 60000;

export interface RelayOptions {
  collection: mongo.Collection<AggregateDoc<unknown>>;
  publisher: EventPublisher;
  source: string;
  logger: Logger;
  metrics?: PlatformMetrics;
  /** Aggregates claimed per round. */
  batchSize?: number;
  leaseMs?: number;
  idlePollMs?: number;
  owner?: string;
  /** Wall time for the leases (skew tolerance). */
  leaseClock?: LeaseClock;
}

/**
 * Publishes aggregates' outbox events. Every instance may run one: a round
 * claims up to batchSize aggregates with a lease (owner + expiry) and a lease
 * token of its own, publishes their events in one batch (ordered by aggregate
 * version), then removes exactly the published entries. An aggregate whose
 * save appended events since the claim no longer carries the token
 * (AggregateStore.save clears it), so one update by token empties the
 * outboxes of all the others, and only those written meanwhile take the
 * per-aggregate path that keeps the new events (docs/adr/0034-relay-lease-token-and-producer-tuning.md).
 * A crashed instance's lease expires and another takes over.
 * Kafka failures are retried forever with backoff: nothing is dropped.
 */
export class OutboxRelay {
  private readonly owner: string;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly idlePollMs: number;
  private gaugeTimer: NodeJS.Timeout | null = null;
  private readonly clock: LeaseClock;

  constructor(private readonly o: RelayOptions) {
    this.owner = o.owner ?? `${o.source}-${randomUUID()}`;
    this.batchSize = o.batchSize ?? 200;
    this.leaseMs = o.leaseMs ?? 15000;
    this.idlePollMs = o.idlePollMs ?? 200;
    this.clock = o.leaseClock ?? systemLeaseClock;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    if (this.o.metrics) {
      const m = this.o.metrics;
      const labels = { service: this.o.source };
      this.gaugeTimer = setInterval(() => {
        readBacklog(this.o.collection, Date.now())
          .then((b) => {
            m.outboxPending.set(labels, b.aggregates);
            m.outboxBacklogEvents.set(labels, b.events);
            m.outboxOldestPendingAge.set(labels, b.oldestAgeSeconds);
          })
          .catch(() => undefined);
      }, 5000);
      this.gaugeTimer.unref();
    }
  }

  /** Called after a local save: publish now instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.gaugeTimer) clearInterval(this.gaugeTimer);
    this.wake?.();
    await this.loop;
  }

  /** One claim-publish-ack round; returns how many events were published. */
  async runOnce(): Promise<number> {
    const docs = await this.claim();
    if (docs.length === 0) return 0;
    const claimed = docs.map((d) => ({
      doc: d,
      entries: [...d.outbox].sort((a, b) => a.aggregateVersion - b.aggregateVersion),
    }));
    // The whole round, the one-by-one fallback included, runs under renewed leases.
    return this.holdingLease(
      claimed.map(({ doc }) => doc._id),
      async () => {
        try {
          return await this.publishAndAck(claimed);
        } catch (err) {
          if (isTransient(err)) throw err;
          // A non-transient failure (an event the serde rejects, a bug) must not
          // hold back every other aggregate: retry them one by one, park the bad.
          let published = 0;
          for (const item of claimed) {
            try {
              published += await this.publishAndAck([item]);
            } catch (e) {
              if (isTransient(e)) throw e;
              await this.park(item.doc, e as Error);
            }
          }
          return published;
        }
      },
    );
  }

  private async publishAndAck(claimed: { doc: ClaimedDoc; entries: OutboxEntry[] }[]): Promise<number> {
    const envelopes = claimed.flatMap(({ doc, entries }) =>
      entries.map((e) => toEnvelope(e, this.o.source, doc._id)),
    );
    await this.o.publisher.publish(envelopes);
    await this.ack(claimed);
    return envelopes.length;
  }

  /**
   * Renews the lease on the claimed aggregates every third of its length
   * while `fn` runs. A publish to a slow broker can outlast one lease; if
   * the lease lapsed, another relay would claim the same aggregates and
   * publish their events again, and ours could land after its newer ones.
   */
  private async holdingLease<T>(ids: unknown[], fn: () => Promise<T>): Promise<T> {
    let renewing: Promise<void> = Promise.resolve();
    const renew = async () => {
      // Only what this relay still holds: acknowledged and parked aggregates are released.
      await this.o.collection.updateMany(
        { _id: { $in: ids }, outboxLeaseOwner: this.owner } as mongo.Filter<AggregateDoc<unknown>>,
        { $set: { outboxLeaseUntil: new Date(this.clock.now() + this.leaseMs) } },
      );
    };
    const timer = setInterval(
      () => {
        renewing = renewing
          .then(renew)
          .catch((err: unknown) => this.o.logger.warn({ err }, 'could not renew the outbox lease'));
      },
      Math.max(20, Math.floor(this.leaseMs / 3)),
    );
    try {
      return await fn();
    } finally {
      clearInterval(timer);
      await renewing;
    }
  }

  /** Sets an aggregate whose events cannot be published aside for a while, with the reason, and says so loudly. */
  private async park(doc: AggregateDoc<unknown>, err: Error): Promise<void> {
    this.o.logger.error(
      { err, aggregateId: doc._id, retryInMs: PARK_MS },
      'outbox events cannot be published; aggregate parked',
    );
    await this.o.collection.updateOne({ _id: doc._id } as mongo.Filter<AggregateDoc<unknown>>, {
      $set: {
        outboxLeaseOwner: 'parked',
        outboxLeaseUntil: new Date(Date.now() + PARK_MS),
        outboxError: err.message,
      },
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const n = await this.runOnce();
        failures = 0;
        if (n > 0) continue; // more may be waiting
        await this.idle(this.idlePollMs);
      } catch (err) {
        failures++;
        const delay = backoffDelay(failures, 100, 5000);
        this.o.logger.warn(
          { err, attempt: failures, retryInMs: delay },
          'outbox relay round failed; retrying',
        );
        await this.idle(delay);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private leaseFilter(now: Date): mongo.Filter<AggregateDoc<unknown>> {
    // Another relay's lease counts as expired only past the clocks' tolerance.
    const expired = new Date(now.getTime() - this.clock.toleranceMs);
    return {
      outboxPending: true,
      $or: [
        { outboxLeaseUntil: null },
        { outboxLeaseUntil: { $lt: expired } },
        { outboxLeaseOwner: this.owner },
      ],
    } as mongo.Filter<AggregateDoc<unknown>>;
  }

  /** Leases up to batchSize pending aggregates under a new lease token; returns what this round holds. */
  private async claim(): Promise<ClaimedDoc[]> {
    const c = this.o.collection;
    const now = new Date(this.clock.now());
    // The outboxes come with the candidates: the embedded store decodes a whole
    // document whatever the projection, so this read costs what ids alone do,
    // and the lease below makes reading them again unnecessary.
    const candidates = await c
      .find(this.leaseFilter(now), { projection: { outbox: 1, version: 1 } })
      .limit(this.batchSize)
      .toArray();
    if (candidates.length === 0) return [];
    const until = new Date(now.getTime() + this.leaseMs);
    // Unique per round, so the acknowledgement (and the read below) see only what this round leased.
    const token = randomUUID();
    const lease = {
      $set: { outboxLeaseOwner: this.owner, outboxLeaseUntil: until, outboxLeaseToken: token },
    };
    // Each lease is guarded by the version read: an aggregate saved since then
    // is not leased, so every one leased holds the outbox read above. One
    // statement per IDS_PER_STATEMENT aggregates, the versions grouped: the embedded
    // store runs each statement of a bulk as a query of its own (docs/adr/0041).
    const matched = await this.updateByChunk(
      candidates,
      (chunk) => ({
        _id: { $in: chunk.map((d) => d._id) },
        $and: [this.leaseFilter(now), sameVersion(chunk)],
      }),
      lease,
    );
    if (matched === candidates.length) return candidates.map((doc) => ({ ...doc, token }));
    // Some were saved or leased elsewhere meanwhile: read back which this round holds.
    const claimed = await c
      .find(
        { _id: { $in: candidates.map((d) => d._id) }, outboxLeaseToken: token } as mongo.Filter<
          AggregateDoc<unknown>
        >,
        { projection: { outbox: 1, version: 1 } },
      )
      .toArray();
    return claimed.map((doc) => ({ ...doc, token }));
  }

  private async ack(published: { doc: ClaimedDoc; entries: OutboxEntry[] }[]): Promise<void> {
    const c = this.o.collection;
    const release = {
      outboxLeaseOwner: null,
      outboxLeaseUntil: null,
      outboxError: null,
      outboxLeaseToken: null,
    };
    // Fast path, one statement per 500: an aggregate still holding the round's
    // token had no events appended since the claim, so its outbox is exactly
    // what was published and empties.
    const matched = await this.updateByChunk(
      published,
      (chunk) => ({ _id: { $in: chunk.map(({ doc }) => doc._id) }, outboxLeaseToken: chunk[0]?.doc.token }),
      { $set: { outbox: [], outboxPending: false, ...release } },
    );
    if (matched === published.length) return;
    // Slow path for the aggregates written meanwhile (still pending): drop only what was sent.
    const sentBy = new Map(published.map(({ doc, entries }) => [doc._id, new Set(entries.map((e) => e.id))]));
    for (const chunk of chunksOf(published)) {
      const ids = chunk.map(({ doc }) => doc._id);
      const pending = await c
        .find({ _id: { $in: ids }, outboxPending: true } as mongo.Filter<AggregateDoc<unknown>>, {
          projection: { outbox: 1, version: 1 },
        })
        .toArray();
      for (const doc of pending) await this.dropSent(doc, sentBy.get(doc._id) ?? new Set(), release);
    }
  }

  /** One `updateMany` per IDS_PER_STATEMENT items, its filter built for its chunk; returns how many matched. */
  private async updateByChunk<T>(
    items: T[],
    filterOf: (chunk: T[]) => Record<string, unknown>,
    update: mongo.UpdateFilter<AggregateDoc<unknown>>,
  ): Promise<number> {
    let matched = 0;
    for (const chunk of chunksOf(items)) {
      const res = await this.o.collection.updateMany(
        filterOf(chunk) as mongo.Filter<AggregateDoc<unknown>>,
        update,
      );
      matched += res.matchedCount;
    }
    return matched;
  }

  /** Removes the sent entries from one aggregate's outbox, guarded by its version, rereading on conflict. */
  private async dropSent(
    first: Pick<AggregateDoc<unknown>, '_id' | 'outbox' | 'version'>,
    sent: Set<string>,
    release: Record<string, null>,
  ): Promise<void> {
    const c = this.o.collection;
    let cur: Pick<AggregateDoc<unknown>, '_id' | 'outbox' | 'version'> | null = first;
    for (let attempt = 0; ; attempt++) {
      if (!cur || !cur.outbox.some((e) => sent.has(e.id))) return;
      const remaining = cur.outbox.filter((e) => !sent.has(e.id));
      const r = await c.updateOne(
        { _id: cur._id, version: cur.version } as mongo.Filter<AggregateDoc<unknown>>,
        { $set: { outbox: remaining, outboxPending: remaining.length > 0, ...release } },
      );
      if (r.matchedCount === 1) return;
      if (attempt > 50) throw new Error(`outbox ack for ${cur._id} kept conflicting`);
      await sleep(5);
      cur = await c.findOne({ _id: cur._id } as mongo.Filter<AggregateDoc<unknown>>, {
        projection: { outbox: 1, version: 1 },
      });
    }
  }
}

/** `items` in consecutive slices of at most IDS_PER_STATEMENT. */
function* chunksOf<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) yield items.slice(i, i + IDS_PER_STATEMENT);
}

/**
 * The condition that each aggregate still has the version it was read at,
 * for a filter that already names them all by `_id`: one `version` when they
 * share it, else one branch per version naming its own `_id`s.
 */
function sameVersion(docs: { _id: string; version: number }[]): mongo.Filter<AggregateDoc<unknown>> {
  const byVersion = new Map<number, string[]>();
  for (const d of docs) {
    const ids = byVersion.get(d.version);
    if (ids) ids.push(d._id);
    else byVersion.set(d.version, [d._id]);
  }
  if (byVersion.size === 1) return { version: docs[0]?.version };
  return { $or: [...byVersion].map(([version, ids]) => ({ version, _id: { $in: ids } })) };
}

/** A claimed aggregate and the token of the round that claimed it (one token a round). */
type ClaimedDoc = AggregateDoc<unknown> & { token: string };
