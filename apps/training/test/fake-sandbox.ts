import type { SimulatedClock } from '@cardline/platform';
import type { Sandbox } from '../src/sandbox';
import type { CallRecord } from '../src/evidence';

// In-memory stand-ins the runner's tests share: the sandbox (its services'
// databases, token settings and one simulated clock), a collection, and the
// services' audit trails.

export const fakeSandbox = (clock: SimulatedClock): Sandbox =>
  ({
    auth: {
      AUTH_HS256_SECRET: 'x'.repeat(32),
      AUTH_ISSUER: 'cardline-training',
      AUTH_AUDIENCE: 'cardline-training',
    },
    services: ['ledger', 'cards', 'disputes', 'ticketing', 'collections', 'sales'].map((name) => ({
      name,
      simulated: name !== 'sales',
      db: `${name}_training`,
    })),
    gateway: { port: 0 },
    setClock: (to: Date) => clock.now() < to && clock.set(to),
    now: () => clock.now(),
  }) as unknown as Sandbox;

/** A collection enough for the runner: filters on equality, `$in` and a date range. */
export function memory<T extends object>(docs: T[]) {
  const matches = (d: Record<string, unknown>, f: Record<string, unknown>) =>
    Object.entries(f).every(([k, v]) => {
      if (v && typeof v === 'object' && '$in' in v) return (v.$in as unknown[]).includes(d[k]);
      if (v && typeof v === 'object' && '$gte' in v) {
        const r = v as { $gte: Date; $lte: Date };
        return (d[k] as Date) >= r.$gte && (d[k] as Date) <= r.$lte;
      }
      return d[k] === v;
    });
  const cursor = (found: T[]) => ({
    toArray: async () => found,
    sort: () => ({ limit: () => ({ toArray: async () => [...found].reverse() }) }),
  });
  return {
    find: (f: Record<string, unknown> = {}) => cursor(docs.filter((d) => matches(d as never, f))),
    findOne: async (f: Record<string, unknown>) => docs.find((d) => matches(d as never, f)) ?? null,
    insertOne: async (d: T) => void docs.push({ ...d }),
    updateOne: async (f: Record<string, unknown>, u: { $set: Partial<T> }) => {
      const d = docs.find((x) => matches(x as never, f));
      if (d) Object.assign(d, u.$set);
    },
  };
}

export type AuditRecord = CallRecord & { subject: string };

/** The client the runner reads audit trails through: each service's database holds its own records. */
export const fakeAuditTrails = (audit: AuditRecord[]) => ({
  db: (name: string) => ({
    collection: () => memory(audit.filter((r) => `${r.service}_training` === name)),
  }),
});
