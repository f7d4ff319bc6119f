import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@cardline/platform';

/** A write a view sent: the collection, the driver method and its first argument. */
export interface RecordedWrite {
  collection: string;
  method: string;
  arg: unknown;
}

/**
 * A database whose collections record the writes sent to them and answer
 * success, for unit tests of how many commands a projection sends and with
 * what (the store's own behaviour is covered by the *.int tests).
 */
export function recordingDb(): { db: mongo.Db; writes: RecordedWrite[] } {
  const writes: RecordedWrite[] = [];
  const collection = (name: string) =>
    Object.fromEntries(
      ['insertOne', 'insertMany', 'updateOne', 'bulkWrite'].map((method) => [
        method,
        async (arg: unknown) => void writes.push({ collection: name, method, arg }),
      ]),
    );
  return { db: { collection } as unknown as mongo.Db, writes };
}

/** An envelope around a ledger payload, as the runner hands it to a handler. */
export function ledgerEvent<P>(type: string, payload: P, aggregateVersion: number): EventEnvelope<P> {
  return {
    id: `evt-${aggregateVersion}`,
    type,
    source: 'ledger',
    subject: 'acc-1',
    time: new Date('2026-03-02T10:00:00Z'),
    correlationId: `corr-${aggregateVersion}`,
    causationId: null,
    aggregateVersion,
    payload,
  };
}

export const META = { topic: 'ledger.transaction', partition: 0, offset: '0' };
