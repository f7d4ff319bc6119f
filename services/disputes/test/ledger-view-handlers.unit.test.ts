import type { mongo } from 'mongoose';
import { handlerFor } from '@cardline/platform';
import type { LedgerTransactionPostedV1 } from '@cardline/schemas';
import { viewHandlers } from '../src/adapters/kafka/handlers';
import { LedgerView } from '../src/adapters/mongo/ledger-view';
import { ledgerEvent, META, recordingDb } from '../../../test/support/recording-db';

// Group disputes.ledger-view stores a consumer batch of postings in one
// insert (docs/architecture.md, batched projections); the one-by-one form
// stays for a batch that failed.

const at = Date.parse('2026-03-02T10:00:00Z');
const posted = (n: number): LedgerTransactionPostedV1 => ({
  transactionId: `txn-${n}`,
  accountId: 'acc-1',
  kind: 'FEE',
  direction: 'DEBIT',
  amount: 2500,
  currency: 'USD',
  feeType: 'LATE',
  adjustmentKind: null,
  cardId: null,
  merchant: null,
  description: 'Late fee',
  requestId: null,
  relatedTransactionId: null,
  postedAt: at + n,
  balanceAfter: 2500,
  availableCreditAfter: 497500,
});

function group() {
  const { db, writes } = recordingDb();
  const handlers = viewHandlers(new LedgerView(db));
  return { writes, posted: handlerFor(handlers, 'ledger.transaction.posted.v1') };
}

it('a batch of postings is one unordered insert, each with its account version', async () => {
  const g = group();
  await g.posted?.batch?.([
    ledgerEvent('ledger.transaction.posted.v1', posted(1), 4),
    ledgerEvent('ledger.transaction.posted.v1', posted(2), 5),
  ]);
  expect(g.writes).toEqual([
    {
      collection: 'ledger_transactions',
      method: 'insertMany',
      arg: [
        expect.objectContaining({ _id: 'txn-1', feeType: 'LATE', postedAt: new Date(at + 1), seq: 4 }),
        expect.objectContaining({ _id: 'txn-2', seq: 5 }),
      ],
    },
  ]);
});

it('one by one, a posting is its own insert of the same document', async () => {
  const g = group();
  await g.posted?.(ledgerEvent('ledger.transaction.posted.v1', posted(1), 4), META);
  await g.posted?.batch?.([ledgerEvent('ledger.transaction.posted.v1', posted(1), 4)]);
  expect(g.writes.map((w) => w.method)).toEqual(['insertOne', 'insertMany']);
  expect([g.writes[0]?.arg]).toEqual(g.writes[1]?.arg as mongo.Document[]);
});
