import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock';
import type { HealthChecks } from '../runtime/health';
import type { PlatformMetrics } from '../observability/metrics';
import { claimDue, releaseLease } from './lease';
import { isTransient } from '../consumer/errors';
import { sleep } from '../runtime/backoff';
import type { LeaseClock } from './lease-clock';

export interface LeasedTimerOptions<T extends mongo.Document> {
  name: string;
  collection: mongo.Collection<T>;
  /** Top-level date field: when the document next needs work (null: never). */
  dueField: string;
  clock: Clock;
  /** Does the due work and stores it, moving `dueField` on. */
  work: (doc: mongo.WithId<T>, now: Date) => Promise<void>;
  logger: Logger;
  leaseMs?: number;
  /** Failed rounds in a row (work threw, or the due time did not move) before a document is parked. */
  maxFailures?: number;
  /** Where parked documents are reported: a gauge per timer, and a detail on /health/ready. */
  reporting?: TimerReporting;
}

/** The service's metrics and health, which a timer reports parked documents to (ServiceRuntime.timerReporting). */
export interface TimerReporting {
  metrics?: PlatformMetrics;
  health?: HealthChecks;
  /** Wall time for the timer's leases (skew tolerance; ServiceRuntime passes the service's). */
  leaseClock?: LeaseClock;
}

/** What the timer keeps on a document that failed: `<dueField>Fault`. */
export interface TimerFault {
  failures: number;
  reason: string;
  lastAt: Date;
  /** Parked documents are skipped until unpark(). */
  parked: boolean;
}

/**
 * A durable timer over documents that carry their own due time. Any
 * instance may run it: each document is claimed with a lease (claimDue), so
 * one instance works it at a time and a crashed instance's lease expires.
 * Time is the service clock, so tests move a simulated clock and drain().
 *
 * One bad document cannot stop the clock for the others: a document whose
 * work throws, or whose due time does not move, is set aside for the rest of
 * the round; after `maxFailures` such rounds in a row it is parked (kept out
 * of every claim, reported by log, metric and health detail) until an
 * operator unparks it. See docs/architecture.md, "Durable timers".
 */
export class LeasedTimer<T extends mongo.Document> {
  private readonly owner: string;
  private readonly faultField: string;
  private readonly maxFailures: number;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  /** The run after the one going, shared by every drain() called while it goes. */
  private queued: Promise<number> | null = null;

  constructor(private readonly o: LeasedTimerOptions<T>) {
    this.owner = `${o.name}-${randomUUID()}`;
    this.faultField = `${o.dueField}Fault`;
    this.maxFailures = o.maxFailures ?? 3;
    o.reporting?.health?.detail(`timer ${o.name}`, async () => ({ parked: await this.parkedCount() }));
  }

  start(pollMs: number): void {
    this.timer = setInterval(() => {
      this.drain().catch((err: unknown) =>
        this.o.logger.warn({ err, timer: this.o.name }, 'timer round failed'),
      );
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queued?.catch(() => undefined);
    await this.draining?.catch(() => undefined);
  }

  /**
   * Works every document due by the time of the call; returns how many the run
   * worked. A run already going read the clock before this call (the poll's,
   * say, just before a test moved the clock), so a call made while it goes
   * waits for the next run, which every such call shares.
   */
  drain(): Promise<number> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
      return this.draining;
    }
    this.queued ??= this.draining
      .catch(() => 0)
      .then(() => {
        this.queued = null;
        // a run started since the last one ended read the clock after these calls too
        return this.draining ?? this.drain();
      });
    return this.queued;
  }

  /** Parked documents of this timer, oldest failure first. */
  async parked(): Promise<{ id: unknown; fault: TimerFault }[]> {
    const docs = await this.o.collection
      .find({ [`${this.faultField}.parked`]: true } as mongo.Filter<T>)
      .toArray();
    return docs
      .map((d) => ({ id: d._id, fault: (d as Record<string, unknown>)[this.faultField] as TimerFault }))
      .sort((a, b) => new Date(a.fault.lastAt).getTime() - new Date(b.fault.lastAt).getTime());
  }

  /** Puts a parked document back on the clock (after the cause was fixed). */
  async unpark(id: unknown): Promise<boolean> {
    const r = await this.o.collection.updateOne(
      { _id: id, [`${this.faultField}.parked`]: true } as mongo.Filter<T>,
      { $set: { [this.faultField]: null } } as unknown as mongo.UpdateFilter<T>,
    );
    await this.report();
    return r.modifiedCount === 1;
  }

