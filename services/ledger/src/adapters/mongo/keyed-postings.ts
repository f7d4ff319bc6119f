import type { mongo } from 'mongoose';
import { ensureIndexes, isDuplicateKey } from '@cardline/platform';

interface KeyedPostingDoc {
  requestId: string;
  accountId: string;
  /** The posting it made; null when it was refused (a rejection answers it once too). */
  transactionId: string | null;
  recordedAt: Date;
}

/**
 * Every request that must post at most once whatever comes between
 * (sales' add-on fees `<enrolmentId>:fee:<YYYY-MM>` and refunds
 * `<enrolmentId>:refund`), under a unique index on its request id. The
 * account's processedRequests keeps only its last 2,000
 * (docs/adr/0026-sales-exactly-once-by-key.md).
 */
export class KeyedPostings {
  constructor(private readonly collection: mongo.Collection<KeyedPostingDoc>) {}

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.collection, [
      { key: { requestId: 1 }, name: 'one_posting_per_request', unique: true },
    ]);
  }

  async has(requestId: string): Promise<boolean> {
    return (await this.collection.findOne({ requestId }, { projection: { _id: 1 } })) !== null;
  }

  async record(p: Omit<KeyedPostingDoc, 'recordedAt'>): Promise<void> {
    try {
      await this.collection.insertOne({ ...p, recordedAt: new Date() });
    } catch (err) {
      // Recorded already (a redelivery that the account's own list caught).
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

/** What the add-on handlers need of it (a test gives an in-memory one). */
export type PostingKeys = Pick<KeyedPostings, 'has' | 'record'>;
