/**
 * Statement close on the cycle day: interest on the cycle's balance when the
 * account revolves (the grace period spares a statement paid in full), then
 * the statement with its minimum due and due date. Disputed amounts are left
 * out of what is asked for.
 */
import type { AccountEvent, AccountState, RunEndOfDay } from './account';
import { addDays, endOfLocalDate, startOfLocalDate } from './calendar';
import { posted } from './events';
import { evolve } from './evolve';
import { heldAmount } from './holds';
import { interestFor, minimumDue, type MarketPolicy } from './policy';

/** Interest (when revolving) and the statement; the cycle's day-closed has already run. */
export function closeStatement(
  s: AccountState,
  day: string,
  at: number,
  cmd: RunEndOfDay,
  policy: MarketPolicy,
): AccountEvent[] {
  const out: AccountEvent[] = [];
  const prev = s.lastStatement;
  // Grace period: no interest when the previous statement was paid in full.
  const revolving = prev !== null && prev.closingBalance > 0 && prev.paidSinceClose < prev.closingBalance;
  const interest = revolving ? interestFor(s.cycle.balanceDays, s.aprBps) : 0;
  let cur = s;
  if (interest > 0) {
    const e = posted(s, {
      transactionId: cmd.newId('int'),
      kind: 'INTEREST',
      direction: 'DEBIT',
      amount: interest,
      description: `Interest charge at ${(s.aprBps / 100).toFixed(2)}% APR`,
      merchant: null,
      cardId: null,
      feeType: null,
      adjustmentKind: null,
      requestId: null,
      relatedTransactionId: null,
      at,
    });
    out.push(e);
    cur = evolve(s, e);
  }
  const held = heldAmount(cur);
  const min = minimumDue(
    policy,
    Math.max(0, cur.balance - held.total),
    interest,
    Math.max(0, cur.cycle.fees - held.fees),
    cur.pastDue?.amount ?? 0,
  );
  out.push({
    type: 'ledger.statement.closed.v1',
    payload: {
      statementId: cmd.newId('stmt'),
      accountId: s.accountId,
      currency: s.currency,
      periodStart: startOfLocalDate(s.cycle.startedOn, s.timeZone),
      periodEnd: at,
      previousBalance: prev?.closingBalance ?? 0,
      purchases: cur.cycle.purchases,
      payments: cur.cycle.payments,
      credits: cur.cycle.credits,
      fees: cur.cycle.fees,
      interest,
      closingBalance: cur.balance,
      minimumDue: min,
      dueDate: endOfLocalDate(addDays(day, policy.graceDays), s.timeZone) - 1,
      transactionIds: cur.cycle.transactionIds,
    },
  });
  return out;
}
