/**
 * How each event changes the account: balances and the billing cycle's
 * sums, the interest base accrued day by day, statements, past-due amounts
 * and the request ids already posted. Internal events (day-closed,
 * holds-changed) are folded like published ones.
 */
import { paidTowardMinimum } from '@cardline/schemas';
import type { AccountEvent, AccountState } from './account';
import { addDays, dayOfMonth, daysBetween, localDate } from './calendar';
import { DISPUTE_CREDITS_KEPT, heldAmount, paidInFull, uncredited } from './disputed';
import { applyPayment, closePayments, lowerEntry, owed, returnPayment, withMinimums } from './minimums';

/** How many recent request ids an account keeps: a request id posts once while it is kept. */
export const PROCESSED_REQUESTS_KEPT = 2000;

export function evolve(s: AccountState | null, e: AccountEvent): AccountState {
  if (e.type === 'ledger.account.opened.v1') {
    const p = e.payload;
    const today = localDate(p.openedAt, p.timeZone);
    return {
      accountId: p.accountId,
      customerId: p.customerId,
      productCode: p.productCode,
      market: p.market === 'CN' ? 'CN' : 'US',
      currency: p.currency,
      creditLimit: p.creditLimit,
      aprBps: p.aprBps,
      billingCycleDay: p.billingCycleDay,
      timeZone: p.timeZone,
      openedAt: p.openedAt,
      status: 'OPEN',
      balance: 0,
      cycle: freshCycle(today, addDays(today, -1)),
      statementCount: 0,
      dueDay: null,
      lastStatement: null,
      unpaidMinimums: [],
      paymentsApplied: [],
      disputeCredits: [],
      pastDue: null,
      daysPastDue: 0,
      bucket: 'CURRENT',
      lateFeeDates: [],
      // The opening day is the first one end-of-day processes.
      lastEodDate: addDays(today, -1),
      processedRequests: [],
    };
  }
  if (!s) throw new Error(`${e.type} before ledger.account.opened.v1`);
  switch (e.type) {
    case 'ledger.transaction.posted.v1': {
      const p = e.payload;
      // Days before the posting day keep the old balance, whenever end-of-day runs.
      const c = {
        ...accrue(s, addDays(localDate(p.postedAt, s.timeZone), -1)),
        transactionIds: [...s.cycle.transactionIds, p.transactionId],
      };
      if (p.kind === 'PURCHASE') c.purchases += p.amount;
      else if (p.kind === 'PAYMENT') c.payments += p.amount;
      else if (p.kind === 'FEE') c.fees += p.amount;
      else if (p.kind === 'INTEREST') c.interest += p.amount;
      else if (p.direction === 'CREDIT') c.credits += p.amount;
      else c.purchases += p.amount; // debit adjustments (rebills) count as charges
      // Only payments pay the minimum (@cardline/schemas paidTowardMinimum, read by ticketing too).
      const paid = paidTowardMinimum(p);
      const credited = p.direction === 'CREDIT' ? p.amount : Math.min(0, paid);
      const owing =
        paid > 0
          ? applyPayment(s, p.transactionId, paid)
          : paid < 0 && p.relatedTransactionId
            ? returnPayment(s, p.relatedTransactionId, -paid)
            : s;
      const lastStatement = s.lastStatement && {
        ...s.lastStatement,
        paidSinceClose: s.lastStatement.paidSinceClose + paid,
        creditsSinceClose: s.lastStatement.creditsSinceClose + credited,
      };
      const onTransaction =
        p.relatedTransactionId && paid === 0 && (p.direction === 'CREDIT' || p.kind === 'ADJUSTMENT')
          ? [
              ...s.disputeCredits.slice(-(DISPUTE_CREDITS_KEPT - 1)),
              {
                transactionId: p.relatedTransactionId,
                amount: p.direction === 'CREDIT' ? p.amount : -p.amount,
                on: localDate(p.postedAt, s.timeZone),
              },
            ]
          : s.disputeCredits;
      const lateFeeDates =
        p.feeType === 'LATE'
          ? [...s.lateFeeDates.slice(-5), localDate(p.postedAt, s.timeZone)]
          : s.lateFeeDates;
      const lastStmt =
        lastStatement && p.feeType === 'LATE' ? { ...lastStatement, lateFeeAssessed: true } : lastStatement;
      return withMinimums(
        {
          ...s,
          balance: p.balanceAfter,
          cycle: c,
          lastStatement: lastStmt,
          lateFeeDates,
          paymentsApplied: owing.paymentsApplied,
          disputeCredits: onTransaction,
          processedRequests: p.requestId
            ? [...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)), p.requestId]
            : s.processedRequests,
        },
        owing.unpaidMinimums,
      );
    }
    case 'ledger.transaction.declined.v1':
      return s;
    case 'holds-changed':
      // Days so far accrued at the old held amount; from today on the new one applies.
      return withMinimums(
        { ...s, cycle: accrue(s, s.lastEodDate), disputeHolds: e.payload.holds },
        s.unpaidMinimums,
      );
    case 'statement-payable': {
      const { statementId, payableUntil } = e.payload;
      const st = s.lastStatement;
      if (st?.statementId !== statementId) return s;
      return withMinimums(
        { ...s, lastStatement: { ...st, payableUntil } },
        s.unpaidMinimums.map((m) => (m.statementId === statementId ? { ...m, payableUntil } : m)),
      );
    }
    case 'minimum-reassessed': {
      const { statementId, disputesLeftOut, required } = e.payload;
      const st = s.lastStatement;
      if (st?.statementId !== statementId) return s;
      return withMinimums(
        { ...s, lastStatement: { ...st, disputesLeftOut, required } },
        lowerEntry(s.unpaidMinimums, statementId, st.required - required),
      );
    }
    case 'ledger.account.adjustment-rejected.v1':
      return {
        ...s,
        processedRequests: [
          ...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)),
          e.payload.requestId,
        ],
      };
    case 'ledger.statement.closed.v1': {
      const p = e.payload;
      const closedOn = localDate(p.periodEnd, s.timeZone);
      const dueDate = localDate(p.dueDate, s.timeZone);
      // The minimum holds what earlier statements left unpaid; this statement adds the rest.
      const carried = owed(s.unpaidMinimums);
      const added = p.minimumDue - carried;
      const unpaidMinimums =
        added > 0
          ? [
              ...s.unpaidMinimums,
              { statementId: p.statementId, dueDate, payableUntil: dueDate, amount: added },
            ]
          : s.unpaidMinimums;
      return withMinimums(
        {
          ...s,
          statementCount: s.statementCount + 1,
          dueDay: s.dueDay ?? dayOfMonth(dueDate),
          paymentsApplied: closePayments(s.paymentsApplied),
          lastStatement: {
            statementId: p.statementId,
            closedOn,
            closingBalance: p.closingBalance,
            interest: p.interest,
            fees: p.fees,
            carried,
            minimumDue: p.minimumDue,
            required: p.minimumDue,
            disputesLeftOut: uncredited(s.disputeHolds ?? [], s.disputeCredits),
            dueDate,
            payableUntil: dueDate,
            paidSinceClose: 0,
            creditsSinceClose: 0,
            paidInFull: null,
            lateFeeAssessed: false,
          },
          cycle: freshCycle(addDays(closedOn, 1), closedOn),
        },
        unpaidMinimums,
      );
    }
    case 'ledger.account.charged-off.v1':
      return { ...s, status: 'CHARGED_OFF' };
    case 'ledger.account.delinquency-changed.v1':
      return {
        ...s,
        bucket: e.payload.bucket === 'UNKNOWN' ? s.bucket : e.payload.bucket,
        daysPastDue: e.payload.daysPastDue,
      };
    case 'day-closed': {
      const { date } = e.payload;
      const st = s.lastStatement;
      const lastStatement = st && st.payableUntil === date ? { ...st, paidInFull: paidInFull(s, st) } : st;
      return withMinimums(
        { ...s, lastEodDate: date, lastStatement, cycle: accrue(s, date) },
        s.unpaidMinimums,
      );
    }
  }
}

/** An empty billing cycle starting on `startedOn`, interest accrued through `accruedThrough`. */
function freshCycle(startedOn: string, accruedThrough: string): AccountState['cycle'] {
  return {
    startedOn,
    purchases: 0,
    payments: 0,
    credits: 0,
    fees: 0,
    interest: 0,
    balanceDays: 0,
    accruedThrough,
    transactionIds: [],
  };
}

/** Adds the current balance for each day after accruedThrough up to `through`. */
function accrue(s: AccountState, through: string): AccountState['cycle'] {
  const days = daysBetween(s.cycle.accruedThrough, through);
  if (days <= 0) return s.cycle;
  return {
    ...s.cycle,
    // No finance charge on a disputed amount.
    balanceDays: s.cycle.balanceDays + Math.max(0, s.balance - heldAmount(s).total) * days,
    accruedThrough: through,
  };
}

export function fold(events: readonly AccountEvent[], s: AccountState | null = null): AccountState | null {
  return events.reduce<AccountState | null>((acc, e) => evolve(acc, e), s);
}
