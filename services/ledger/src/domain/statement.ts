/**
 * Statement close on the cycle day: interest on the cycle's balance when the
 * account revolves (the grace period spares a statement paid in full), then
 * the statement with its minimum due and due date. Disputed amounts are left
 * out of what is asked for; a statement closing in a payment pause asks 0.
 */
import { aprBpsAt, pausesOf } from './arrangements';
import type { AccountEvent, AccountState, RunEndOfDay, StatementSummary } from './account';
import { addDays, dueDateAfter, endOfLocalDate, nextBusinessDay, startOfLocalDate } from './calendar';
import { posted } from './events';
import { evolve } from './evolve';
import { heldAmount, paidInFull, type Held } from './disputed';
import { owed } from './minimums';
import { inPause } from './payment-pause';
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
  // Grace period: no interest when the previous statement was paid in full by its due date.
  const revolving = prev !== null && !(prev.paidInFull ?? paidInFull(s, prev));
  // A hardship reduced rate running at the close applies to the whole cycle (arrangements.ts).
  const apr = aprBpsAt(s, at);
  const interest = revolving ? interestFor(s.cycle.balanceDays, apr) : 0;
  let cur = s;
  if (interest > 0) {
    const e = posted(s, {
      transactionId: cmd.newId('int'),
      kind: 'INTEREST',
      direction: 'DEBIT',
      amount: interest,
      description: `Interest charge at ${(apr / 100).toFixed(2)}% APR`,
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
  // A statement closing in a payment pause asks nothing; what earlier ones asked stays owed (payment-pause.ts).
  const min = inPause(day, pausesOf(s))
    ? 0
    : minimumLeavingOut(
        heldAmount(cur),
        { closingBalance: cur.balance, interest, fees: cur.cycle.fees, carried: owed(cur.unpaidMinimums) },
        policy,
      );
  // The same day every month, from the first statement's due date on (docs/domain.md#ledger).
  const dueDate =
    s.dueDay === null
      ? addDays(day, policy.dueDate.firstDaysAfterClose)
      : dueDateAfter(day, s.dueDay, policy.dueDate.minDaysAfterClose);
  const statementId = cmd.newId('stmt');
  out.push({
    type: 'ledger.statement.closed.v1',
    payload: {
      statementId,
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
      dueDate: endOfLocalDate(dueDate, s.timeZone) - 1,
      // Counts, not lines: the lines are the transactions read model's (docs/architecture.md#bounded-aggregates).
      transactionIds: [],
      transactionCount: cur.cycle.transactionCount,
      firstTransactionId: cur.cycle.firstTransactionId,
      lastTransactionId: cur.cycle.lastTransactionId,
    },
  });
  out.push({
    type: 'statement-payable',
    payload: { statementId, payableUntil: nextBusinessDay(dueDate, policy.calendar) },
  });
  return out;
}

type MinimumBasis = Pick<StatementSummary, 'closingBalance' | 'interest' | 'fees' | 'carried'>;

/** The market's minimum on what the statement shows, the disputed amounts left out (once). */
function minimumLeavingOut(held: Held, b: MinimumBasis, policy: MarketPolicy): number {
  return minimumDue(
    policy,
    Math.max(0, b.closingBalance - held.total),
    b.interest,
    Math.max(0, b.fees - held.fees),
    b.carried,
  );
}

/**
 * The payment a closed statement's due date asks for, with `held` (the disputed
 * amounts it shows) left out: worked out as at the close, never more than it asked then.
 */
export function requiredPayment(st: StatementSummary, held: Held, policy: MarketPolicy): number {
  return Math.min(st.minimumDue, minimumLeavingOut(held, st, policy));
}
