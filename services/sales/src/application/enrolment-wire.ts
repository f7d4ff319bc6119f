/**
 * The Enrolment's events as published on sales.enrollment
 * (packages/schemas/avro/sales/enrollment/): the domain's names under the
 * topic's, the price as one record (Avro unions of records are refused
 * here), and the account on every trial step so the customer-360 timeline
 * can place it. No wire event has a field for a national id, an income or a
 * contact address.
 */
import type { EventPayloads } from '@cardline/schemas';
import type { Actor } from '@cardline/platform';
import type { AddOnTerms, Pricing } from '../domain/add-on-catalogue';
import { ELIGIBILITY_RULES } from '../domain/eligibility';
import type { EnrolmentEvent, EnrolmentState } from '../domain/enrolment';

type EnrollmentType = Extract<keyof EventPayloads, `sales.enrollment.${string}`>;
export type EnrollmentWireEvent = {
  [K in EnrollmentType]: { type: K; payload: EventPayloads[K] };
}[EnrollmentType];

type WirePricing = EventPayloads['sales.enrollment.enrolled.v1']['pricing'];

/** The price as one record; also what the views show. */
export function wirePricing(p: Pricing): WirePricing & { kind: 'MONTHLY' | 'ONE_OFF' } {
  return p.kind === 'MONTHLY'
    ? { kind: 'MONTHLY', monthlyFee: p.monthlyFee, freeTrial: p.freeTrial, feeBps: null, minimumFee: null }
    : { kind: 'ONE_OFF', monthlyFee: null, freeTrial: false, feeBps: p.feeBps, minimumFee: p.minimumFee };
}

/** `s` is the enrolment after the event (it names the account for the trial's steps). */
export function toWire(e: EnrolmentEvent, s: EnrolmentState): EnrollmentWireEvent {
  const accountId = s.accountId;
  switch (e.type) {
    case 'sales.enrolment.enrolled.v1':
      return {
        type: 'sales.enrollment.enrolled.v1',
        payload: { ...e.payload, pricing: wirePricing(e.payload.pricing) },
      };
    case 'sales.enrolment.conversion-agreed.v1':
      return { type: 'sales.enrollment.conversion-agreed.v1', payload: e.payload };
    case 'sales.enrolment.trial-reminder-due.v1':
      return { type: 'sales.enrollment.trial-reminder-due.v1', payload: { ...e.payload, accountId } };
    case 'sales.enrolment.converted.v1':
      return { type: 'sales.enrollment.converted.v1', payload: { ...e.payload, accountId } };
    case 'sales.enrolment.lapsed.v1':
      return { type: 'sales.enrollment.lapsed.v1', payload: { ...e.payload, accountId } };
    case 'sales.enrolment.fee-due.v1':
      return { type: 'sales.enrollment.fee-due.v1', payload: e.payload };
    case 'sales.enrolment.cancelled.v1':
      return { type: 'sales.enrollment.cancelled.v1', payload: e.payload };
  }
}

export type Offered = EventPayloads['sales.enrollment.offered.v1'];

/** An offer made to an eligible customer, as published (keyed by offerId): what was offered, not who to. */
export function offered(
  offer: { offerId: string; customerId: string; accountId: string },
  t: AddOnTerms,
  actor: Actor,
  offeredAt: number,
): Offered {
  return {
    ...offer,
    market: t.market,
    addOn: t.addOn,
    termsVersion: t.termsVersion,
    pricing: wirePricing(t.pricing),
    currency: t.currency,
    scriptVersion: t.scriptVersion,
    eligibilityPassed: [...ELIGIBILITY_RULES],
    actor,
    offeredAt,
  };
}
