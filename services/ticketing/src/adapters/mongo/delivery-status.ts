import type { mongo } from 'mongoose';
import type { CollectionsDeliveryReportedV1 } from '@cardline/schemas';

type Doc = {
  _id: string;
  caseId: string;
  purpose: string;
  status: string;
  reportedAt: Date;
};

/**
 * `message_deliveries`: the delivery status of each reply and CSAT survey
 * ticketing queued, by interaction id, from the delivery adapter's reports
 * (docs/adr/0025-simulated-delivery-adapter.md). One report per message, so
 * the last write is the only one.
 */
export class DeliveryStatusView {
  private readonly docs: mongo.Collection<Doc>;

  constructor(db: mongo.Db) {
    this.docs = db.collection('message_deliveries');
  }

  async onReported(p: CollectionsDeliveryReportedV1): Promise<void> {
    if (p.source !== 'TICKETING') return;
    await this.docs.updateOne(
      { _id: p.messageId },
      {
        $set: { caseId: p.caseId, purpose: p.purpose, status: p.status, reportedAt: new Date(p.reportedAt) },
      },
      { upsert: true },
    );
  }

  async statusOf(interactionId: string): Promise<string | null> {
    return (await this.docs.findOne({ _id: interactionId }))?.status ?? null;
  }
}
