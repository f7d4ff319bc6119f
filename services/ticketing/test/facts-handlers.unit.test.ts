import { handlerFor } from '@cardline/platform';
import type { LedgerTransactionPostedV1 } from '@cardline/schemas';
import { factsHandlers } from '../src/adapters/kafka/handlers';
import { AccountFactsView } from '../src/adapters/mongo/account-facts';
import { ledgerEvent, META, recordingDb } from '../../../test/support/recording-db';

// Group ticketing.answers stores a consumer batch of postings in two writes,
// whatever its size: each account's newest balance in one bulk of guarded
// upserts, the payments in one insert (docs/architecture.md, batched
// projections). The one-by-one form stays for a batch that failed.

const at = Date.parse('2026-03-02T10:00:00Z');
const posted = (
  n: number,
  accountId: string,
  kind: 'PURCHASE' | 'PAYMENT',
  balanceAfter: number,
): LedgerTransactionPostedV1 => ({
  transactionId: `txn-${n}`,
  accountId,
  kind,
  direction: kind === 'PAYMENT' ? 'CREDIT' : 'DEBIT',
  amount: 1000,
  currency: 'USD',
  feeType: null,
  adjustmentKind: null,
  cardId: null,
  merchant: null,
  description: kind.toLowerCase(),
  requestId: null,
  relatedTransactionId: null,
  postedAt: at + n,
  balanceAfter,
  availableCreditAfter: 500000 - balanceAfter,
});

function group() {
  const { db, writes } = recordingDb();
  const handlers = factsHandlers(new AccountFactsView(db));
  return { writes, posted: handlerFor(handlers, 'ledger.transaction.posted.v1') };
}

it("a batch is one bulk of each account's newest balance and one insert of its payments", async () => {
  const g = group();
  await g.posted?.batch?.([
    ledgerEvent('ledger.transaction.posted.v1', posted(1, 'acc-1', 'PURCHASE', 3000), 7),
    ledgerEvent('ledger.transaction.posted.v1', posted(2, 'acc-2', 'PURCHASE', 500), 2),
    ledgerEvent('ledger.transaction.posted.v1', posted(3, 'acc-1', 'PAYMENT', 2000), 8),
  ]);
  expect(g.writes.map((w) => [w.collection, w.method])).toEqual([
    ['facts_balances_by_version', 'bulkWrite'],
    ['facts_payments', 'insertMany'],
  ]);
  expect(g.writes[0]?.arg).toEqual([
    {
      updateOne: {
        filter: { _id: 'acc-1', version: { $lt: 8 } },
        update: { $set: { version: 8, postedAt: at + 3, balance: 2000, availableCredit: 498000 } },
        upsert: true,
      },
    },
    expect.objectContaining({
      updateOne: expect.objectContaining({ filter: { _id: 'acc-2', version: { $lt: 2 } } }),
    }),
  ]);
  expect(g.writes[1]?.arg).toEqual([{ _id: 'txn-3', accountId: 'acc-1', amount: 1000, postedAt: at + 3 }]);
});

it('a batch without a payment writes only the balances; one by one, a posting is an upsert and its payment', async () => {
  const g = group();
  await g.posted?.batch?.([
    ledgerEvent('ledger.transaction.posted.v1', posted(1, 'acc-1', 'PURCHASE', 3000), 7),
  ]);
  expect(g.writes.map((w) => w.method)).toEqual(['bulkWrite']);
  await g.posted?.(ledgerEvent('ledger.transaction.posted.v1', posted(2, 'acc-1', 'PAYMENT', 2000), 8), META);
  expect(g.writes.slice(1).map((w) => [w.collection, w.method])).toEqual([
    ['facts_balances_by_version', 'updateOne'],
    ['facts_payments', 'insertOne'],
  ]);
});
