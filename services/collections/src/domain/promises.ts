/**
 * Promises to pay (docs/domain.md#collections, "Promises and plans"): one
 * or several instalments, each an amount and a local date. Payments posted
 * since the promise count toward it; an instalment is met when everything
 * promised up to it was paid by its deadline (its date plus the grace days).
 * The durable timer asks at each deadline: the last instalment met keeps
 * the promise, a miss breaks it, and the strategy resumes the next day.
 * One promise runs at a time; history is never rewritten.
 */
import { DomainError } from '@cardline/platform/domain';
import { activePromise, type CaseCommandOf, type CaseEvent, type CaseState, type PromiseToPay } from './case';
import { refuse } from './guards';
import { daysBetween, deadlineAfter, isCalendarDate, localDate } from './promise-dates';

const invalid = (why: string) => new DomainError('INVALID', `promise refused: ${why}`);

export function makePromise(cmd: CaseCommandOf<'MakePromise'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED') throw refuse(s, 'take a promise to pay');
  const running = activePromise(s);
  if (running) throw refuse(s, 'take a promise to pay', `promise ${running.promiseId} is still running`);
  const { policy, instalments } = cmd;
  if (instalments.length < 1 || instalments.length > policy.maxInstalments)
    throw invalid(`a promise has 1 to ${policy.maxInstalments} instalments`);
  const today = localDate(cmd.now, s.timeZone);
  let previous = today;
  for (const i of instalments) {
    if (!Number.isInteger(i.amount) || i.amount <= 0)
      throw invalid('each amount is a positive whole number of minor units');
    if (!isCalendarDate(i.dueDate)) throw invalid(`${i.dueDate} is not a date (YYYY-MM-DD)`);
    if (daysBetween(previous, i.dueDate) <= 0)
      throw invalid(
        previous === today
          ? `${i.dueDate} is not after today (${today}, the account's local date)`
          : `${i.dueDate} is not after the instalment before it (${previous})`,
      );
    previous = i.dueDate;
  }
  if (daysBetween(today, previous) > policy.maxPromiseDaysAhead)
    throw invalid(`the last date is more than ${policy.maxPromiseDaysAhead} days ahead`);
  const totalAmount = instalments.reduce((sum, i) => sum + i.amount, 0);
  if (totalAmount > s.collectableAmount)
    throw invalid(`it totals ${totalAmount}, more than the collectable ${s.collectableAmount}`);
  const scheduled = instalments.map((i) => ({
    amount: i.amount,
    dueDate: i.dueDate,
    deadlineAt: deadlineAfter(i.dueDate, policy.promiseGraceDays, s.timeZone),
  }));
  return [
    {
      type: 'collections.case.promise-made.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        promiseId: cmd.promiseId,
        instalments: scheduled,
        totalAmount,
        currency: s.currency,
        graceDays: policy.promiseGraceDays,
        suppressedUntil: scheduled[scheduled.length - 1]?.deadlineAt ?? cmd.now,
        actor: cmd.actor,
        madeAt: cmd.now,
      },
    },
  ];
}

/** Paid toward a promise by an instant: payments (less returns) posted from the promise on, before it. */
export function paidToward(p: PromiseToPay, s: CaseState, before: number): number {
  return s.payments
    .filter((x) => x.postedAt >= p.madeAt && x.postedAt < before)
    .reduce((sum, x) => sum + x.amount, 0);
}

/** The timer's work: decides every instalment whose deadline has passed, in order. */
export function checkPromises(cmd: CaseCommandOf<'CheckPromises'>, s: CaseState): CaseEvent[] {
  const p = s.status === 'OPEN' ? activePromise(s) : undefined;
  if (!p) return [];
  const events: CaseEvent[] = [];
  let owed = p.instalments.slice(0, p.instalmentsMet).reduce((sum, i) => sum + i.amount, 0);
  for (let index = p.instalmentsMet; index < p.instalments.length; index++) {
    const instalment = p.instalments[index];
    if (!instalment || instalment.deadlineAt > cmd.now) break;
    owed += instalment.amount;
    const paid = paidToward(p, s, instalment.deadlineAt);
    const base = { caseId: s.caseId, accountId: s.accountId, promiseId: p.promiseId, currency: s.currency };
    if (paid < owed)
      return [
        ...events,
        {
          type: 'collections.case.promise-broken.v1',
          payload: {
            ...base,
            missedInstalment: index,
            amountDue: owed,
            paidAmount: paid,
            brokenAt: instalment.deadlineAt,
            // The deadline is the start of the day after the last grace day: the strategy resumes then.
            strategyResumesAt: instalment.deadlineAt,
          },
        },
      ];
    if (index === p.instalments.length - 1)
      return [
        ...events,
        {
          type: 'collections.case.promise-kept.v1',
          payload: { ...base, totalAmount: p.totalAmount, paidAmount: paid, keptAt: instalment.deadlineAt },
        },
      ];
    events.push({ type: 'internal.instalment-met', payload: { promiseId: p.promiseId, index } });
  }
  return events;
}
