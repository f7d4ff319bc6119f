import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock';
import { claimDue, releaseLease } from './lease';

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
}

/**
 * A durable timer over documents that carry their own due time. Any
 * instance may run it: each document is claimed with a lease (claimDue), so
 * one instance works it at a time and a crashed instance's lease expires.
 * Time is the service clock, so tests move a simulated clock and drain().
 */
export class LeasedTimer<T extends mongo.Document> {
  private readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;

  constructor(private readonly o: LeasedTimerOptions<T>) {
    this.owner = `${o.name}-${randomUUID()}`;
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
    await this.draining;
  }

  /** Works every document now due; returns how many. Concurrent calls share one run. */
  drain(): Promise<number> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    const now = this.o.clock.now();
    // Due time each document had when this round last worked it: a document may
    // come due again in the same round (a later step also past now), but one
    // whose due time did not move made no progress and must not spin the round.
    const worked = new Map<unknown, number>();
    let n = 0;
    for (;;) {
      const doc = await claimDue(this.o.collection, {
        dueField: this.o.dueField,
        now,
        owner: this.owner,
        leaseMs: this.o.leaseMs ?? 60000,
      });
      if (!doc) return n;
      const due = (doc as Record<string, unknown>)[this.o.dueField];
      const dueAt = due instanceof Date ? due.getTime() : NaN;
      const stuck = worked.get(doc._id) === dueAt;
      try {
        if (!stuck) await this.o.work(doc, now);
      } finally {
        await releaseLease(this.o.collection, doc._id, this.owner);
      }
      if (stuck) {
        this.o.logger.warn({ id: doc._id, timer: this.o.name }, 'due time did not move; retrying next round');
        return n;
      }
      worked.set(doc._id, dueAt);
      n++;
    }
  }
}
