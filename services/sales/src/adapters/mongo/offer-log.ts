import type { AggregateStore } from '@cardline/platform';
import type { Offered } from '../../application/enrolment-wire';
import type { OfferDoc, OfferLog } from '../../application/ports';

/**
 * Every offer made, so an enrolment can show its offer was made
 * (docs/domain.md#sales). An offer is saved with its offered event in one
 * write (the outbox), so none is recorded unpublished or published unrecorded.
 * Its fields stay top-level as well, as offers made before the event were
 * stored.
 */
export class MongoOfferLog implements OfferLog {
  constructor(private readonly offers: AggregateStore<OfferDoc>) {}

  async record(o: Offered, ctx: Parameters<OfferLog['record']>[1]): Promise<void> {
    const fields = {
      customerId: o.customerId,
      accountId: o.accountId,
      termsVersion: o.termsVersion,
      offeredAt: o.offeredAt,
    };
    const event = { type: 'sales.enrollment.offered.v1', payload: o };
    await this.offers.save(o.offerId, 0, { _id: o.offerId, ...fields }, [event], ctx, fields);
  }

  async get(offerId: string): Promise<OfferDoc | null> {
    const d = await this.offers.collection.findOne(
      { _id: offerId },
      { projection: { customerId: 1, accountId: 1, termsVersion: 1, offeredAt: 1 } },
    );
    if (!d) return null;
    return {
      _id: d._id,
      customerId: d.customerId as string,
      accountId: d.accountId as string,
      termsVersion: d.termsVersion as string,
      offeredAt: d.offeredAt as number,
    };
  }
}
