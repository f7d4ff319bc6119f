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
  private current: Promise<void> | null = null;
  private stopping = false;
  /** A reset whose connect failed is tried again on the next round, not 45 s later. */
  private resetFailed = false;
  resets = 0;

  constructor(private readonly o: StoreWatchdogOptions) {}

  start(): void {
    this.stopping = false;
    this.timer ??= setInterval(() => void this.check(), this.o.everyMs ?? 5000);
    this.timer.unref();
  }

  /** Waits for a round in progress, so no reset reconnects a client being closed. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }

  /** One round: ping, and reset when the outage has lasted long enough (one round at a time). */
  check(): Promise<void> {
    this.current ??= this.round().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async round(): Promise<void> {
    const now = this.o.now ?? Date.now;
    try {
      await this.o.ping();
      if (this.failingSince !== null)
        this.o.logger.info({ unreachableMs: now() - this.failingSince }, 'store reachable again');
      this.failingSince = null;
    } catch (err) {
      this.failingSince ??= now();
      const failingMs = now() - this.failingSince;
      if (this.stopping || (!this.resetFailed && failingMs < (this.o.afterMs ?? 45_000))) return;
      this.o.logger.error({ err, failingMs }, 'store unreachable through this client; resetting the client');
      this.resets++;
      this.failingSince = now();
      try {
        await this.o.reset();
        this.resetFailed = false;
      } catch (e) {
        this.resetFailed = true;
        this.o.logger.warn({ err: e }, 'store client reset failed; trying again next round');
      }
    }
  }
}
