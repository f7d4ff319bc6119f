import type { mongo } from 'mongoose';
import { ensureIndexes, insertManyOnce, insertOnce } from '@cardline/platform';
import type {
  CardsCardIssuedV1,
  LedgerAccountOpenedV1,
  LedgerStatementClosedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import type { DisputedTransaction, Network } from '../../domain/dispute';

interface AccountDoc {
  _id: string;
  customerId: string;
  market: string;
  currency: string;
  billingCycleDay: number;
  /** Absent on accounts recorded before the view kept it; those are taken to close in UTC, as disputes assumed then. */
  timeZone?: string;
}
export interface TransactionDoc {
  _id: string;
  accountId: string;
  kind: string;
  direction: string;
  feeType: string | null;
  amount: number;
  currency: string;
  postedAt: Date;
  cardId: string | null;
  /** The account's version at the posting (absent on transactions recorded before it was kept). */
  seq?: number;
}
interface StatementDoc {
  _id: string;
  accountId: string;
  closedAt: Date;
  /** The account's version at the close (absent on statements recorded before it was kept). */
  seq?: number;
  /** Statements recorded before the event carried counts listed their lines; later ones carry none. */
  transactionIds: string[];
}
interface CardDoc {
  _id: string;
  network: Network;
}

/**
 * Disputes' own read model of what it validates against: accounts,
 * transactions and the statements that showed them (ledger events), and each
 * card's network (cards events). Writes are insert-if-absent by id, so
 * redelivery changes nothing. A transaction's statement is the account's
 * first close after it, by the account versions both events carry (the
 * event no longer lists its lines: docs/architecture.md#bounded-aggregates),
 * so the order in which the transaction and statement topics arrive does not
 * matter.
 */
export class LedgerView {
  readonly accounts: mongo.Collection<AccountDoc>;
  readonly transactions: mongo.Collection<TransactionDoc>;
  readonly statements: mongo.Collection<StatementDoc>;
  readonly cards: mongo.Collection<CardDoc>;

  constructor(db: mongo.Db) {
    this.accounts = db.collection('ledger_accounts');
    this.transactions = db.collection('ledger_transactions');
    this.statements = db.collection('ledger_statements');
    this.cards = db.collection('card_networks');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.statements, [
      { key: { transactionIds: 1 }, name: 'by_transaction' },
      { key: { accountId: 1, seq: 1 }, name: 'by_account_seq' },
    ]);
    await ensureIndexes(this.transactions, [{ key: { accountId: 1, feeType: 1 }, name: 'by_account_fee' }]);
  }

  onAccountOpened(p: LedgerAccountOpenedV1): Promise<void> {
    return insertOnce(this.accounts, {
      _id: p.accountId,
      customerId: p.customerId,
      market: p.market,
      currency: p.currency,
      billingCycleDay: p.billingCycleDay,
      timeZone: p.timeZone,
    });
  }

  onPosted(p: LedgerTransactionPostedV1, seq: number): Promise<void> {
    return insertOnce(this.transactions, transactionDoc(p, seq));
  }

  /** A consumer batch of postings in one write (docs/architecture.md#inside-a-service). */
  onTransactions(docs: TransactionDoc[]): Promise<void> {
    return insertManyOnce(this.transactions, docs);
  }

  onStatementClosed(p: LedgerStatementClosedV1, seq: number): Promise<void> {
    return insertOnce(this.statements, {
      _id: p.statementId,
      accountId: p.accountId,
      closedAt: new Date(p.periodEnd),
      seq,
      transactionIds: p.transactionIds,
    });
  }

  onCardIssued(p: CardsCardIssuedV1): Promise<void> {
    return insertOnce(this.cards, { _id: p.cardId, network: p.network });
  }

  async account(accountId: string) {
    const a = await this.accounts.findOne({ _id: accountId });
    return (
      a && {
        accountId: a._id,
        customerId: a.customerId,
        billingCycleDay: a.billingCycleDay,
        timeZone: a.timeZone ?? 'UTC',
        market: a.market,
      }
    );
  }

  /** The transaction as the decider needs it, with the first statement that showed it. */
  async transaction(transactionId: string): Promise<DisputedTransaction | null> {
    const t = await this.transactions.findOne({ _id: transactionId });
    if (!t) return null;
    const st = await this.firstStatementShowing(t);
    return {
      transactionId: t._id,
      accountId: t.accountId,
      kind: t.kind,
      direction: t.direction,
      feeType: t.feeType,
      amount: t.amount,
      currency: t.currency,
      postedAt: t.postedAt.getTime(),
      cardId: t.cardId,
      statement: st ? { statementId: st._id, closedAt: st.closedAt.getTime() } : null,
    };
  }

  private async firstStatementShowing(t: TransactionDoc): Promise<StatementDoc | null> {
    const first = (filter: mongo.Filter<StatementDoc>) =>
      this.statements.find(filter).sort({ closedAt: 1 }).limit(1).next();
    const listed = await first({ transactionIds: t._id });
    if (listed || t.seq === undefined) return listed;
    return first({ accountId: t.accountId, seq: { $gt: t.seq } });
  }

  /** When the account's late fees posted, but `exceptTransactionId` (the goodwill look-back counts them). */
  async lateFeesPostedAt(accountId: string, exceptTransactionId: string): Promise<number[]> {
    const fees = await this.transactions
      .find({ accountId, kind: 'FEE', feeType: 'LATE', _id: { $ne: exceptTransactionId } })
      .project<{ postedAt: Date }>({ postedAt: 1 })
      .toArray();
    return fees.map((f) => f.postedAt.getTime());
  }

  async network(cardId: string | null): Promise<Network> {
    if (!cardId) return 'UNKNOWN';
    return (await this.cards.findOne({ _id: cardId }))?.network ?? 'UNKNOWN';
  }
}

/** A posting as the view keeps it; `seq` is the account's version at it. */
export function transactionDoc(p: LedgerTransactionPostedV1, seq: number): TransactionDoc {
  return {
    _id: p.transactionId,
    accountId: p.accountId,
    kind: p.kind,
    direction: p.direction,
    feeType: p.feeType,
    amount: p.amount,
    currency: p.currency,
    postedAt: new Date(p.postedAt),
    cardId: p.cardId,
    seq,
  };
}
