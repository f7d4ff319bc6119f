import type { mongo } from 'mongoose';
import { ensureIndexes, insertOnce } from '@cardline/platform';
import type { DisputesDisputeOpenedV1, DisputesDisputeResolvedV1 } from '@cardline/schemas';
import type { HeldDispute } from '../../domain/case';
import type { OpenDisputes } from '../../application/ports';

export interface DisputeDoc {
  _id: string;
  accountId: string;
  amount: number;
  status: 'OPEN' | 'RESOLVED';
}

/**
 * Which disputes are open on each account and what each disputes, from
 * disputes' own events (docs/domain.md#collections: a disputed amount is not
 * collected). Idempotent: an opening is written once, a resolution is final
 * (one seen first leaves a resolved record, so a late opening changes nothing).
 */
export class DisputesView implements OpenDisputes {
  constructor(private readonly disputes: mongo.Collection<DisputeDoc>) {}

  ensureIndexes(): Promise<void> {
    return ensureIndexes(this.disputes, [{ key: { accountId: 1, status: 1 }, name: 'by_account_status' }]);
  }

  onOpened(p: DisputesDisputeOpenedV1): Promise<void> {
    return insertOnce<DisputeDoc>(this.disputes, {
      _id: p.disputeId,
      accountId: p.accountId,
      amount: p.disputedAmount,
      status: 'OPEN',
    });
  }

  async onResolved(p: DisputesDisputeResolvedV1): Promise<void> {
    const r = await this.disputes.updateOne({ _id: p.disputeId }, { $set: { status: 'RESOLVED' } });
    if (r.matchedCount === 0)
      await insertOnce<DisputeDoc>(this.disputes, {
        _id: p.disputeId,
        accountId: p.accountId,
        amount: 0,
        status: 'RESOLVED',
      });
  }

  async openOn(accountId: string): Promise<HeldDispute[]> {
    const docs = await this.disputes.find({ accountId, status: 'OPEN' }).sort({ _id: 1 }).toArray();
    return docs.map((d) => ({ disputeId: d._id, amount: d.amount }));
  }
}
