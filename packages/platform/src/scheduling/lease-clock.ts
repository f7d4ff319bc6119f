/**
 * Wall time as leases see it. Leases are compared across instances whose
 * clocks may disagree, so a lease another instance holds counts as expired
 * only `toleranceMs` after its end: instance clocks may drift apart by up to
 * that much without two owners at once, and a crashed owner's work waits
 * that much longer to be taken over. `skewMs` shifts this instance's clock,
 * for the fault tests only (docs/architecture.md, "Scaling out").
 */
export interface LeaseClock {
  now(): number;
  toleranceMs: number;
}

export function leaseClock(o: { toleranceMs?: number; skewMs?: number } = {}): LeaseClock {
  const skew = o.skewMs ?? 0;
  return { now: () => Date.now() + skew, toleranceMs: o.toleranceMs ?? 5000 };
}

export const systemLeaseClock: LeaseClock = leaseClock();
