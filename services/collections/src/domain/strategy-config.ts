/**
 * Collection strategies as configuration, per market and bucket
 * (docs/domain.md#collections, "Strategies"): which treatment at which day
 * past due, and a champion with its challengers, each taking a share of the
 * accounts by a stable hash (strategies.ts). Data only: a market or bucket
 * differs by its entry here, never by a branch in code.
 */
import type { Bucket } from './buckets';
import type { Market } from './policy';

/** The buckets a strategy is configured for (UNKNOWN, from a newer ledger, has none). */
export type StrategyBucket = Exclude<Bucket, 'UNKNOWN'>;

export type Treatment =
  | 'SMS_REMINDER'
  | 'EMAIL'
  | 'CALL'
  | 'LETTER'
  | 'WECHAT_MESSAGE'
  | 'FIELD_VISIT'
  | 'LEGAL_REFERRAL'
  | 'AGENCY_PLACEMENT';

/** A treatment on a day past due (the ledger's count). */
export interface StrategyStep {
  day: number;
  treatment: Treatment;
}

export interface StrategyVariant {
  variantId: string;
  /** Percent of the accounts, whole numbers; a strategy's shares sum to 100. */
  sharePct: number;
  steps: readonly StrategyStep[];
}

export interface Strategy {
  strategyId: string;
  /** The experiment the split belongs to: the hash is salted with it, so a new experiment reshuffles. */
  experimentId: string;
  /** The first is the champion. */
  variants: readonly StrategyVariant[];
}

const step = (day: number, treatment: Treatment): StrategyStep => ({ day, treatment });
const champion = (steps: StrategyStep[]): StrategyVariant => ({
  variantId: 'CHAMPION',
  sharePct: 100,
  steps,
});

// Early buckets: a champion of reminders then calls, against a challenger that calls first.
const US: Record<StrategyBucket, Strategy> = {
  DPD_1_29: {
    strategyId: 'US.EARLY',
    experimentId: 'US.EARLY.2026-1',
    variants: [
      {
        variantId: 'CHAMPION',
        sharePct: 80,
        steps: [step(3, 'SMS_REMINDER'), step(7, 'EMAIL'), step(15, 'CALL')],
      },
      {
        variantId: 'CHALLENGER_CALL_FIRST',
        sharePct: 20,
        steps: [step(5, 'CALL'), step(12, 'SMS_REMINDER')],
      },
    ],
  },
  DPD_30_59: {
    strategyId: 'US.MID',
    experimentId: 'US.MID.2026-1',
    variants: [champion([step(30, 'CALL'), step(45, 'LETTER')])],
  },
  DPD_60_89: {
    strategyId: 'US.LATE',
    experimentId: 'US.LATE.2026-1',
    variants: [champion([step(60, 'CALL'), step(75, 'LETTER')])],
  },
  DPD_90_119: {
    strategyId: 'US.SEVERE',
    experimentId: 'US.SEVERE.2026-1',
    variants: [champion([step(90, 'LETTER'), step(105, 'FIELD_VISIT')])],
  },
  DPD_120_179: {
    strategyId: 'US.PRE_CHARGE_OFF',
    experimentId: 'US.PRE_CHARGE_OFF.2026-1',
    variants: [champion([step(120, 'LEGAL_REFERRAL')])],
  },
  CHARGE_OFF: {
    strategyId: 'US.RECOVERY',
    experimentId: 'US.RECOVERY.2026-1',
    variants: [champion([step(180, 'AGENCY_PLACEMENT')])],
  },
};

const CN: Record<StrategyBucket, Strategy> = {
  DPD_1_29: {
    strategyId: 'CN.EARLY',
    experimentId: 'CN.EARLY.2026-1',
    variants: [
      {
        variantId: 'CHAMPION',
        sharePct: 70,
        steps: [step(1, 'WECHAT_MESSAGE'), step(5, 'SMS_REMINDER'), step(10, 'CALL')],
      },
      {
        variantId: 'CHALLENGER_SMS_ONLY',
        sharePct: 30,
        steps: [step(1, 'SMS_REMINDER'), step(10, 'SMS_REMINDER')],
      },
    ],
  },
  DPD_30_59: {
    strategyId: 'CN.MID',
    experimentId: 'CN.MID.2026-1',
    variants: [champion([step(30, 'CALL'), step(40, 'WECHAT_MESSAGE')])],
  },
  DPD_60_89: {
    strategyId: 'CN.LATE',
    experimentId: 'CN.LATE.2026-1',
    variants: [champion([step(60, 'CALL'), step(70, 'LETTER')])],
  },
  DPD_90_119: {
    strategyId: 'CN.SEVERE',
    experimentId: 'CN.SEVERE.2026-1',
    variants: [champion([step(90, 'LETTER'), step(100, 'FIELD_VISIT')])],
  },
  DPD_120_179: {
    strategyId: 'CN.PRE_CHARGE_OFF',
    experimentId: 'CN.PRE_CHARGE_OFF.2026-1',
    variants: [champion([step(120, 'LEGAL_REFERRAL')])],
  },
  CHARGE_OFF: {
    strategyId: 'CN.RECOVERY',
    experimentId: 'CN.RECOVERY.2026-1',
    variants: [champion([step(180, 'AGENCY_PLACEMENT')])],
  },
};

export const DEFAULT_STRATEGIES: Record<Market, Record<StrategyBucket, Strategy>> = { US, CN };
