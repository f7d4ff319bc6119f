import { randomUUID } from 'node:crypto';
import { claimDue, releaseLease, type AggregateDoc, type Clock } from '@cardline/platform';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { AccountState } from '../domain/account';
import type { AccountService } from './account-service';

/**
 * Durable end-of-day timer: every account document carries `nextEodAt`
 * (when its next local day ends). Any instance may run this loop; a lease
 * (claimDue) makes sure one of them works each account, and a crashed
 * instance's lease expires. With a simulated clock, tests call drain()
 * after moving time.
 */
export class EndOfDayScheduler {
  private readonly owner = `eod-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;

  constructor(
    private readonly accounts: mongo.Collection<AggregateDoc<AccountState>>,
    private readonly service: AccountService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(pollMs: number): void {
    this.timer = setInterval(() => {
      this.drain().catch((err: unknown) => this.logger.warn({ err }, 'end-of-day round failed'));
    }, pollMs);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    return this.draining ?? Promise.resolve();
  }

  /** Processes every account whose day has ended; returns how many. Concurrent calls share one run. */
  drain(): Promise<number> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    const now = this.clock.now();
    let n = 0;
    for (;;) {
      const doc = await claimDue(this.accounts, {
        dueField: 'nextEodAt',
        now,
        owner: this.owner,
        leaseMs: 60000,
      });
      if (!doc) return n;
      try {
        await this.service.runEndOfDay(doc._id, now, {
          correlationId: `eod-${doc._id}-${now.toISOString().slice(0, 10)}`,
          causationId: null,
        });
        n++;
      } finally {
        await releaseLease(this.accounts, doc._id, this.owner);
      }
    }
  }
}
