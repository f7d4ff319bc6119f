/**
 * When a case next has work and until when contact waits
 * (docs/domain.md#collections): read by the promise timer's due field, the
 * contact gate and the work queue. case.ts re-exports them.
 */
import type { CaseState, PromiseToPay } from './case';
import { nextPlanDeadline } from './plans';
import { deadlineAfter } from './promise-dates';
import { hardshipEndsAt } from './relief';

/** The promise still running, if any (one at a time). */
export function activePromise(s: CaseState): PromiseToPay | undefined {
  return s.promises.find((p) => p.status === 'ACTIVE');
}

/**
 * When the timer next has work: the earliest of the active promise's next
 * deadline, the running plan's next deadline and the end of a hardship programme.
 */
export function nextDueAt(s: CaseState): number | null {
  const p = s.status === 'OPEN' ? activePromise(s) : undefined;
  const due = [
    p?.instalments[p.instalmentsMet]?.deadlineAt ?? null,
    nextPlanDeadline(s, (date, grace) => deadlineAfter(date, grace, s.timeZone)),
    s.status === 'OPEN' ? hardshipEndsAt(s) : null,
  ].filter((t): t is number => t !== null);
  return due.length === 0 ? null : Math.min(...due);
}

/** Until when contact on the debt waits for a promise (the contact gate reads it; docs/domain.md#collections). */
export function suppressedUntil(s: CaseState): number | null {
  const p = s.status === 'OPEN' ? activePromise(s) : undefined;
  return p?.instalments.at(-1)?.deadlineAt ?? null;
}
