/**
 * The figures of dispute handling, per market, with the defaults of
 * docs/domain.md#disputes (US Reg Z; the China market uses the same figures
 * until its issuer sets its own). Pure configuration and date arithmetic.
 */
export type Market = 'US' | 'CN';

export interface DisputePolicy {
  /** A billing error is protected when noticed within this many days of the statement that showed it. */
  noticeWindowDays: number;
  acknowledgeDays: number;
  /** Resolve within this many complete billing cycles… */
  resolveBillingCycles: number;
  /** …and never later than this many days. */
  resolveMaxDays: number;
  /** Provisional credit when the dispute is not resolved within this many business days. */
  provisionalCreditBusinessDays: number;
  /** A due-soon warning this many days before a deadline. */
  dueSoonDays: number;
  /** Late-fee goodwill: waive when no fee was waived within this many months. */
  goodwillLookbackMonths: number;
  goodwillMaxWaivers: number;
  /** Network chargeback: days each party has to answer. */
  merchantResponseDays: number;
  issuerResponseDays: number;
  /** Chargebacks must be filed within this many days of the transaction. */
  chargebackFilingDays: number;
}

const US: DisputePolicy = {
  noticeWindowDays: 60,
  acknowledgeDays: 30,
  resolveBillingCycles: 2,
  resolveMaxDays: 90,
  provisionalCreditBusinessDays: 10,
  dueSoonDays: 5,
  goodwillLookbackMonths: 12,
  goodwillMaxWaivers: 1,
  merchantResponseDays: 30,
  issuerResponseDays: 30,
  chargebackFilingDays: 120,
};

export const DEFAULT_POLICIES: Record<Market, DisputePolicy> = {
  US,
  // China: the same figures until the issuer's China product terms set their own.
  CN: { ...US },
};

export const DAY = 86_400_000;

/** Adds business days (Monday to Friday, UTC calendar; bank holidays are the issuer's table to add). */
export function addBusinessDays(from: number, days: number): number {
  let t = from;
  let left = days;
  while (left > 0) {
    t += DAY;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return t;
}

/**
 * The end of the n-th billing cycle closing after `at` (cycles close on
 * `cycleDay`, 1–28, at the end of that day UTC), capped by maxDays.
 */
export function resolveDueAt(at: number, cycleDay: number, p: DisputePolicy): number {
  const d = new Date(at);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth();
  const closeOf = (y: number, m: number) => Date.UTC(y, m, cycleDay + 1) - 1;
  if (closeOf(year, month) < at) month += 1;
  month += p.resolveBillingCycles - 1;
  year += Math.floor(month / 12);
  month %= 12;
  return Math.min(closeOf(year, month), at + p.resolveMaxDays * DAY);
}

/** Months back from `at` (calendar months, UTC). */
export function monthsBefore(at: number, months: number): number {
  const d = new Date(at);
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() - months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  );
}
