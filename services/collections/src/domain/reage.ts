/**
 * Re-ageing limits (docs/domain.md#collections, "Plans"): bringing a
 * delinquent account back to current is allowed only when the account has
 * been open long enough, the debtor has made the consecutive minimum
 * payments, and the account was not re-aged too often. Dates are local
 * dates of the account (YYYY-MM-DD); months are calendar months (opened 31
 * May: 9 months is 28 or 29 February). Limits are checked in the policy's
 * order and the first that refuses is named.
 */
import { DateTime } from 'luxon';
import type { PlanPolicy, ReAgeLimitId } from './policy';

export interface ReAgeEvidence {
  /** The local date the account was opened; null when collections never saw the opening (refused). */
  accountOpenedOn: string | null;
  /** Minimum payments met in a row, newest last (plan-standing.ts keptInARow). */
  consecutiveMinimumPayments: number;
  /** The local dates of the account's earlier re-ages, any order. */
  priorReAges: readonly string[];
  today: string;
}

export type ReAgeAnswer = { allowed: true } | { allowed: false; limitId: ReAgeLimitId; reason: string };

const date = (d: string) => DateTime.fromISO(d, { zone: 'UTC' });
const monthsAfter = (d: string, months: number) => date(d).plus({ months });

export function checkReAge(e: ReAgeEvidence, limits: PlanPolicy['reAge']): ReAgeAnswer {
  const today = date(e.today);
  const age = limits.minAccountAgeMonths;
  if (e.accountOpenedOn === null || monthsAfter(e.accountOpenedOn, age.months) > today)
    return {
      allowed: false,
      limitId: age.limitId,
      reason:
        e.accountOpenedOn === null
          ? 'the account opening is not known'
          : `the account opened on ${e.accountOpenedOn}, less than ${age.months} months ago`,
    };
  const payments = limits.consecutiveMinimumPayments;
  if (e.consecutiveMinimumPayments < payments.count)
    return {
      allowed: false,
      limitId: payments.limitId,
      reason: `${e.consecutiveMinimumPayments} consecutive minimum payments, ${payments.count} needed`,
    };
  for (const f of limits.frequency) {
    const inWindow = e.priorReAges.filter((d) => date(d) <= today && monthsAfter(d, f.months) > today);
    if (inWindow.length >= f.max)
      return {
        allowed: false,
        limitId: f.limitId,
        reason: `re-aged ${inWindow.length} time(s) in the last ${f.months} months (${[...inWindow].sort().join(', ')}), at most ${f.max}`,
      };
  }
  return { allowed: true };
}
