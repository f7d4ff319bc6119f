import { connectMongo } from '@cardline/platform';
import type { LedgerTransactionPostedV1 } from '@cardline/schemas';
import { AccountFactsView } from '../src/adapters/mongo/account-facts';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// Ticketing's view of an account's balance on the real Mongo-wire server,
// fed out of order as redelivery can: the newest posting stays, by the
// ledger account's version, even when two postings share a millisecond.
let view: AccountFactsView;

beforeAll(async () => {
  const m = await connectMongo(serverEnv().MONGO_URL, unique('facts_test').replace(/-/g, '_'));
  stopAfterFile({ stop: () => m.close() }, 'mongo client');
  view = new AccountFactsView(m.db);
  await view.ensureIndexes();
});

const posted = (
  accountId: string,
  n: number,
  balanceAfter: number,
  postedAt: number,
): LedgerTransactionPostedV1 =>
  ({
    transactionId: `txn-${n}`,
    accountId,
    kind: 'PURCHASE',
    direction: 'DEBIT',
    amount: 1000,
    currency: 'USD',
    feeType: null,
    adjustmentKind: null,
    cardId: null,
    merchant: null,
    description: 'purchase',
    requestId: null,
    relatedTransactionId: null,
    postedAt,
    balanceAfter,
    availableCreditAfter: 500000 - balanceAfter,
  }) as LedgerTransactionPostedV1;

it('an older posting redelivered after a newer one in the same millisecond leaves the newer balance', async () => {
  const accountId = unique('acc');
  await view.onAccountOpened({
    accountId,
    customerId: unique('cus'),
    productCode: 'CLASSIC',
    market: 'US',
    currency: 'USD',
    creditLimit: 500000,
    aprBps: 2499,
  } as never);
  const ms = Date.parse('2026-03-02T10:00:00Z');
  await view.onPosted(posted(accountId, 1, 1000, ms), 2);
  await view.onPosted(posted(accountId, 2, 2000, ms), 3);
  await view.onPosted(posted(accountId, 1, 1000, ms), 2); // redelivered, older
  expect((await view.facts(accountId))?.balance).toBe(2000);
  await view.onPosted(posted(accountId, 3, 3000, ms + 1), 4);
  expect((await view.facts(accountId))?.balance).toBe(3000);
});

it('a consumer batch leaves what its postings one by one leave, also around a newer balance already stored', async () => {
  const [newer, fresh] = [unique('acc'), unique('acc')];
  const ms = Date.parse('2026-03-02T11:00:00Z');
  for (const accountId of [newer, fresh])
    await view.onAccountOpened({
      accountId,
      customerId: unique('cus'),
      productCode: 'CLASSIC',
      market: 'US',
      currency: 'USD',
      creditLimit: 500000,
      aprBps: 2499,
    } as never);
  await view.onPosted(posted(newer, 10, 9000, ms), 9);
  await view.onStatementClosed({
    statementId: unique('st'),
    accountId: fresh,
    periodEnd: ms - 1,
    closingBalance: 0,
    minimumDue: 0,
    dueDate: ms + 25 * 86_400_000,
  } as never);
  // The first balance upsert meets a newer stored balance, a duplicate key:
  // FerretDB stops the bulk there, and the upserts after it still have to be
  // written.
  await view.onTransactions([
    { posted: posted(newer, 12, 5000, ms), version: 5 },
    { posted: posted(fresh, 11, 1000, ms), version: 2 },
    { posted: posted(fresh, 13, 2000, ms + 1), version: 3 },
    {
      posted: { ...posted(fresh, 14, 1500, ms + 2), kind: 'PAYMENT', direction: 'CREDIT', amount: 500 },
      version: 4,
    },
  ]);
  expect((await view.facts(newer))?.balance).toBe(9000);
  expect(await view.facts(fresh)).toMatchObject({ balance: 1500, asOf: ms + 2, paidSinceStatement: 500 });
});
