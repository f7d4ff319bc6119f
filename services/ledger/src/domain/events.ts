/** Events several of the account's commands build alike. */
import type { LedgerTransactionPostedV1 } from '@cardline/schemas';
import type { AccountEvent, AccountState, Direction, Merchant, TransactionKind } from './account';
import type { DelinquencyBucket } from './policy';

/** A transaction to post, whatever asked for it (a command, a fee, interest). */
export interface Posting {
  transactionId: string;
  kind: TransactionKind;
  direction: Direction;
  amount: number;
  description: string;
  merchant: Merchant | null;
  cardId: string | null;
  feeType: LedgerTransactionPostedV1['feeType'];
  adjustmentKind: string | null;
  requestId: string | null;
  relatedTransactionId: string | null;
  at: number;
}

export function posted(s: AccountState, p: Posting): AccountEvent {
  const balanceAfter = s.balance + (p.direction === 'DEBIT' ? p.amount : -p.amount);
  return {
    type: 'ledger.transaction.posted.v1',
    payload: {
      transactionId: p.transactionId,
      accountId: s.accountId,
      kind: p.kind,
      direction: p.direction,
      amount: p.amount,
      currency: s.currency,
      feeType: p.feeType,
      adjustmentKind: p.adjustmentKind,
      cardId: p.cardId,
      merchant: p.merchant,
      description: p.description,
      requestId: p.requestId,
      relatedTransactionId: p.relatedTransactionId,
      postedAt: p.at,
      balanceAfter,
      availableCreditAfter: s.creditLimit - balanceAfter,
    },
  };
}

/** Charged off: the balance is kept for recovery (docs/domain.md#ledger). */
export function chargedOff(s: AccountState, at: number): AccountEvent {
  return {
    type: 'ledger.account.charged-off.v1',
    payload: {
      accountId: s.accountId,
      daysPastDue: s.daysPastDue,
      balance: s.balance,
      amountPastDue: s.pastDue?.amount ?? 0,
      currency: s.currency,
      chargedOffAt: at,
    },
  };
}

export function delinquencyChanged(
  s: AccountState,
  dpd: number,
  bucket: DelinquencyBucket,
  amountPastDue: number,
  at: number,
): AccountEvent {
  return {
    type: 'ledger.account.delinquency-changed.v1',
    payload: {
      accountId: s.accountId,
      daysPastDue: dpd,
      bucket,
      previousBucket: s.bucket,
      amountPastDue,
      currency: s.currency,
      asOf: at,
    },
  };
}
