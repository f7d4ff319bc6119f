import type { AccountEvent, AccountState, RunEndOfDay } from './account';
import { addDays, dayOfMonth, endOfLocalDate, localDate } from './calendar';
import { bucketMove, lateFee, missedMinimum } from './delinquency';
import { evolve } from './evolve';
import type { MarketPolicy } from './policy';
import { closeStatement } from './statement';

/**
 * Runs each local day that has ended by `asOf`, in order: the due-date
 * check (late fee, missed minimum becomes past due), the day's close
 * (interest base), statement close on the cycle day (interest, minimum due,
 * due date), then days past due and bucket moves. Days are folded one at a
 * time, so a clock jump of weeks gives the same result as daily runs.
 */
export function runEndOfDay(cmd: RunEndOfDay, start: AccountState, policy: MarketPolicy): AccountEvent[] {
  const events: AccountEvent[] = [];
  let s = start;
  const emit = (e: AccountEvent) => {
    events.push(e);
    s = evolve(s, e);
  };
  for (
    let day = addDays(s.lastEodDate, 1);
    endOfLocalDate(day, s.timeZone) <= cmd.asOf;
    day = addDays(day, 1)
  ) {
    const dayEnd = endOfLocalDate(day, s.timeZone) - 1;
    const missed = missedMinimum(s, day);
    const fee = lateFee(s, missed, day, dayEnd, cmd, policy);
    if (fee) emit(fee);
    emit({ type: 'day-closed', payload: { date: day, missedMinimum: missed } });
    if (dayOfMonth(day) === s.billingCycleDay && day !== localDate(s.openedAt, s.timeZone)) {
      closeStatement(s, day, dayEnd, cmd, policy).forEach(emit);
    }
    const moved = bucketMove(s, dayEnd);
    if (moved) emit(moved);
  }
  return events;
}
