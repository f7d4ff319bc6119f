import type { mongo } from 'mongoose';
import { insertOnce } from '@cardline/platform';
import type { ChannelMessageKey, ChannelMessages } from '../../application/ports';

type Doc = { _id: string; caseId: string; at: Date };

/**
 * Channel messages in Mongo, one document per channel, customer and message
 * id: the key is the document id, so it is unique without a secondary
 * unique index (FerretDB 1.24 is where the tests run), and the first case
 * recorded for it stays (insertOnce).
 */
export class MongoChannelMessages implements ChannelMessages {
  private readonly docs: mongo.Collection<Doc>;

  constructor(db: mongo.Db) {
    this.docs = db.collection('channel_messages');
  }

  async caseOf(key: ChannelMessageKey): Promise<string | null> {
    const d = await this.docs.findOne({ _id: idOf(key) });
    return d?.caseId ?? null;
  }

  record(key: ChannelMessageKey, caseId: string): Promise<void> {
    return insertOnce(this.docs, { _id: idOf(key), caseId, at: new Date() });
  }
}

// JSON, so no part's own separators can make two keys one.
const idOf = (k: ChannelMessageKey) => JSON.stringify([k.channel, k.customerId, k.externalId]);
