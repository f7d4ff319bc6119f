/** Readiness checks by name; liveness is just "the process answers". */
export type Check = () => Promise<void> | void;

export interface HealthReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

export class HealthChecks {
  private readonly checks = new Map<string, Check>();

  add(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  async check(timeoutMs = 2000): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, fn]) => {
        try {
          await Promise.race([
            Promise.resolve(fn()),
            new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), timeoutMs).unref()),
          ]);
          return [name, { ok: true }] as const;
        } catch (err) {
          return [name, { ok: false, error: (err as Error).message }] as const;
        }
      }),
    );
    return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
  }
}
