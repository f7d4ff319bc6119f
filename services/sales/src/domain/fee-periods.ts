/**
 * The monthly fee's periods: the n-th starts n calendar months after the
 * billing start (the trial's end, or the enrolment without a trial), on the
 * same day of the month or the month's last day when it is shorter. Each
 * period is keyed by the month it starts in (2026-12), so the ledger posts a
 * fee exactly once per month: the key is the posting's idempotency key.
 */
import { addMonthsClamped, monthKey } from './calendar';

export interface FeePeriod {
  index: number;
  /** YYYY-MM of the period's start. */
  key: string;
  start: number;
  /** The next period's start (exclusive). */
  end: number;
}

export function feePeriod(billingStartsAt: number, index: number): FeePeriod {
  const start = addMonthsClamped(billingStartsAt, index);
  return { index, key: monthKey(start), start, end: addMonthsClamped(billingStartsAt, index + 1) };
}

/** The periods from `fromIndex` on that have started by `now`, oldest first. */
export function periodsStartedBy(billingStartsAt: number, fromIndex: number, now: number): FeePeriod[] {
  const due: FeePeriod[] = [];
  for (
    let p = feePeriod(billingStartsAt, fromIndex);
    p.start <= now;
    p = feePeriod(billingStartsAt, p.index + 1)
  )
    due.push(p);
  return due;
}

/** The period `at` falls in (at ≥ billingStartsAt). */
export function periodAt(billingStartsAt: number, at: number): FeePeriod {
  const a = new Date(billingStartsAt);
  const t = new Date(at);
  // The month difference, less one when `at` is before that month's start.
  let index = (t.getUTCFullYear() - a.getUTCFullYear()) * 12 + t.getUTCMonth() - a.getUTCMonth();
  while (index > 0 && addMonthsClamped(billingStartsAt, index) > at) index--;
  return feePeriod(billingStartsAt, Math.max(0, index));
}