  private parkedCount(): Promise<number> {
    return this.o.collection.countDocuments({ [`${this.faultField}.parked`]: true } as mongo.Filter<T>);
  }

  private async drainOnce(): Promise<number> {
    const now = this.o.clock.now();
    // Documents set aside this round: they failed, or came due again without
    // their due time moving (no progress). A document may legitimately come
    // due twice in one round (a later step also past now), so one whose due
    // time moved is claimed again.
    const setAside: unknown[] = [];
    const worked = new Map<unknown, number>();
    // Faulted documents whose work succeeded: cleared once the round shows
    // they progressed (a stuck one comes due again and fails instead).
    const recovered = new Set<unknown>();
    let n = 0;
    for (;;) {
      const doc = await claimDue(this.o.collection, {
        dueField: this.o.dueField,
        now,
        owner: this.owner,
        leaseMs: this.o.leaseMs ?? 60000,
        leaseClock: this.o.reporting?.leaseClock,
        extraFilter: {
          [`${this.faultField}.parked`]: { $ne: true },
          ...(setAside.length > 0 ? { _id: { $nin: setAside } } : {}),
        } as mongo.Filter<T>,
      });
      if (!doc) break;
      const dueAt = dueTime(doc, this.o.dueField);
      const fault = (doc as Record<string, unknown>)[this.faultField] as TimerFault | null | undefined;
      let failure: string | null = null;
      let infrastructure = false;
      if (worked.get(doc._id) === dueAt) failure = 'due time did not move after its work';
      else {
        // Infrastructure trouble (a write conflict, a busy store) is retried at once a few
        // times; what still fails counts against the document.
        for (let attempt = 1; ; attempt++) {
          try {
            await this.o.work(doc, now);
            break;
          } catch (err) {
            if (isTransient(err) && attempt < 3) {
              await sleep(50 * attempt);
              continue;
            }
            if (isTransient(err)) {
              // Still infrastructure trouble: not the document's fault. Leave it
              // unmarked for the next round and stop this one.
              this.o.logger.warn(
                { err, id: doc._id, timer: this.o.name },
                'timer round stopped on infrastructure trouble',
              );
              infrastructure = true;
              break;
            }
            failure = (err as Error)?.message ?? String(err);
            this.o.logger.warn({ err, id: doc._id, timer: this.o.name, attempt }, 'timer work failed');
            break;
          }
        }
      }
      if (infrastructure) {
        await releaseLease(this.o.collection, doc._id, this.owner);
        break;
      }
      if (failure === null) {
        await releaseLease(this.o.collection, doc._id, this.owner);
        if (fault) recovered.add(doc._id);
        worked.set(doc._id, dueAt);
        n++;
        continue;
      }
      recovered.delete(doc._id);
      setAside.push(doc._id);
      const next = this.nextFault(fault, failure);
      await releaseLease(this.o.collection, doc._id, this.owner, { [this.faultField]: next });
      if (next.parked)
        this.o.logger.error(
          { id: doc._id, timer: this.o.name, failures: next.failures, reason: failure },
          'timer document parked: it is skipped until unparked',
        );
    }
    for (const id of recovered)
      await this.o.collection.updateOne(
        { _id: id, [`${this.faultField}.parked`]: { $ne: true } } as mongo.Filter<T>,
        { $set: { [this.faultField]: null } } as unknown as mongo.UpdateFilter<T>,
      );
    await this.report();
    return n;
  }

  private nextFault(previous: TimerFault | null | undefined, reason: string): TimerFault {
    const failures = (previous?.failures ?? 0) + 1;
    return { failures, reason, lastAt: new Date(), parked: failures >= this.maxFailures };
  }

  private async report(): Promise<void> {
    const metrics = this.o.reporting?.metrics;
    if (!metrics) return;
    metrics.timerParked.set({ timer: this.o.name }, await this.parkedCount());
    metrics.timerBacklog.set({ timer: this.o.name }, await this.backlogCount());
  }

  /** Due now and not parked: what the next rounds still have to do (failed, or leased elsewhere). */
  private backlogCount(): Promise<number> {
    return this.o.collection.countDocuments({
      [this.o.dueField]: { $lte: this.o.clock.now() },
      [`${this.faultField}.parked`]: { $ne: true },
    } as mongo.Filter<T>);
  }
}

function dueTime(doc: mongo.Document, field: string): number {
  const due = (doc as Record<string, unknown>)[field];
  return due instanceof Date ? due.getTime() : NaN;
}
