import type { OfferSheet } from '../../application/enrolment-service';
import type { EnrolmentRecord } from '../../application/enrolment-record';
import { wirePricing } from '../../application/enrolment-wire';
import type { ConversionConsent } from '../../domain/consent';
import type { CustomerFactsDoc } from '../mongo/standing-view';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

const conversionView = (c: ConversionConsent) => ({ ...c, expressAgreementAt: iso(c.expressAgreementAt) });

export function offerSheetView(s: OfferSheet) {
  return {
    customerId: s.customerId,
    accountId: s.account.accountId,
    accountLast4: s.account.accountLast4,
    market: s.account.market,
    at: iso(s.at),
    offers: s.offers.map(({ offerId, terms: t, script }) => ({
      offerId,
      addOn: t.addOn,
      termsVersion: t.termsVersion,
      name: t.name,
      optional: true as const,
      pricing: wirePricing(t.pricing),
      currency: t.currency,
      exclusions: [...t.exclusions],
      scriptVersion: t.scriptVersion,
      script,
    })),
    excluded: s.excluded,
  };
}

export function factsView(f: CustomerFactsDoc) {
  const { _id, recordedAt, ...rest } = f;
  return { customerId: _id, ...rest, recordedAt: iso(recordedAt) };
}

export function enrolmentView(r: EnrolmentRecord) {
  const e = r.enrolment;
  const c = r.cancellation;
  return {
    enrolmentId: e.enrolmentId,
    customerId: e.customerId,
    accountId: e.accountId,
    accountLast4: e.accountLast4,
    market: e.market,
    addOn: e.addOn,
    termsVersion: e.termsVersion,
    pricing: wirePricing(e.pricing),
    currency: e.currency,
    status: e.status,
    enrolledAt: iso(e.enrolledAt),
    trialEndsAt: iso(e.trialEndsAt),
    reminderSent: e.reminderSent,
    conversionAgreedAt: iso(e.conversionAgreedAt),
    billingStartsAt: iso(e.billingStartsAt),
    fees: e.feesDue.map((f) => ({ ...f })),
    cancellation: c && {
      reason: c.reason,
      refund: { kind: c.refund.kind, amount: c.refund.amount, periodKey: c.refund.periodKey },
      cancelledAt: iso(c.cancelledAt),
    },
  };
}

/** The proof of a sale, for compliance: what was shown and said, when, and where the recording is. */
export function consentRecordView(r: EnrolmentRecord) {
  const e = r.enrolment;
  const { consent: c, eligibilityPassed, actor, enrolledAt } = r.proof;
  return {
    enrolmentId: e.enrolmentId,
    customerId: e.customerId,
    accountId: e.accountId,
    termsVersion: e.termsVersion,
    consent: {
      ...c,
      expressYesAt: iso(c.expressYesAt),
      sensitivePiConsentAt: iso(c.sensitivePiConsentAt),
      conversion: c.conversion && conversionView(c.conversion),
    },
    eligibilityPassed,
    soldBy: actor,
    enrolledAt: iso(enrolledAt),
    conversionAgreement: r.conversion && {
      consent: conversionView(r.conversion.consent),
      actor: r.conversion.actor,
      agreedAt: iso(r.conversion.agreedAt),
    },
  };
}
