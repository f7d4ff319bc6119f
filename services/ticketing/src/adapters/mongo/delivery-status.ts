import type { mongo } from 'mongoose';
import { upsertIfNewer } from '@cardline/platform';
import type { MessageDeliveries } from '../../application/ports';
import type { DeliveryStatus, MessageDelivery } from '../../domain/deliveries';

type Doc = {
  _id: string;
  caseId: string;
  status: DeliveryStatus;
  /** Epoch ms (documents written before the case API read them hold a Date, read alike). */
  reportedAt: number;
};

/**
 * `message_deliveries`: the delivery status of each reply and CSAT survey
 * ticketing queued, by interaction id, from the delivery adapter's reports
 * (docs/adr/0025-simulated-delivery-adapter.md). Newest report wins
 * (domain/deliveries.ts): a redelivered or older report changes nothing.
 */
export class DeliveryStatusView implements MessageDeliveries {
  private readonly docs: mongo.Collection<Doc>;

  constructor(db: mongo.Db) {
    this.docs = db.collection('message_deliveries');
  }

  async record(interactionId: string, caseId: string, d: MessageDelivery): Promise<void> {
    await upsertIfNewer(this.docs, { _id: interactionId, caseId, ...d }, 'reportedAt');
  }

  async of(interactionIds: readonly string[]): Promise<ReadonlyMap<string, MessageDelivery>> {
    if (interactionIds.length === 0) return new Map();
    const docs = await this.docs.find({ _id: { $in: [...interactionIds] } }).toArray();
    return new Map(
      docs.map((d) => [
        d._id,
        { status: d.status, reportedAt: new Date(d.reportedAt as number | Date).getTime() },
      ]),
    );
  }
}
