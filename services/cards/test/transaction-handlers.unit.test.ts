import type { mongo } from 'mongoose';
import { handlerFor } from '@cardline/platform';
import type { LedgerTransactionDeclinedV1, LedgerTransactionPostedV1 } from '@cardline/schemas';
import { transactionHandlers } from '../src/adapters/kafka/handlers';
import { CardTransactionsView, type CardTransactionDoc } from '../src/adapters/mongo/card-transactions';
import { ledgerEvent, META, recordingDb } from '../../../test/support/recording-db';

// Group cards.card-transactions stores a consumer batch of postings and
// declines in one insert (docs/architecture.md, batched projections); the
// one-by-one form stays for a batch that failed.

const at = Date.parse('2026-03-02T10:00:00Z');
const posted = (n: number, cardId: string | null): LedgerTransactionPostedV1 => ({
  transactionId: `txn-${n}`,
  accountId: 'acc-1',
  kind: cardId ? 'PURCHASE' : 'PAYMENT',
  direction: cardId ? 'DEBIT' : 'CREDIT',
  amount: 1000,
  currency: 'USD',
  feeType: null,
  adjustmentKind: null,
  cardId,
  merchant: null,
  description: 'purchase',
  requestId: null,
  relatedTransactionId: null,
  postedAt: at + n,
  balanceAfter: 1000,
  availableCreditAfter: 499000,
});
const declined = (n: number): LedgerTransactionDeclinedV1 => ({
  transactionId: `txn-${n}`,
  accountId: 'acc-1',
  amount: 90000,
  currency: 'USD',
  cardId: 'card-1',
  merchant: null,
  reason: 'INSUFFICIENT_CREDIT',
  availableCredit: 499000,
  declinedAt: at + n,
});

function group() {
  const { db, writes } = recordingDb();
  const view = new CardTransactionsView(db.collection<CardTransactionDoc>('card_transactions'));
  const handlers = transactionHandlers(view);
  return {
    writes,
    posted: handlerFor(handlers, 'ledger.transaction.posted.v1'),
    declined: handlerFor(handlers, 'ledger.transaction.declined.v1'),
  };
}

it('postings and declines share one batch form, so a mixed batch is one write', () => {
  const g = group();
  expect(g.posted?.batch).toBeDefined();
  expect(g.posted?.batch).toBe(g.declined?.batch);
});

it('a batch is one unordered insert of the card transactions in it, in order; postings without a card are left out', async () => {
  const g = group();
  await g.posted?.batch?.([
    ledgerEvent('ledger.transaction.posted.v1', posted(1, 'card-1'), 2),
    ledgerEvent('ledger.transaction.posted.v1', posted(2, null), 3),
    ledgerEvent('ledger.transaction.declined.v1', declined(3), 3),
  ]);
  expect(g.writes).toHaveLength(1);
  expect(g.writes[0]?.method).toBe('insertMany');
  expect(g.writes[0]?.arg).toEqual([
    expect.objectContaining({ _id: 'txn-1', status: 'POSTED', cardId: 'card-1', at: new Date(at + 1) }),
    expect.objectContaining({ _id: 'txn-3', status: 'DECLINED', declineReason: 'INSUFFICIENT_CREDIT' }),
  ]);
});

it('a batch without a card transaction writes nothing; one by one, each event is its own insert', async () => {
  const g = group();
  await g.posted?.batch?.([ledgerEvent('ledger.transaction.posted.v1', posted(1, null), 2)]);
  expect(g.writes).toEqual([]);
  await g.posted?.(ledgerEvent('ledger.transaction.posted.v1', posted(2, 'card-1'), 3), META);
  await g.declined?.(ledgerEvent('ledger.transaction.declined.v1', declined(3), 3), META);
  expect(g.writes.map((w) => [w.method, (w.arg as mongo.Document)._id])).toEqual([
    ['insertOne', 'txn-2'],
    ['insertOne', 'txn-3'],
  ]);
});
