import type { mongo } from 'mongoose';
import { ensureIndexes, insertOnce } from '@cardline/platform';
import type { ComplaintRecord, Complaints, Period } from '../../application/ports';

export type ComplaintDoc = Omit<ComplaintRecord, 'complaintId'> & { _id: string };

/** `collector_complaints`: append-only (insertOnce, no TTL), read by the scorecards. */
export class MongoComplaints implements Complaints {
  constructor(private readonly complaints: mongo.Collection<ComplaintDoc>) {}

  ensureIndexes(): Promise<void> {
    return ensureIndexes(this.complaints, [{ key: { collectorId: 1, at: 1 }, name: 'by_collector' }]);
  }

  record({ complaintId, ...c }: ComplaintRecord): Promise<void> {
    return insertOnce(this.complaints, { _id: complaintId, ...c });
  }

  async countByCollector(p: Period): Promise<Map<string, number>> {
    const docs = await this.complaints
      .find(p.from || p.to ? { at: { ...(p.from && { $gte: p.from }), ...(p.to && { $lt: p.to }) } } : {}, {
        projection: { collectorId: 1 },
      })
      .toArray();
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(d.collectorId, (counts.get(d.collectorId) ?? 0) + 1);
    return counts;
  }
}
