/**
 * Who may be offered an add-on (docs/domain.md#sales): each rule has a name,
 * and an offer lists every rule that excludes the customer, so the agent and
 * the audit see why. An ineligible customer is never offered, nor enrolled.
 */
import { DomainError } from '@cardline/platform/domain';
import type { AddOnTerms } from './add-on-catalogue';
import type { EmploymentStatus } from './application';
import { localMinuteOfDay } from './calendar';
import type { AddOnPolicy } from './policy';

/** What sales' read models know of the customer when the offer would be made. */
export interface CustomerStanding {
  daysPastDue: number;
  inCollections: boolean;
  inHardship: boolean;
  openFraudCase: boolean;
  onDoNotCall: boolean;
  marketingConsent: boolean;
  /** IANA zone of the customer's address. */
  timeZone: string;
  employmentStatus: EmploymentStatus | null;
}

export type EligibilityRule =
  | 'NOT_DELINQUENT'
  | 'NOT_IN_COLLECTIONS_OR_HARDSHIP'
  | 'NO_OPEN_FRAUD_CASE'
  | 'NOT_ON_DO_NOT_CALL'
  | 'MARKETING_CONSENT'
  | 'CALLING_HOURS'
  | 'PRODUCT_SUITABILITY';

/** Inside the calling hours of the market, the customer's local time: from inclusive, to exclusive. */
export function withinCallingHours(now: number, timeZone: string, p: AddOnPolicy): boolean {
  let minute: number;
  try {
    minute = localMinuteOfDay(now, timeZone);
  } catch {
    // Not an IANA zone Intl knows: the customer's local time is unknown, so it is not a time to call.
    return false;
  }
  return minute >= p.callingHours.fromMinute && minute < p.callingHours.toMinute;
}

type Check = (c: CustomerStanding, t: AddOnTerms, p: AddOnPolicy, now: number) => boolean;

/** Each rule and what it holds true for an eligible customer, in the order an agent reads them. */
const RULES: readonly [EligibilityRule, Check][] = [
  ['NOT_DELINQUENT', (c) => c.daysPastDue === 0],
  ['NOT_IN_COLLECTIONS_OR_HARDSHIP', (c) => !c.inCollections && !c.inHardship],
  ['NO_OPEN_FRAUD_CASE', (c) => !c.openFraudCase],
  ['NOT_ON_DO_NOT_CALL', (c) => !c.onDoNotCall],
  ['MARKETING_CONSENT', (c) => c.marketingConsent],
  ['CALLING_HOURS', (c, _t, p, now) => withinCallingHours(now, c.timeZone, p)],
  // Nobody is sold cover they could never claim on (e.g. unemployment cover without a job).
  [
    'PRODUCT_SUITABILITY',
    (c, t) =>
      t.suitableEmployment === null ||
      (c.employmentStatus !== null && t.suitableEmployment.includes(c.employmentStatus)),
  ],
];

/** The rules' names, in order: an enrolment records that each was checked and passed. */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = RULES.map(([rule]) => rule);

/** Every rule that excludes this customer from these terms now; empty when eligible. */
export function failingRules(
  c: CustomerStanding,
  t: AddOnTerms,
  p: AddOnPolicy,
  now: number,
): EligibilityRule[] {
  return RULES.filter(([, holds]) => !holds(c, t, p, now)).map(([rule]) => rule);
}

/** A refusal: the customer may not be offered or enrolled, for these reasons. */
export class NotEligible extends DomainError {
  constructor(readonly failing: EligibilityRule[]) {
    super('INVALID_STATE', `the customer is not eligible: ${failing.join(', ')}`);
  }
}

export function requireEligible(c: CustomerStanding, t: AddOnTerms, p: AddOnPolicy, now: number): void {
  const failing = failingRules(c, t, p, now);
  if (failing.length > 0) throw new NotEligible(failing);
}
