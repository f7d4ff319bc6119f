import type { mongo } from 'mongoose';
import type { OfferDoc, OfferLog } from '../../application/ports';

/** Every offer made, so an enrolment can show its offer was made (docs/domain.md#sales). */
export class MongoOfferLog implements OfferLog {
  constructor(private readonly offers: mongo.Collection<OfferDoc>) {}

  async record(offer: OfferDoc): Promise<void> {
    await this.offers.insertOne(offer);
  }

  get(offerId: string): Promise<OfferDoc | null> {
    return this.offers.findOne({ _id: offerId });
  }
}
