/**
 * Market rules with their default figures (docs/domain.md#ledger: each
 * figure is configuration per market/product). Amounts are minor units.
 */
import { CN_HOLIDAYS, CN_WORKING_WEEKENDS, US_HOLIDAYS } from './holidays';

export type Market = 'US' | 'CN';

/** Which days are business days: a payment on the next one after a due date that is not is on time. */
export interface BusinessCalendar {
  /** Weekdays that are not business days (bank or public holidays), local dates. */
  holidays: readonly string[];
  /** Saturdays and Sundays that are (CN make-up working days), local dates. */
  workingWeekends: readonly string[];
}

export interface MarketPolicy {
  dueDate: {
    /** The first statement is due this many days after its close; that day of the month is the due day from then on. */
    firstDaysAfterClose: number;
    /** Never fewer days from a close to its due date (US Reg Z 1026.5(b)(2)(ii): 21). */
    minDaysAfterClose: number;
  };
  calendar: BusinessCalendar;
  minimumDue: {
    /** Fixed floor, e.g. USD 25. */
    floor: number;
    /** Share of the closing balance, in basis points. */
    percentBps: number;
    /** Add the cycle's interest and fees on top of the percentage (US practice). */
    plusInterestAndFees: boolean;
  };
  lateFee: {
    /** First late fee. */
    first: number;
    /** Another late fee within `repeatWindowCycles` cycles of the previous one. */
    repeat: number;
    repeatWindowCycles: number;
    /** Alternative: a share of the unpaid minimum (CN "overdue penalty"); 0 = fixed amounts. */
    percentOfUnpaidBps: number;
    /** Never charge more than the payment that was required, disputed amounts left out (Reg Z 1026.52(b)). */
    capAtMinimumDue: boolean;
  };
}

/** The figures for an account: by market, and a product may have its own (the market's by default). */
export type PolicyFor = (market: Market, productCode: string) => MarketPolicy;

export const DEFAULT_POLICIES: Record<Market, MarketPolicy> = {
  US: {
    dueDate: { firstDaysAfterClose: 25, minDaysAfterClose: 21 },
    calendar: { holidays: US_HOLIDAYS, workingWeekends: [] },
    minimumDue: { floor: 2500, percentBps: 100, plusInterestAndFees: true },
    lateFee: {
      first: 3000,
      repeat: 4100,
      repeatWindowCycles: 6,
      percentOfUnpaidBps: 0,
      capAtMinimumDue: true,
    },
  },
  CN: {
    // No statutory minimum in CN: the due date only comes after the close.
    dueDate: { firstDaysAfterClose: 20, minDaysAfterClose: 1 },
    calendar: { holidays: CN_HOLIDAYS, workingWeekends: CN_WORKING_WEEKENDS },
    minimumDue: { floor: 5000, percentBps: 1000, plusInterestAndFees: false },
    lateFee: { first: 0, repeat: 0, repeatWindowCycles: 0, percentOfUnpaidBps: 500, capAtMinimumDue: true },
  },
};

export type DelinquencyBucket =
  'CURRENT' | 'DPD_1_29' | 'DPD_30_59' | 'DPD_60_89' | 'DPD_90_119' | 'DPD_120_179' | 'CHARGE_OFF';

/** docs/domain.md#ledger buckets: 1–29, 30–59, 60–89, 90–119, 120–179; charge-off at 180. */
export function bucketFor(daysPastDue: number): DelinquencyBucket {
  if (daysPastDue <= 0) return 'CURRENT';
  if (daysPastDue < 30) return 'DPD_1_29';
  if (daysPastDue < 60) return 'DPD_30_59';
  if (daysPastDue < 90) return 'DPD_60_89';
  if (daysPastDue < 120) return 'DPD_90_119';
  if (daysPastDue < 180) return 'DPD_120_179';
  return 'CHARGE_OFF';
}

export function minimumDue(
  p: MarketPolicy,
  closingBalance: number,
  interest: number,
  fees: number,
  pastDue: number,
): number {
  if (closingBalance <= 0) return 0;
  const pct = Math.round((closingBalance * p.minimumDue.percentBps) / 10000);
  const base = Math.max(p.minimumDue.floor, pct + (p.minimumDue.plusInterestAndFees ? interest + fees : 0));
  return Math.min(closingBalance, base + pastDue);
}

/** Interest on the average daily balance: sum(balance × days) × APR / 365. */
export function interestFor(balanceDays: number, aprBps: number): number {
  return Math.max(0, Math.round((balanceDays * aprBps) / 10000 / 365));
}

export function lateFeeFor(
  p: MarketPolicy,
  unpaidMinimum: number,
  requiredPayment: number,
  recentLateFee: boolean,
): number {
  const l = p.lateFee;
  let fee =
    l.percentOfUnpaidBps > 0
      ? Math.round((unpaidMinimum * l.percentOfUnpaidBps) / 10000)
      : recentLateFee
        ? l.repeat
        : l.first;
  if (l.capAtMinimumDue) fee = Math.min(fee, requiredPayment);
  return Math.max(0, fee);
}
