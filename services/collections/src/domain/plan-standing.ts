/**
 * Whether a repayment plan is being kept (docs/domain.md#collections,
 * "Plans"), judged from the ledger's payments like a promise: an instalment
 * is kept when everything due up to it was paid, from the plan's acceptance,
 * by the start of the local day after its date plus the grace days; else it
 * is missed, and what it lacked is still owed by the next one. The plan is
 * broken at the policy's number of misses and completed when the last
 * instalment is judged without breaking it.
 */
import { deadlineAfter } from './promise-dates';
import type { ScheduledInstalment } from './plan-schedule';

export interface PlanPayment {
  amount: number;
  postedAt: number;
}

export type InstalmentVerdict = {
  index: number;
  kept: boolean;
  due: number;
  paid: number;
  deadlineAt: number;
};

export interface PlanStanding {
  verdicts: InstalmentVerdict[];
  /** BROKEN at `missesToBreak` misses; COMPLETED when every instalment is judged and it is not broken. */
  status: 'RUNNING' | 'BROKEN' | 'COMPLETED';
}

export interface PlanTerms {
  instalments: readonly ScheduledInstalment[];
  acceptedAt: number;
  graceDays: number;
  missesToBreak: number;
  timeZone: string;
}

/** The verdict on every instalment whose deadline is at or before `now`, in order. */
export function planStanding(terms: PlanTerms, payments: readonly PlanPayment[], now: number): PlanStanding {
  const verdicts: InstalmentVerdict[] = [];
  let due = 0;
  let misses = 0;
  for (const [index, instalment] of terms.instalments.entries()) {
    const deadlineAt = deadlineAfter(instalment.dueDate, terms.graceDays, terms.timeZone);
    if (deadlineAt > now) return { verdicts, status: 'RUNNING' };
    due += instalment.amount;
    const paid = payments
      .filter((p) => p.postedAt >= terms.acceptedAt && p.postedAt < deadlineAt)
      .reduce((sum, p) => sum + p.amount, 0);
    const kept = paid >= due;
    verdicts.push({ index, kept, due, paid, deadlineAt });
    if (!kept && ++misses >= terms.missesToBreak) return { verdicts, status: 'BROKEN' };
  }
  return { verdicts, status: 'COMPLETED' };
}

/** How many instalments were kept in a row up to the latest judged one (the re-age evidence, reage.ts). */
export function keptInARow(verdicts: readonly { kept: boolean }[]): number {
  let run = 0;
  for (const v of verdicts) run = v.kept ? run + 1 : 0;
  return run;
}
