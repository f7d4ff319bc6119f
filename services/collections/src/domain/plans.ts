/**
 * Repayment plans on the case (docs/domain.md#collections, "Plans"): a
 * collector proposes a schedule from the calculator, the customer accepts
 * it, and from then on the ledger's payments keep or miss each instalment
 * (plan-standing.ts), decided by the durable timer at each deadline. The
 * accepted schedule goes to the ledger, which records it on the account.
 * One plan runs at a time; history is never rewritten.
 */
import { DomainError } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState, RepaymentPlan } from './case';
import { refuse } from './guards';
import { ruleRefused } from './refusals';
import { scheduleInstalments } from './plan-schedule';
import { planStanding } from './plan-standing';
import { daysBetween, isCalendarDate, localDate } from './promise-dates';

export const plansOf = (s: CaseState): RepaymentPlan[] => s.plans ?? [];

/** The plan proposed or running, if any (one at a time). */
export const currentPlan = (s: CaseState): RepaymentPlan | undefined =>
  plansOf(s).find((p) => p.status === 'PROPOSED' || p.status === 'ACTIVE');

export function proposePlan(cmd: CaseCommandOf<'ProposePlan'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED') throw refuse(s, 'propose a plan');
  const running = currentPlan(s);
  if (running) throw refuse(s, 'propose a plan', `plan ${running.planId} is ${running.status}`);
  const rules = cmd.policy.plan;
  if (!Number.isInteger(cmd.count) || cmd.count < rules.minInstalments || cmd.count > rules.maxInstalments)
    throw ruleRefused(
      'PLAN.INSTALMENT_COUNT',
      `a plan has ${rules.minInstalments} to ${rules.maxInstalments} instalments`,
    );
  const total = cmd.totalAmount ?? s.collectableAmount;
  if (!Number.isSafeInteger(total) || total <= 0 || total > s.collectableAmount)
    throw ruleRefused('PLAN.TOTAL', `the total is 1 to the collectable ${s.collectableAmount}, not ${total}`);
  const today = localDate(cmd.now, s.timeZone);
  if (!isCalendarDate(cmd.firstDueDate))
    throw new DomainError('INVALID', `${cmd.firstDueDate} is not a date`);
  const ahead = daysBetween(today, cmd.firstDueDate);
  if (ahead < 1 || ahead > rules.maxDaysToFirst)
    throw ruleRefused(
      'PLAN.FIRST_DATE',
      `the first date is 1 to ${rules.maxDaysToFirst} days after today (${today})`,
    );
  const instalments = scheduleInstalments(total, cmd.count, cmd.frequency, cmd.firstDueDate);
  if (Math.floor(total / cmd.count) < rules.minInstalmentAmount)
    throw ruleRefused('PLAN.MINIMUM_INSTALMENT', `no instalment below ${rules.minInstalmentAmount}`);
  return [
    {
      type: 'collections.case.plan-proposed.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        planId: cmd.planId,
        instalments,
        frequency: cmd.frequency,
        totalAmount: total,
        currency: s.currency,
        graceDays: rules.graceDays,
        missesToBreak: rules.missesToBreak,
        actor: cmd.actor,
        proposedAt: cmd.now,
      },
    },
  ];
}

export function acceptPlan(cmd: CaseCommandOf<'AcceptPlan'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED') throw refuse(s, 'accept a plan');
  const plan = plansOf(s).find((p) => p.planId === cmd.planId);
  if (!plan) throw new DomainError('NOT_FOUND', `plan ${cmd.planId} not found on case ${s.caseId}`);
  if (plan.status !== 'PROPOSED') throw refuse(s, 'accept the plan', `plan ${plan.planId} is ${plan.status}`);
  return [
    {
      type: 'collections.case.plan-accepted.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        planId: plan.planId,
        actor: cmd.actor,
        acceptedAt: cmd.now,
      },
    },
    {
      type: 'ledger.adjustment.arrangement-requested.v1',
      subject: s.accountId,
      payload: {
        requestId: `${s.caseId}:${plan.planId}`,
        accountId: s.accountId,
        kind: 'PLAN',
        reference: plan.planId,
        instalments: plan.instalments,
        rateBps: null,
        endsAt: null,
        currency: s.currency,
        requestedBy: 'collections',
        requestedAt: cmd.now,
      },
    },
  ];
}

/** The timer's work: every instalment of the running plan whose deadline has passed is kept or missed. */
export function checkPlans(cmd: CaseCommandOf<'CheckPlans'>, s: CaseState): CaseEvent[] {
  const plan = s.status === 'OPEN' ? plansOf(s).find((p) => p.status === 'ACTIVE') : undefined;
  if (!plan || plan.acceptedAt === null) return [];
  const standing = planStanding(
    {
      instalments: plan.instalments,
      acceptedAt: plan.acceptedAt,
      graceDays: plan.graceDays,
      missesToBreak: plan.missesToBreak,
      timeZone: s.timeZone,
    },
    s.payments,
    cmd.now,
  );
  const base = { caseId: s.caseId, accountId: s.accountId, planId: plan.planId };
  const events: CaseEvent[] = standing.verdicts.slice(plan.verdicts.length).map((v) =>
    v.kept
      ? {
          type: 'collections.case.plan-instalment-kept.v1',
          payload: {
            ...base,
            index: v.index,
            amountDue: v.due,
            paidAmount: v.paid,
            currency: s.currency,
            keptAt: v.deadlineAt,
          },
        }
      : {
          type: 'collections.case.plan-instalment-missed.v1',
          payload: {
            ...base,
            index: v.index,
            amountDue: v.due,
            paidAmount: v.paid,
            currency: s.currency,
            missedAt: v.deadlineAt,
          },
        },
  );
  const last = standing.verdicts.at(-1);
  if (standing.status === 'BROKEN' && last)
    events.push({
      type: 'collections.case.plan-broken.v1',
      payload: {
        ...base,
        missedInstalments: standing.verdicts.filter((v) => !v.kept).length,
        brokenAt: last.deadlineAt,
        // As after a broken promise: the strategy resumes the day after the last grace day.
        strategyResumesAt: last.deadlineAt,
      },
    });
  if (standing.status === 'COMPLETED' && last)
    events.push({
      type: 'collections.case.plan-completed.v1',
      payload: {
        ...base,
        keptInstalments: standing.verdicts.filter((v) => v.kept).length,
        paidAmount: last.paid,
        currency: s.currency,
        completedAt: last.deadlineAt,
      },
    });
  return events;
}

/** When the running plan's next instalment is judged (the timer's next work on it). */
export function nextPlanDeadline(
  s: CaseState,
  deadlineOf: (date: string, grace: number) => number,
): number | null {
  const plan = s.status === 'OPEN' ? plansOf(s).find((p) => p.status === 'ACTIVE') : undefined;
  const next = plan?.instalments[plan.verdicts.length];
  return plan && next ? deadlineOf(next.dueDate, plan.graceDays) : null;
}
