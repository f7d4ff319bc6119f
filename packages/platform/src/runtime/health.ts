import { settleWithin } from './settle-within';

/** Readiness checks by name; liveness is just "the process answers". */
export type Check = () => Promise<void> | void;

export interface HealthReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
  /** Facts an operator should see that do not take the instance out of rotation (parked timer documents). */
  details?: Record<string, unknown>;
}

export type Detail = () => Promise<unknown> | unknown;

export class HealthChecks {
  private readonly checks = new Map<string, Check>();
  private readonly details = new Map<string, Detail>();

  add(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  /** A detail shown in the report; it never makes the instance unready. */
  detail(name: string, fn: Detail): void {
    this.details.set(name, fn);
  }

  async check(timeoutMs = 2000): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, fn]) => {
        try {
          if ((await settleWithin(Promise.resolve(fn()), timeoutMs)) === 'late') throw new Error('timeout');
          return [name, { ok: true }] as const;
        } catch (err) {
          return [name, { ok: false, error: (err as Error).message }] as const;
        }
      }),
    );
    const report: HealthReport = {
      ready: entries.every(([, r]) => r.ok),
      checks: Object.fromEntries(entries),
    };
    if (this.details.size > 0) {
      const details = await Promise.all(
        [...this.details].map(async ([name, fn]) => {
          try {
            return [name, await fn()] as const;
          } catch (err) {
            return [name, { error: (err as Error).message }] as const;
          }
        }),
      );
      report.details = Object.fromEntries(details);
    }
    return report;
  }
}
