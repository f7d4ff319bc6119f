import type { Logger } from 'pino';

/**
 * Graceful shutdown: closers run in reverse registration order (stop taking
 * HTTP requests, stop consumers, drain the relay, then close connections).
 */
export class Shutdown {
  private readonly closers: { name: string; fn: () => Promise<void> | void }[] = [];
  private started: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  add(name: string, fn: () => Promise<void> | void): void {
    this.closers.push({ name, fn });
  }

  listen(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): void {
    for (const s of signals) {
      process.once(s, () => {
        this.logger.info({ signal: s }, 'shutting down');
        this.run().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  }

  run(): Promise<void> {
    if (!this.started) this.started = this.closeAll();
    return this.started;
  }

  private async closeAll(): Promise<void> {
    for (const { name, fn } of [...this.closers].reverse()) {
      try {
        await fn();
      } catch (err) {
        this.logger.warn({ err, closer: name }, 'error while shutting down');
      }
    }
  }
}
