import type { mongo } from 'mongoose';
import { ensureIndexes, insertManyOnce, insertOnce } from '@cardline/platform';
import type {
  LedgerStatementClosedV1,
  LedgerTransactionDeclinedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import { statementLinesFilter } from './statement-lines';

export interface TransactionView {
  _id: string;
  accountId: string;
  status: 'POSTED' | 'DECLINED';
  kind: string;
  direction: string | null;
  amount: number;
  currency: string;
  description: string;
  merchant: LedgerTransactionPostedV1['merchant'];
  cardId: string | null;
  feeType: string | null;
  adjustmentKind: string | null;
  requestId: string | null;
  relatedTransactionId: string | null;
  declineReason: string | null;
  at: Date;
  /** The account's version at this event: orders postings that share a timestamp. */
  seq: number;
  balanceAfter: number | null;
  correlationId: string;
}

/** The closed event as projected; statements projected before it carried counts lack them. */
type Counts = 'transactionCount' | 'firstTransactionId' | 'lastTransactionId';

export interface StatementView
  extends
    Omit<LedgerStatementClosedV1, 'periodStart' | 'periodEnd' | 'dueDate' | Counts>,
    Partial<Pick<LedgerStatementClosedV1, Counts>> {
  _id: string;
  periodStart: Date;
  periodEnd: Date;
  dueDate: Date;
  /** The account's version at the close (absent on statements projected before it was kept). */
  seq?: number;
}

/**
 * Ledger's query models, projected from its own events. Writes are
 * insert-if-absent by event-derived id, so a redelivered event changes
 * nothing.
 */
export class LedgerReadModels {
  readonly transactions: mongo.Collection<TransactionView>;
  readonly statements: mongo.Collection<StatementView>;

  constructor(db: mongo.Db) {
    this.transactions = db.collection<TransactionView>('transactions');
    this.statements = db.collection<StatementView>('statements');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.transactions, [{ key: { accountId: 1, seq: -1 }, name: 'by_account_seq' }]);
    await ensureIndexes(this.statements, [
      { key: { accountId: 1, periodEnd: -1 }, name: 'by_account_period' },
    ]);
  }

  async onPosted(p: LedgerTransactionPostedV1, correlationId: string, seq: number): Promise<void> {
    await insertOnce(this.transactions, postedView(p, correlationId, seq));
  }

  async onDeclined(p: LedgerTransactionDeclinedV1, correlationId: string, seq: number): Promise<void> {
    await insertOnce(this.transactions, declinedView(p, correlationId, seq));
  }

  /** A consumer batch of postings and declines in one write (docs/architecture.md#inside-a-service). */
  async onTransactions(views: TransactionView[]): Promise<void> {
    await insertManyOnce(this.transactions, views);
  }

  async onStatementClosed(p: LedgerStatementClosedV1, seq: number): Promise<void> {
    await insertOnce(this.statements, {
      ...p,
      _id: p.statementId,
      seq,
      periodStart: new Date(p.periodStart),
      periodEnd: new Date(p.periodEnd),
      dueDate: new Date(p.dueDate),
    });
  }

  /** Newest first; `before` is the `seq` of the last item of the previous page. */
  listTransactions(accountId: string, limit: number, before?: number): Promise<TransactionView[]> {
    return this.page({ accountId }, limit, before);
  }

  /** A statement's lines, newest first, paged like listTransactions; null: no such statement. */
  async statementLines(
    accountId: string,
    statementId: string,
    limit: number,
    before?: number,
  ): Promise<TransactionView[] | null> {
    const st = await this.getStatement(accountId, statementId);
    if (!st) return null;
    return this.page(await statementLinesFilter(this.statements, this.transactions, st), limit, before);
  }

  private page(
    filter: mongo.Filter<TransactionView>,
    limit: number,
    before?: number,
  ): Promise<TransactionView[]> {
    const f = before !== undefined ? { $and: [filter, { seq: { $lt: before } }] } : filter;
    return this.transactions.find(f).sort({ seq: -1 }).limit(limit).toArray();
  }

  listStatements(accountId: string): Promise<StatementView[]> {
    return this.statements.find({ accountId }).sort({ periodEnd: -1 }).toArray();
  }

  getStatement(accountId: string, statementId: string): Promise<StatementView | null> {
    return this.statements.findOne({ _id: statementId, accountId });
  }
}

/** The transaction list's entry for a posting. */
export function postedView(
  p: LedgerTransactionPostedV1,
  correlationId: string,
  seq: number,
): TransactionView {
  return {
    _id: p.transactionId,
    accountId: p.accountId,
    status: 'POSTED',
    kind: p.kind,
    direction: p.direction,
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    merchant: p.merchant,
    cardId: p.cardId,
    feeType: p.feeType,
    adjustmentKind: p.adjustmentKind,
    requestId: p.requestId,
    relatedTransactionId: p.relatedTransactionId,
    declineReason: null,
    at: new Date(p.postedAt),
    seq,
    balanceAfter: p.balanceAfter,
    correlationId,
  };
}

/** The transaction list's entry for a declined authorisation. */
export function declinedView(
  p: LedgerTransactionDeclinedV1,
  correlationId: string,
  seq: number,
): TransactionView {
  return {
    _id: p.transactionId,
    accountId: p.accountId,
    status: 'DECLINED',
    kind: 'PURCHASE',
    direction: null,
    amount: p.amount,
    currency: p.currency,
    description: p.merchant?.name ?? 'Purchase',
    merchant: p.merchant,
    cardId: p.cardId,
    feeType: null,
    adjustmentKind: null,
    requestId: null,
    relatedTransactionId: null,
    declineReason: p.reason,
    at: new Date(p.declinedAt),
    seq,
    balanceAfter: null,
    correlationId,
  };
}
