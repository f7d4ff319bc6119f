/**
 * The figures of dispute handling, per market, with the defaults of
 * docs/domain.md#disputes (US Reg Z; the China market uses the same figures
 * until its issuer sets its own). Pure configuration and date arithmetic.
 */
import { DateTime } from 'luxon';

export type Market = 'US' | 'CN';

export interface DisputePolicy {
  /** A billing error is protected when noticed within this many days of the statement that showed it. */
  noticeWindowDays: number;
  acknowledgeDays: number;
  /** Resolve within this many complete billing cycles… */
  resolveBillingCycles: number;
  /** …and never later than this many days. */
  resolveMaxDays: number;
  /**
   * Unauthorised use: the customer is liable for at most this much per notice
   * (Reg Z 1026.12(b), minor units), however late the notice; with
   * billing-error protection (notice within the window) the issuer's zero
   * liability applies instead.
   */
  unauthorisedUseLiabilityCap: number;
  /** Provisional credit when the dispute is not resolved within this many business days. */
  provisionalCreditBusinessDays: number;
  /** A due-soon warning this many days before a deadline. */
  dueSoonDays: number;
  /** Goodwill looks back this many calendar months: a late fee is waived when it is the first charged in them… */
  goodwillLookbackMonths: number;
  /** …i.e. fewer late fees than this were charged in the look-back before it; another fee, fewer waivers granted. */
  goodwillMaxWaivers: number;
  /** Network chargeback deadlines, per card network that takes chargebacks. */
  networks: Record<ChargebackNetwork, NetworkDeadlines>;
  /** Chargebacks must be filed within this many days of the transaction. */
  chargebackFilingDays: number;
  /**
   * A credit a person asks for above this amount (minor units) waits for a
   * second approver, someone other than the requester (approvals.ts).
   */
  secondApproverAbove: number;
}

/** The card networks Cardline files chargebacks with (UnionPay filings are not modelled). */
export type ChargebackNetwork = 'VISA' | 'MASTERCARD';

/** Days each party has for its move in a network's chargeback process. */
export interface NetworkDeadlines {
  /** The merchant (its acquirer) answers a chargeback or a pre-arbitration within… */
  merchantResponseDays: number;
  /** …the issuer answers a representment or a declined pre-arbitration within… */
  issuerResponseDays: number;
  /** …and the network rules on an arbitration filing within. */
  arbitrationRulingDays: number;
}

const US: DisputePolicy = {
  noticeWindowDays: 60,
  acknowledgeDays: 30,
  resolveBillingCycles: 2,
  resolveMaxDays: 90,
  unauthorisedUseLiabilityCap: 5000,
  provisionalCreditBusinessDays: 10,
  dueSoonDays: 5,
  goodwillLookbackMonths: 12,
  goodwillMaxWaivers: 1,
  networks: {
    VISA: { merchantResponseDays: 30, issuerResponseDays: 30, arbitrationRulingDays: 60 },
    MASTERCARD: { merchantResponseDays: 45, issuerResponseDays: 30, arbitrationRulingDays: 60 },
  },
  chargebackFilingDays: 120,
  secondApproverAbove: 50_000,
};

export const DEFAULT_POLICIES: Record<Market, DisputePolicy> = {
  US,
  // China: the same figures until the issuer's China product terms set their own.
  CN: { ...US },
};

export const DAY = 86_400_000;

/** The deadlines of the dispute's network, or null when it takes no chargebacks. */
export function networkDeadlines(p: DisputePolicy, network: string): NetworkDeadlines | null {
  return network === 'VISA' || network === 'MASTERCARD' ? p.networks[network] : null;
}

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
 * Reg Z resolution deadline (docs/domain.md#disputes): the close that
 * completes `resolveBillingCycles` billing cycles after the notice (the cycle
 * the notice arrives in does not count), and never later than
 * `resolveMaxDays` days after it. A cycle closes at the end of its cycle day
 * (1–28) in the account's time zone, as the ledger closes statements.
 */
export function resolveDueAt(noticeAt: number, cycleDay: number, timeZone: string, p: DisputePolicy): number {
  const notice = DateTime.fromMillis(noticeAt, { zone: timeZone });
  const closeIn = (month: DateTime) => month.startOf('month').set({ day: cycleDay }).endOf('day');
  let noticeCycleEnds = closeIn(notice);
  if (noticeCycleEnds.toMillis() < noticeAt) noticeCycleEnds = closeIn(notice.plus({ months: 1 }));
  const due = closeIn(noticeCycleEnds.plus({ months: p.resolveBillingCycles }));
  return Math.min(due.toMillis(), notice.plus({ days: p.resolveMaxDays }).toMillis());
}

/** The same local time this many calendar months before `at`, in the account's time zone. */
export function monthsBefore(at: number, months: number, timeZone: string): number {
  return DateTime.fromMillis(at, { zone: timeZone }).minus({ months }).toMillis();
}

/** The local calendar date of `at` (YYYY-MM-DD) in the account's time zone. */
export function localDate(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toISODate() as string;
}
