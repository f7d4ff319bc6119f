/**
 * A hardship payment pause (docs/domain.md#ledger, "Payment pause";
 * docs/adr/0032-payment-pause-in-the-ledger.md): on the account's local
 * calendar, from the day the ledger records it up to the day it ends. A
 * statement that closes on a day of a pause asks no minimum payment, and
 * no minimum is missed (no late fee) on a day of a pause; the days of a pause are not
 * counted past due, so what was past due before it neither ages nor moves
 * the account to a later bucket while it runs. Nothing is forgiven: the
 * minimums owed before the pause stay owed, and after it the normal rule
 * resumes. Pure: local dates in, answers out.
 */
import { addDays, daysBetween } from './calendar';

/** Local dates: the first day of the pause, and the first day after it (exclusive). */
export interface PausePeriod {
  reference: string;
  from: string;
  until: string;
}

/** How many pauses an account remembers: older ones cannot reach a minimum still owed. */
export const PAUSES_KEPT = 12;

/** Whether a local date is a day of a pause: a statement closing on it asks 0, a due date on it is not missed. */
export function inPause(closedOn: string, pauses: readonly PausePeriod[]): boolean {
  return pauses.some((p) => p.from <= closedOn && closedOn < p.until);
}

/** The days after `dueDate` up to and including `through` (what days past due count) that fall in a pause. */
export function pausedDays(dueDate: string, through: string, pauses: readonly PausePeriod[]): number {
  const first = addDays(dueDate, 1);
  const end = addDays(through, 1);
  // Overlapping pauses count each day once: walk them in order of their first day.
  let counted = first;
  let days = 0;
  for (const p of [...pauses].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    const from = p.from > counted ? p.from : counted;
    const until = p.until < end ? p.until : end;
    if (until > from) {
      days += daysBetween(from, until);
      counted = until;
    }
  }
  return days;
}

/** Days past due of a minimum due on `dueDate`, as of the end of `through`: the days since, less the paused ones. */
export function daysPastDueOf(dueDate: string, through: string, pauses: readonly PausePeriod[]): number {
  return Math.max(0, daysBetween(dueDate, through) - pausedDays(dueDate, through, pauses));
}
