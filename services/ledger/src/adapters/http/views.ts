import { disputedAmount, heldAmount, type AccountState } from '../../domain/account';
import type { StatementView, TransactionView } from '../mongo/read-models';

/** What the API shows of an account: figures an agent answers questions with. */
export function accountView(s: AccountState) {
  return {
    accountId: s.accountId,
    customerId: s.customerId,
    productCode: s.productCode,
    market: s.market,
    status: s.status,
    currency: s.currency,
    creditLimit: s.creditLimit,
    balance: s.balance,
    availableCredit: s.creditLimit - s.balance,
    aprBps: s.aprBps,
    billingCycleDay: s.billingCycleDay,
    timeZone: s.timeZone,
    openedAt: new Date(s.openedAt).toISOString(),
    daysPastDue: s.daysPastDue,
    delinquencyBucket: s.bucket,
    amountPastDue: s.pastDue?.amount ?? 0,
    /** Under open disputes, whether or not credited provisionally. */
    amountInDispute: disputedAmount(s),
    /** What of it is held: not collected, no finance charge, not past due (a credited part is off the balance). */
    amountHeld: heldAmount(s).total,
    lastStatement: s.lastStatement && {
      statementId: s.lastStatement.statementId,
      closedOn: s.lastStatement.closedOn,
      closingBalance: s.lastStatement.closingBalance,
      minimumDue: s.lastStatement.minimumDue,
      /** What the due date asks for once disputed amounts are set aside (docs/domain.md#ledger). */
      minimumDueNow: s.lastStatement.required,
      dueDate: s.lastStatement.dueDate,
      paidSinceClose: s.lastStatement.paidSinceClose,
    },
  };
}

export function transactionView(t: TransactionView) {
  const { _id, ...rest } = t;
  return { transactionId: _id, ...rest, at: t.at.toISOString() };
}

export function statementView(s: StatementView) {
  const { _id, seq: _seq, ...rest } = s;
  return {
    ...rest,
    statementId: _id,
    // Projected before the event carried counts: its listed lines give them.
    transactionCount: s.transactionCount ?? s.transactionIds.length,
    firstTransactionId: s.firstTransactionId ?? s.transactionIds[0] ?? null,
    lastTransactionId: s.lastTransactionId ?? s.transactionIds.at(-1) ?? null,
    periodStart: s.periodStart.toISOString(),
    periodEnd: s.periodEnd.toISOString(),
    dueDate: s.dueDate.toISOString(),
  };
}
