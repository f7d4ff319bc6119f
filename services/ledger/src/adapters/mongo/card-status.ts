import type { mongo } from 'mongoose';
import { ensureIndexes, upsertIfNewer } from '@cardline/platform';
import type { CardStatus } from '../../domain/account';

interface CardStatusDoc {
  _id: string; // cardId
  accountId: string;
  status: CardStatus;
  /** The card aggregate's version of the last applied event: older ones are skipped. */
  version: number;
  updatedAt: Date;
}

/**
 * The ledger's own read model of card status, from cards' events. The
 * ledger never asks the cards service: what it knows is what it consumed.
 */
export class CardStatusReadModel {
  constructor(readonly collection: mongo.Collection<CardStatusDoc>) {}

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { accountId: 1 }, name: 'by_account' }]);
  }

  async get(cardId: string): Promise<{ accountId: string; status: CardStatus } | null> {
    const d = await this.collection.findOne({ _id: cardId });
    return d ? { accountId: d.accountId, status: d.status } : null;
  }

  async listByAccount(accountId: string): Promise<{ cardId: string; status: CardStatus }[]> {
    const docs = await this.collection.find({ accountId }).sort({ _id: 1 }).toArray();
    return docs.map((d) => ({ cardId: d._id, status: d.status }));
  }

  /** Applies a status change unless a newer one is already stored (redelivery, replay). */
  apply(cardId: string, accountId: string, status: CardStatus, version: number): Promise<void> {
    return upsertIfNewer(
      this.collection,
      { _id: cardId, accountId, status, version, updatedAt: new Date() },
      'version',
    );
  }
}
