import type { Logger } from '../observability/logger';

export interface StoreWatchdogOptions {
  /** One round trip to the store; rejects when it cannot be reached. */
  ping: () => Promise<void>;
  /** Drops the client's connections and topology; the next operation connects afresh. */
  reset: () => Promise<void>;
  logger: Logger;
  /** Reset once the store has been unreachable this long (default 45 s). */
  afterMs?: number;
  /** How often to ping (default 5 s). */
  everyMs?: number;
  now?: () => number;
}

/**
 * The driver is meant to find a restarted Mongo-wire server again by itself,
 * and almost always does within a second. Under the fault suite it once did
 * not: every operation kept failing server selection with the error of the
 * connection the restart closed, the server's description never updated
 * again, while a fresh client reached the server at once. So: when the store
 * has been unreachable through this client for `afterMs`, reset the client
 * (the next operation reconnects) and say so. Handlers meanwhile retry their
 * transient errors, so nothing is dead-lettered (docs/architecture.md#failure-handling).
 */
export class StoreWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private failingSince: number | null = null;
  private checking = false;
  resets = 0;

  constructor(private readonly o: StoreWatchdogOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.o.everyMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: ping, and reset when the outage has lasted long enough. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const now = this.o.now ?? Date.now;
    try {
      await this.o.ping();
      if (this.failingSince !== null)
        this.o.logger.info({ unreachableMs: now() - this.failingSince }, 'store reachable again');
      this.failingSince = null;
    } catch (err) {
      this.failingSince ??= now();
      const failingMs = now() - this.failingSince;
      if (failingMs >= (this.o.afterMs ?? 45_000)) {
        this.o.logger.error(
          { err, failingMs },
          'store unreachable through this client; resetting the client',
        );
        this.resets++;
        this.failingSince = now();
        await this.o
          .reset()
          .catch((e: unknown) => this.o.logger.warn({ err: e }, 'store client reset failed'));
      }
    } finally {
      this.checking = false;
    }
  }
}
