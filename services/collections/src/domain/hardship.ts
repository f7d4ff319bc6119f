/**
 * Hardship programmes (docs/domain.md#collections, "Plans"): a reduced rate
 * for some months, a fee waiver, or a pause in payments, each held to the
 * market's eligibility rules; a refusal names the rule. The ledger posts
 * the effect (docs/adr/0021-collections-plans-hardship-reage.md).
 */
import type { HardshipRuleId, PlanPolicy } from './policy';

export type HardshipProgramme =
  | { kind: 'REDUCED_RATE'; rateBps: number; months: number }
  | { kind: 'FEE_WAIVER'; amount: number }
  | { kind: 'PAYMENT_PAUSE'; months: number };

export interface HardshipContext {
  caseOpen: boolean;
  inRecovery: boolean;
  /** A programme still running on the case. */
  running: boolean;
}

export type HardshipAnswer = { eligible: true } | { eligible: false; ruleId: HardshipRuleId; reason: string };

const no = (ruleId: HardshipRuleId, reason: string): HardshipAnswer => ({ eligible: false, ruleId, reason });
const whole = (n: number) => Number.isInteger(n);

export function checkHardship(
  p: HardshipProgramme,
  c: HardshipContext,
  limits: PlanPolicy['hardship'],
): HardshipAnswer {
  if (!c.caseOpen) return no('HARDSHIP.CASE_OPEN', 'the case is closed');
  // A charged-off account has no rate, fees or payments due left to relieve.
  if (c.inRecovery) return no('HARDSHIP.NOT_IN_RECOVERY', 'the account was charged off');
  if (c.running) return no('HARDSHIP.ONE_AT_A_TIME', 'a hardship programme is still running');
  switch (p.kind) {
    case 'REDUCED_RATE':
      if (!whole(p.rateBps) || p.rateBps < limits.minRateBps || p.rateBps > limits.maxRateBps)
        return no(
          'HARDSHIP.REDUCED_RATE_RANGE',
          `the rate is ${limits.minRateBps}–${limits.maxRateBps} bps, not ${p.rateBps}`,
        );
      if (!whole(p.months) || p.months < 1 || p.months > limits.maxRateMonths)
        return no('HARDSHIP.REDUCED_RATE_MONTHS', `a reduced rate runs 1 to ${limits.maxRateMonths} months`);
      return { eligible: true };
    case 'FEE_WAIVER':
      if (!whole(p.amount) || p.amount <= 0 || p.amount > limits.maxFeeWaiver)
        return no('HARDSHIP.FEE_WAIVER_CAP', `a fee waiver is 1 to ${limits.maxFeeWaiver} minor units`);
      return { eligible: true };
    case 'PAYMENT_PAUSE':
      if (!whole(p.months) || p.months < 1 || p.months > limits.maxPauseMonths)
        return no('HARDSHIP.PAUSE_MONTHS', `a payment pause runs 1 to ${limits.maxPauseMonths} months`);
      return { eligible: true };
  }
}

/** How long a programme runs, in months (a fee waiver is done at once: 0). */
export const programmeMonths = (p: HardshipProgramme): number => (p.kind === 'FEE_WAIVER' ? 0 : p.months);
