import type { Logger } from 'pino';
import { settleWithin } from './settle-within';

/**
 * Graceful shutdown: closers run in reverse registration order (stop taking
 * HTTP requests, stop consumers, drain the relay, then close connections).
 * Each closer gets `closerTimeoutMs`; one that takes longer (a span exporter
 * whose collector is gone, a client that keeps a connection busy) is logged
 * by name and left behind, so a stop always ends (docs/architecture.md,
 * "Start-up and shutdown").
 */
export class Shutdown {
  private readonly closers: { name: string; fn: () => Promise<void> | void }[] = [];
  private started: Promise<boolean> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly closerTimeoutMs = 10_000,
  ) {}

  add(name: string, fn: () => Promise<void> | void): void {
    this.closers.push({ name, fn });
  }

  listen(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): void {
    for (const s of signals) {
      process.once(s, () => {
        this.logger.info({ signal: s }, 'shutting down');
        this.run().then(
          (clean) => process.exit(clean ? 0 : 1),
          () => process.exit(1),
        );
      });
    }
  }

  /** Runs every closer once; true when each finished in time and without error. */
  run(): Promise<boolean> {
    if (!this.started) this.started = this.closeAll();
    return this.started;
  }

  private async closeAll(): Promise<boolean> {
    let clean = true;
    for (const { name, fn } of [...this.closers].reverse()) {
      try {
        if ((await settleWithin(Promise.resolve(fn()), this.closerTimeoutMs)) === 'late') {
          clean = false;
          this.logger.warn(
            { closer: name, waitedMs: this.closerTimeoutMs },
            'closer did not finish in time; shutting down without it',
          );
        }
      } catch (err) {
        clean = false;
        this.logger.warn({ err, closer: name }, 'error while shutting down');
      }
    }
    return clean;
  }
}
