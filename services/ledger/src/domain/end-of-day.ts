import type { AccountEvent, AccountState, RunEndOfDay } from './account';
import { addDays, dayOfMonth, endOfLocalDate, localDate } from './calendar';
import { bucketMoves, lateFee, missedMinimum } from './delinquency';
import { evolve } from './evolve';
import type { MarketPolicy } from './policy';
import { closeStatement } from './statement';

/**
 * Runs each local day that has ended by `asOf`, in order: the due-date
 * check (late fee, missed minimum becomes past due), the day's close
 * (interest base), statement close on the cycle day (interest, minimum due,
 * due date), then days past due and bucket moves (charge-off at 180 days;
 * a charged-off account only closes its days). Days are folded one at a
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
    // Charged off: no fees, interest or statements (Reg Z 1026.5(b)(2)(i)); the days still close.
    if (s.status === 'CHARGED_OFF') {
      emit({ type: 'day-closed', payload: { date: day, missedMinimum: 0 } });
      continue;
    }
    const missed = missedMinimum(s, day);
    const fee = lateFee(s, missed, day, dayEnd, cmd, policy);
    if (fee) emit(fee);
    emit({ type: 'day-closed', payload: { date: day, missedMinimum: missed } });
    if (dayOfMonth(day) === s.billingCycleDay && day !== localDate(s.openedAt, s.timeZone)) {
      closeStatement(s, day, dayEnd, cmd, policy).forEach(emit);
    }
    bucketMoves(s, dayEnd).forEach(emit);
  }
  return events;
}
