import { LeasedTimer, type AggregateDoc, type Clock, type TimerReporting } from '@cardline/platform';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { AccountState } from '../domain/account';
import type { AccountService } from './account-service';

/**
 * Durable end-of-day timer: every account document carries `nextEodAt`
 * (when its next local day ends); a LeasedTimer runs end-of-day for each
 * account whose day has ended, in whichever instance claims it. With a
 * simulated clock, tests call drain() after moving time.
 */
export class EndOfDayScheduler {
  private readonly timer: LeasedTimer<AggregateDoc<AccountState>>;

  constructor(
    accounts: mongo.Collection<AggregateDoc<AccountState>>,
    service: AccountService,
    clock: Clock,
    logger: Logger,
    reporting?: TimerReporting,
  ) {
    this.timer = new LeasedTimer({
      name: 'eod',
      reporting,
      collection: accounts,
      dueField: 'nextEodAt',
      clock,
      logger,
      work: async (doc, now) => {
        await service.runEndOfDay(doc._id, now, {
          correlationId: `eod-${doc._id}-${now.toISOString().slice(0, 10)}`,
          causationId: null,
        });
      },
    });
  }

  start(pollMs: number): void {
    this.timer.start(pollMs);
  }

  stop(): Promise<void> {
    return this.timer.stop();
  }

  /** Processes every account whose day has ended; returns how many. */
  drain(): Promise<number> {
    return this.timer.drain();
  }
}
