import { DeciderSpecification, type Decider, type RefusalClass } from '@cardline/platform';
import { DomainError } from '@cardline/platform/domain';
import { termsByVersion, type AddOnTerms } from '../src/domain/add-on-catalogue';
import type { ConsentElement, ConsentRecord } from '../src/domain/consent';
import type { CustomerStanding, EligibilityRule } from '../src/domain/eligibility';
import {
  decide as decideEnrolment,
  evolve as evolveEnrolment,
  type EnrolmentCommand,
  type EnrolmentCommandOf,
  type EnrolmentEvent,
  type EnrolmentState,
} from '../src/domain/enrolment';
import { ADD_ON_POLICIES } from '../src/domain/policy';

/** The refusals of sales' deciders, with the fields their subclasses add, so a spec can assert them. */
export type SalesRefusal = DomainError & {
  missing?: ConsentElement[];
  failing?: EligibilityRule[];
  existingApplicationId?: string;
};
export const SalesRefusal = DomainError as RefusalClass<SalesRefusal>;

/** Terms from the catalogue, by version (a test names one that exists). */
export function terms(version: string): AddOnTerms {
  const t = termsByVersion(version);
  if (!t) throw new Error(`no terms ${version}`);
  return t;
}

/** A customer every eligibility rule lets through, in New York. */
export const eligible: CustomerStanding = {
  daysPastDue: 0,
  inCollections: false,
  inHardship: false,
  openFraudCase: false,
  onDoNotCall: false,
  marketingConsent: true,
  timeZone: 'America/New_York',
  employmentStatus: 'EMPLOYED',
};

/** 15:00 in New York on Tuesday 1 December 2026: inside the calling hours. */
export const T = Date.parse('2026-12-01T15:00:00-05:00');

/** A complete consent record for these terms, given at T - 1 minute. */
export function completeConsent(t: AddOnTerms, over: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    offerId: 'offer_1',
    termsVersionShown: t.termsVersion,
    priceDisclosed: true,
    optionalDisclosed: true,
    exclusionsRead: true,
    expressYesAt: T - 60_000,
    channel: 'PHONE',
    scriptVersion: t.scriptVersion,
    recordingRef: 'rec_1',
    sensitivePiConsentAt: null,
    conversion: { expressAgreementAt: T - 30_000, accountLast4: '4242', recordingRef: 'rec_1' },
    ...over,
  };
}

/** The Enrolment decider on the default add-on policies, as its specs run it. */
export const enrolmentSpec = DeciderSpecification.for(
  {
    decide: (c, s) => decideEnrolment(c, s, ADD_ON_POLICIES),
    evolve: evolveEnrolment,
    initialState: () => null,
  } satisfies Decider<EnrolmentCommand, EnrolmentEvent, EnrolmentState | null>,
  SalesRefusal,
);

export const salesAgent = { id: 'agent-1', role: 'sales_agent' };
export const usCustomer = {
  customerId: 'cus_1',
  accountId: 'acc_1',
  accountLast4: '4242',
  market: 'US' as const,
};

/** A complete, eligible enrolment in payment protection (PP-US-2), with what a test changes. */
export const enrolCommand = (over: Partial<EnrolmentCommandOf<'Enrol'>> = {}): EnrolmentCommand => {
  const protection = terms('PP-US-2');
  return {
    kind: 'Enrol',
    enrolmentId: 'enr_1',
    customer: usCustomer,
    standing: eligible,
    terms: protection,
    consent: completeConsent(protection),
    transferAmount: null,
    actor: salesAgent,
    now: T,
    ...over,
  };
};
