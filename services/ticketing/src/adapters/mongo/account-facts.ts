import type { mongo } from 'mongoose';
import {
  ensureIndexes,
  insertManyOnce,
  insertOnce,
  upsertIfNewer,
  upsertManyIfNewer,
} from '@cardline/platform';
import type {
  LedgerAccountOpenedV1,
  LedgerStatementClosedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import { paidTowardMinimum } from '@cardline/schemas';
import type { AccountFacts } from '../../domain/answers';

interface AccountDoc {
  _id: string;
  customerId: string;
  productCode: string;
  market: string;
  currency: string;
  creditLimit: number;
  aprBps: number;
  /** Absent on accounts recorded before the view kept it; their dates print in UTC, as they did then. */
  timeZone?: string;
}
interface BalanceDoc {
  /** The ledger account's aggregate version of the posting: strictly increasing per account. */
  version: number;
  _id: string;
  postedAt: number;
  balance: number;
  availableCredit: number;
}
interface StatementDoc {
  _id: string;
  accountId: string;
  periodEnd: number;
  closingBalance: number;
  minimumDue: number;
  dueDate: number;
}
interface PaymentDoc {
  _id: string;
  accountId: string;
  amount: number;
  postedAt: number;
}

/**
 * Ticketing's read model of each customer's accounts (group ticketing.answers),
 * built from ledger events only. One collection per fact, each written
 * insert-if-absent or newest-wins, so redelivery and the order in which the
 * three ledger topics arrive do not change the answer.
 */
export class AccountFactsView {
  private readonly accounts: mongo.Collection<AccountDoc>;
  private readonly balances: mongo.Collection<BalanceDoc>;
  private readonly statements: mongo.Collection<StatementDoc>;
  private readonly payments: mongo.Collection<PaymentDoc>;

  constructor(db: mongo.Db) {
    this.accounts = db.collection('facts_accounts');
    // Ordered by the account's version since it replaced posting time (two
    // postings can share a millisecond): a new collection, rebuilt from the events.
    this.balances = db.collection('facts_balances_by_version');
    this.statements = db.collection('facts_statements');
    this.payments = db.collection('facts_payments');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.accounts, [{ key: { customerId: 1 }, name: 'by_customer' }]);
    await ensureIndexes(this.statements, [{ key: { accountId: 1, periodEnd: -1 }, name: 'by_account' }]);
    await ensureIndexes(this.payments, [{ key: { accountId: 1, postedAt: 1 }, name: 'by_account' }]);
  }

  onAccountOpened(p: LedgerAccountOpenedV1): Promise<void> {
    return insertOnce(this.accounts, {
      _id: p.accountId,
      customerId: p.customerId,
      productCode: p.productCode,
      market: p.market,
      currency: p.currency,
      creditLimit: p.creditLimit,
      aprBps: p.aprBps,
      timeZone: p.timeZone,
    });
  }

  async onPosted(p: LedgerTransactionPostedV1, version: number): Promise<void> {
    // Newest by the account's version: a redelivered older posting changes nothing,
    // also when it shares its millisecond with the newer one.
    await upsertIfNewer(this.balances, balanceDoc(p, version), 'version');
    const payment = paymentDoc(p);
    if (payment) await insertOnce(this.payments, payment);
  }

  /**
   * A consumer batch of postings, in delivery order: each account's newest
   * balance in one write, the payments in another
   * (docs/architecture.md#inside-a-service).
   */
  async onTransactions(postings: { posted: LedgerTransactionPostedV1; version: number }[]): Promise<void> {
    await upsertManyIfNewer(
      this.balances,
      postings.map((x) => balanceDoc(x.posted, x.version)),
      'version',
    );
    await insertManyOnce(
      this.payments,
      postings.flatMap((x) => paymentDoc(x.posted) ?? []),
    );
  }

  onStatementClosed(p: LedgerStatementClosedV1): Promise<void> {
    return insertOnce(this.statements, {
      _id: p.statementId,
      accountId: p.accountId,
      periodEnd: p.periodEnd,
      closingBalance: p.closingBalance,
      minimumDue: p.minimumDue,
      dueDate: p.dueDate,
    });
  }

  async accountIdsOf(customerId: string): Promise<string[]> {
    const docs = await this.accounts.find({ customerId }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async facts(accountId: string): Promise<AccountFacts | null> {
    const a = await this.accounts.findOne({ _id: accountId });
    if (!a) return null;
    const [bal, st] = await Promise.all([
      this.balances.findOne({ _id: accountId }),
      this.statements.find({ accountId }).sort({ periodEnd: -1 }).limit(1).next(),
    ]);
    const paid = st ? await this.payments.find({ accountId, postedAt: { $gt: st.periodEnd } }).toArray() : [];
    return {
      accountId: a._id,
      customerId: a.customerId,
      productCode: a.productCode,
      market: a.market,
      currency: a.currency,
      creditLimit: a.creditLimit,
      aprBps: a.aprBps,
      balance: bal?.balance ?? 0,
      availableCredit: bal?.availableCredit ?? a.creditLimit,
      lastStatement: st && {
        statementId: st._id,
        periodEnd: st.periodEnd,
        closingBalance: st.closingBalance,
        minimumDue: st.minimumDue,
        dueDate: st.dueDate,
      },
      paidSinceStatement: paid.reduce((sum, x) => sum + x.amount, 0),
      timeZone: a.timeZone ?? 'UTC',
      asOf: bal?.postedAt ?? 0,
    };
  }
}

function balanceDoc(p: LedgerTransactionPostedV1, version: number): BalanceDoc {
  return {
    _id: p.accountId,
    version,
    postedAt: p.postedAt,
    balance: p.balanceAfter,
    availableCredit: p.availableCreditAfter,
  };
}

/** A payment toward the minimum, or null for any other posting. */
function paymentDoc(p: LedgerTransactionPostedV1): PaymentDoc | null {
  const paid = paidTowardMinimum(p); // docs/domain.md#ledger: payments, less payments returned
  if (paid === 0) return null;
  return { _id: p.transactionId, accountId: p.accountId, amount: paid, postedAt: p.postedAt };
}
