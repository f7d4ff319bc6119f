/**
 * Delinquency: a minimum not paid by its due date becomes past due
 * (minimums.ts) and costs a late fee (once per statement, by the market's
 * rule); days past due move the account between buckets, at the end of a day
 * or when a payment pays the oldest unpaid minimum (posting.ts), up to
 * charge-off.
 */
import type { AccountEvent, AccountState, RunEndOfDay } from './account';
import { pausesOf } from './arrangements';
import { daysBetween } from './calendar';
import { owed } from './minimums';
import { inPause } from './payment-pause';
import { chargedOff, delinquencyChanged, posted } from './events';
import { bucketFor, lateFeeFor, type MarketPolicy } from './policy';

/**
 * What of the payment the last statement asks for is unpaid at the end of the
 * last day to pay it on time (0 on other days): what is owed of the minimums
 * due by then. Disputed
 * amounts are already left out of it, once (statement.ts, holds.ts).
 */
export function missedMinimum(s: AccountState, day: string): number {
  const st = s.lastStatement;
  // While a payment pause runs nothing is missed, and a statement closed in one asked nothing (payment-pause.ts).
  const pauses = pausesOf(s);
  if (st?.payableUntil !== day || inPause(st.closedOn, pauses) || inPause(day, pauses)) return 0;
  return owed(s.unpaidMinimums.filter((m) => m.payableUntil <= day));
}

/** The late fee for a missed minimum, if the statement has none yet and the market charges one. */
export function lateFee(
  s: AccountState,
  missed: number,
  day: string,
  at: number,
  cmd: RunEndOfDay,
  policy: MarketPolicy,
): AccountEvent | null {
  const st = s.lastStatement;
  if (!st || missed <= 0 || st.lateFeeAssessed) return null;
  const recent = s.lateFeeDates.some((d) => daysBetween(d, day) <= policy.lateFee.repeatWindowCycles * 31);
  // Capped at the payment the due date asked for, disputed amounts left out (Reg Z 1026.52(b)).
  const fee = lateFeeFor(policy, missed, st.required, recent);
  if (fee <= 0) return null;
  return posted(s, {
    transactionId: cmd.newId('fee'),
    kind: 'FEE',
    direction: 'DEBIT',
    amount: fee,
    description: `Late fee: minimum payment due ${st.dueDate} not received`,
    merchant: null,
    cardId: null,
    feeType: 'LATE',
    adjustmentKind: null,
    requestId: `late-fee:${st.statementId}`,
    relatedTransactionId: null,
    at,
  });
}

/**
 * The bucket move the account's days past due call for, if any; into
 * CHARGE_OFF, the charge-off too. A charged-off account stays so: what is
 * paid then is recovered.
 */
export function bucketMoves(s: AccountState, at: number): AccountEvent[] {
  const bucket = bucketFor(s.daysPastDue);
  if (bucket === s.bucket || s.status === 'CHARGED_OFF') return [];
  const moved = delinquencyChanged(s, s.daysPastDue, bucket, s.pastDue?.amount ?? 0, at);
  return bucket === 'CHARGE_OFF' ? [moved, chargedOff(s, at)] : [moved];
}
