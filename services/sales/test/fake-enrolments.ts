import { AggregateStore, SimulatedClock, type AggregateDoc } from '@cardline/platform';
import type { EnrolmentRecord } from '../src/application/enrolment-record';
import { EnrolmentService } from '../src/application/enrolment-service';
import type { ChargeAccount, OfferDoc, StandingReader } from '../src/application/ports';
import { MongoOfferLog } from '../src/adapters/mongo/offer-log';
import type { CustomerStanding } from '../src/domain/eligibility';
import { ADD_ON_POLICIES } from '../src/domain/policy';
import { T, eligible } from './support';
import { memoryCollection } from './memory-collection';

// The add-on use cases over the real AggregateStore on an in-memory
// collection, with sales' read models as a stand-in and the real offer log on another.

export const agent = { id: 'agent-1', role: 'sales_agent' };
export const ctx = { correlationId: 'corr-1', causationId: null };
export const account: ChargeAccount = {
  accountId: 'acc_1',
  customerId: 'cus_1',
  market: 'US',
  accountLast4: '4242',
};

export function enrolmentSetUp(standing: CustomerStanding = eligible, charged: ChargeAccount = account) {
  const enrolments = memoryCollection<AggregateDoc<EnrolmentRecord>>();
  const offerDocs = memoryCollection<AggregateDoc<OfferDoc>>();
  const reader: StandingReader = {
    standing: async (customerId, accountId) =>
      customerId === charged.customerId && accountId === charged.accountId
        ? { account: charged, standing }
        : null,
  };
  const log = new MongoOfferLog(new AggregateStore<OfferDoc>(offerDocs.collection as never, 'sales'));
  const clock = new SimulatedClock(new Date(T));
  const service = new EnrolmentService(
    new AggregateStore<EnrolmentRecord>(enrolments.collection as never, 'sales'),
    reader,
    log,
    ADD_ON_POLICIES,
    clock,
  );
  return { service, docs: enrolments.docs, offers: offerDocs.docs, clock };
}
