import type { LedgerTransactionPostedV1 } from '@cardline/schemas';

/** A typical card purchase as the ledger publishes it. */
export function postedEvent(i: number): LedgerTransactionPostedV1 {
  return {
    transactionId: `txn_3f1c2a9e-5b7d-4c1e-9a2b-${String(i).padStart(12, '0')}`,
    accountId: 'acc_8a0e2f4c-1d3b-4e5f-8a7b-9c0d1e2f3a4b',
    kind: 'PURCHASE',
    direction: 'DEBIT',
    amount: 4599 + (i % 1000),
    currency: 'USD',
    feeType: null,
    adjustmentKind: null,
    cardId: 'card_51d7c0de',
    merchant: { name: 'Whole Foods Market', mcc: '5411', city: 'New York', country: 'US' },
    description: 'Whole Foods Market',
    requestId: null,
    relatedTransactionId: null,
    postedAt: 1795430400000 + i,
    balanceAfter: 123456 + i,
    availableCreditAfter: 376544 - i,
  };
}
