import type { mongo } from 'mongoose';
import { ensureIndexes, insertManyOnce, insertOnce } from '@cardline/platform';
import type { LedgerTransactionDeclinedV1, LedgerTransactionPostedV1 } from '@cardline/schemas';
import type { TraceTransaction } from '../../domain/card';
import type { CardTransactions } from '../../application/ports';

export interface CardTransactionDoc {
  _id: string; // transactionId
  cardId: string;
  accountId: string;
  status: 'POSTED' | 'DECLINED';
  kind: string;
  direction: string | null;
  amount: number;
  currency: string;
  merchant: LedgerTransactionPostedV1['merchant'];
  declineReason: string | null;
  at: Date;
}

/**
 * Cards' read model of card transactions, from the ledger's events. Only
 * card transactions are kept; writes are insert-if-absent by transaction id,
 * so a redelivered event changes nothing.
 */
export class CardTransactionsView implements CardTransactions {
  constructor(readonly collection: mongo.Collection<CardTransactionDoc>) {}

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { cardId: 1, at: 1 }, name: 'by_card_time' }]);
  }

  async onPosted(p: LedgerTransactionPostedV1): Promise<void> {
    const doc = postedDoc(p);
    if (doc) await insertOnce(this.collection, doc);
  }

  async onDeclined(p: LedgerTransactionDeclinedV1): Promise<void> {
    const doc = declinedDoc(p);
    if (doc) await insertOnce(this.collection, doc);
  }

  /** A consumer batch of postings and declines in one write (docs/architecture.md#inside-a-service). */
  async onTransactions(docs: CardTransactionDoc[]): Promise<void> {
    await insertManyOnce(this.collection, docs);
  }

  /** Posted debits on the card after `after` (what the fraud trace is picked from), oldest first. */
  async since(cardId: string, after: number): Promise<TraceTransaction[]> {
    const docs = await this.collection
      .find({ cardId, status: 'POSTED', direction: 'DEBIT', at: { $gt: new Date(after) } })
      .sort({ at: 1 })
      .toArray();
    return docs.map((d) => ({
      transactionId: d._id,
      amount: d.amount,
      currency: d.currency,
      // The ledger authorises a purchase as it posts it and publishes no other time: the posting is the use.
      transactedAt: d.at.getTime(),
      postedAt: d.at.getTime(),
      merchant: d.merchant,
    }));
  }

  /** Declined attempts on the card after `after`: shown beside the trace, never reported as fraud. */
  async declinedSince(cardId: string, after: number): Promise<CardTransactionDoc[]> {
    return this.collection
      .find({ cardId, status: 'DECLINED', at: { $gt: new Date(after) } })
      .sort({ at: 1 })
      .toArray();
  }
}

/** A posting as the view keeps it; null when no card made it (a payment, a fee). */
export function postedDoc(p: LedgerTransactionPostedV1): CardTransactionDoc | null {
  if (!p.cardId) return null;
  return {
    _id: p.transactionId,
    cardId: p.cardId,
    accountId: p.accountId,
    status: 'POSTED',
    kind: p.kind,
    direction: p.direction,
    amount: p.amount,
    currency: p.currency,
    merchant: p.merchant,
    declineReason: null,
    at: new Date(p.postedAt),
  };
}

/** A declined authorisation as the view keeps it; null when it names no card. */
export function declinedDoc(p: LedgerTransactionDeclinedV1): CardTransactionDoc | null {
  if (!p.cardId) return null;
  return {
    _id: p.transactionId,
    cardId: p.cardId,
    accountId: p.accountId,
    status: 'DECLINED',
    kind: 'PURCHASE',
    direction: null,
    amount: p.amount,
    currency: p.currency,
    merchant: p.merchant,
    declineReason: p.reason,
    at: new Date(p.declinedAt),
  };
}
