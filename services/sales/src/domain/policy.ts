/**
 * The figures of sales, per market and card product, with the defaults of
 * docs/domain.md#sales. Pure configuration: each figure is named by the rule
 * that uses it and appears here once. Amounts are minor units (cents, fen);
 * ratios are basis points so every rule stays integer arithmetic.
 */
import type { AdverseActionCode } from './adverse-action';

export type Market = 'US' | 'CN';

/** The price bracket of an approval: the ledger's product terms map a tier to an APR. */
export type AprTier = 'TIER_1' | 'TIER_2' | 'TIER_3';

/** Scores from `minScore` up get this limit and tier (before ability to pay lowers the limit). */
export interface ApproveBand {
  minScore: number;
  creditLimit: number;
  aprTier: AprTier;
}

/** What one card product's credit rules need: the market's figures with the product's own. */
export interface CreditPolicy {
  market: Market;
  productCode: string;
  /** Recorded on every decision, so each one can be traced to the rules that made it. */
  ruleSetVersion: string;
  currency: 'USD' | 'CNY';
  /** Highest band first; a score below every band is referred or declined. */
  approveBands: readonly ApproveBand[];
  /** Scores from here to the lowest approve band go to an underwriter; below it, SCORE_TOO_LOW. */
  referMinScore: number;
  /** Existing monthly debt payments over monthly income above this: DEBT_TO_INCOME_TOO_HIGH. */
  maxDebtToIncomeBps: number;
  /**
   * Ability to pay (US CARD Act, Reg Z 1026.51): income left after existing
   * debt payments must cover the minimum payment on the limit, taken as this
   * share of a fully drawn limit.
   */
  minimumPaymentBps: number;
  /** Limits are whole steps; ability to pay lowers a band's limit step by step… */
  creditLimitStep: number;
  /** …never below this: an applicant who cannot afford it is declined, INSUFFICIENT_INCOME. */
  minCreditLimit: number;
  /** More hard inquiries than this in the bureau's look-back: TOO_MANY_INQUIRIES. */
  maxRecentInquiries: number;
  /** Nobody younger signs a credit agreement: BELOW_MINIMUM_AGE. */
  minimumAge: number;
  /** Younger than this needs independent income or a co-signer (US CARD Act, Reg Z 1026.51(b)). */
  independentIncomeBelowAge: number;
  /** A decline names at most this many principal reasons (Reg B 1002.9(b)(2), FCRA 615). */
  maxAdverseActionReasons: number;
  /** Heavier first: the order of a decline's reasons. */
  adverseActionWeights: Readonly<Record<AdverseActionCode, number>>;
  decisionClock: {
    /** A complete application is decided within this many days (Reg B 1002.9(a)(1)). */
    dueDays: number;
    /** The clock warns this many days before it is due (day 25 of 30). */
    dueSoonDays: number;
  };
}

/** The figures of add-on offers and enrolments in a market. */
export interface AddOnPolicy {
  market: Market;
  /** Offers only inside these hours, the customer's local time (US TSR 310.4(c)): from inclusive, to exclusive. */
  callingHours: { fromMinute: number; toMinute: number };
  /** A free trial lasts this many days from enrolment. */
  trialDays: number;
  /** The customer is reminded this many days before the trial ends. */
  trialReminderDaysBefore: number;
  /** Cancelling within this many days of the first charge refunds every fee paid. */
  coolingOffDays: number;
}

/** The credit rules of a market's product; null when the product is not sold there. */
export type PolicyFor = (market: Market, productCode: string) => CreditPolicy | null;

const WEIGHTS: Record<AdverseActionCode, number> = {
  BELOW_MINIMUM_AGE: 100,
  UNDER_21_NO_INDEPENDENT_INCOME: 90,
  SCORE_TOO_LOW: 80,
  INSUFFICIENT_INCOME: 70,
  DEBT_TO_INCOME_TOO_HIGH: 60,
  TOO_MANY_INQUIRIES: 50,
  THIN_FILE: 40,
};

const US_MARKET = {
  market: 'US',
  currency: 'USD',
  referMinScore: 620,
  maxDebtToIncomeBps: 4_300,
  minimumPaymentBps: 300,
  creditLimitStep: 10_000,
  minCreditLimit: 50_000,
  maxRecentInquiries: 5,
  minimumAge: 18,
  independentIncomeBelowAge: 21,
  maxAdverseActionReasons: 4,
  adverseActionWeights: WEIGHTS,
  decisionClock: { dueDays: 30, dueSoonDays: 5 },
} as const;

// China: the US figures until the issuer's China product terms set their own,
// except the currency and limits in CNY.
const CN_MARKET = {
  ...US_MARKET,
  market: 'CN',
  currency: 'CNY',
  creditLimitStep: 50_000,
  minCreditLimit: 300_000,
} as const;

export const CREDIT_POLICIES: Readonly<Record<Market, Readonly<Record<string, CreditPolicy>>>> = {
  US: {
    CLASSIC: {
      ...US_MARKET,
      productCode: 'CLASSIC',
      ruleSetVersion: 'US-CLASSIC-2026.12.1',
      approveBands: [
        { minScore: 760, creditLimit: 1_000_000, aprTier: 'TIER_1' },
        { minScore: 700, creditLimit: 500_000, aprTier: 'TIER_2' },
        { minScore: 660, creditLimit: 200_000, aprTier: 'TIER_3' },
      ],
    },
    PLATINUM: {
      ...US_MARKET,
      productCode: 'PLATINUM',
      ruleSetVersion: 'US-PLATINUM-2026.12.1',
      referMinScore: 680,
      minCreditLimit: 500_000,
      approveBands: [
        { minScore: 780, creditLimit: 2_500_000, aprTier: 'TIER_1' },
        { minScore: 740, creditLimit: 1_500_000, aprTier: 'TIER_2' },
      ],
    },
  },
  CN: {
    UNIONPAY_CLASSIC: {
      ...CN_MARKET,
      productCode: 'UNIONPAY_CLASSIC',
      ruleSetVersion: 'CN-UNIONPAY_CLASSIC-2026.12.1',
      approveBands: [
        { minScore: 760, creditLimit: 5_000_000, aprTier: 'TIER_1' },
        { minScore: 700, creditLimit: 2_000_000, aprTier: 'TIER_2' },
        { minScore: 660, creditLimit: 1_000_000, aprTier: 'TIER_3' },
      ],
    },
  },
};

export const creditPolicyFor: PolicyFor = (market, productCode) =>
  CREDIT_POLICIES[market][productCode] ?? null;

export const ADD_ON_POLICIES: Readonly<Record<Market, AddOnPolicy>> = {
  US: {
    market: 'US',
    callingHours: { fromMinute: 8 * 60, toMinute: 21 * 60 },
    trialDays: 30,
    trialReminderDaysBefore: 7,
    // No US statute sets one for card add-ons; 14 days is the issuer's own, as the EU/UK distance-selling norm.
    coolingOffDays: 14,
  },
  CN: {
    market: 'CN',
    callingHours: { fromMinute: 8 * 60, toMinute: 21 * 60 },
    trialDays: 30,
    trialReminderDaysBefore: 7,
    // No shorter than the 15-day hesitation period China sets for personal insurance products.
    coolingOffDays: 15,
  },
};

export const DAY = 86_400_000;
