import type { mongo } from 'mongoose';
import { ensureIndexes } from '@cardline/platform';
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
  async apply(cardId: string, accountId: string, status: CardStatus, version: number): Promise<void> {
    try {
      await this.collection.updateOne(
        { _id: cardId, version: { $lt: version } },
        { $set: { accountId, status, version, updatedAt: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      // The filter missed because a newer version is stored; the upsert then hit the existing _id.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
}
