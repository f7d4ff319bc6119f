/**
 * Taking an application: identity at submission, the other sections as the
 * applicant gives them, the consent to a credit check, and withdrawal. An
 * application is complete when every section and the consent are in; its
 * decision clock starts then (Reg B counts from the complete application).
 */
import { DomainError } from '@cardline/platform/domain';
import type {
  ApplicationCommandOf,
  ApplicationEvent,
  ApplicationState,
  Details,
  Identity,
  Section,
} from './application';
import { duplicateKey } from './identity';
import { DAY, type CreditPolicy, type PolicyFor } from './policy';

/** A refusal: this person already has an open application. */
export class DuplicateApplication extends DomainError {
  constructor(readonly existingApplicationId: string) {
    super('ALREADY_EXISTS', `the applicant already has an open application ${existingApplicationId}`);
  }
}

export const REQUIRED_SECTIONS: readonly Section[] = ['INCOME', 'HOUSING', 'EMPLOYMENT'];

const OPEN: readonly ApplicationState['status'][] = ['INCOMPLETE', 'COMPLETE', 'REFERRED'];

const invalid = (message: string) => new DomainError('INVALID', message);
/** A real calendar date, YYYY-MM-DD: Date.parse alone accepts 31 February. */
const isDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
};
const isAmount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function checkIdentity(i: Identity, now: number): void {
  if (!i.fullName.trim()) throw invalid('the applicant’s full name is required');
  if (!isDate(i.dateOfBirth) || Date.parse(i.dateOfBirth) >= now)
    throw invalid('the date of birth must be a past date, YYYY-MM-DD');
  if (!i.address.line1.trim() || !i.address.city.trim() || !i.address.country.trim())
    throw invalid('the address needs a line, a city and a country');
  if (!i.nationalIdHash || !i.nationalIdMasked)
    throw invalid('the national id (hashed and masked) is required');
}

/** The sections these details give, each validated. */
function sectionsOf(d: Details): Section[] {
  if (d.income && !isAmount(d.income.annualIncome))
    throw invalid('annual income must be a whole, non-negative amount');
  if (d.housing && !isAmount(d.housing.monthlyCost))
    throw invalid('the housing cost must be a whole, non-negative amount');
  const given: Record<Section, unknown> = { INCOME: d.income, HOUSING: d.housing, EMPLOYMENT: d.employment };
  return REQUIRED_SECTIONS.filter((s) => given[s] !== undefined);
}

export function policyOf(
  s: Pick<ApplicationState, 'market' | 'productCode'>,
  policyFor: PolicyFor,
): CreditPolicy {
  const p = policyFor(s.market, s.productCode);
  if (!p) throw invalid(`${s.productCode} is not sold in ${s.market}`);
  return p;
}

/** The completion event once the last section or the consent arrives. */
function completion(
  s: Pick<ApplicationState, 'applicationId' | 'status'>,
  provided: Section[],
  consented: boolean,
  p: CreditPolicy,
  now: number,
): ApplicationEvent[] {
  if (s.status !== 'INCOMPLETE' || !consented || !REQUIRED_SECTIONS.every((x) => provided.includes(x)))
    return [];
  return [
    {
      type: 'sales.application.completed.v1',
      payload: {
        applicationId: s.applicationId,
        completedAt: now,
        decisionDueAt: now + p.decisionClock.dueDays * DAY,
      },
    },
  ];
}

export function submit(
  cmd: ApplicationCommandOf<'Submit'>,
  s: ApplicationState | null,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  if (s) throw new DomainError('ALREADY_EXISTS', `application ${s.applicationId} already exists`);
  if (cmd.duplicateOf) throw new DuplicateApplication(cmd.duplicateOf);
  const p = policyOf(cmd, policyFor);
  checkIdentity(cmd.identity, cmd.now);
  const provided = sectionsOf(cmd.details);
  const { applicationId, actor, now } = cmd;
  const { fullName, dateOfBirth, nationalIdHash, nationalIdMasked } = cmd.identity;
  const events: ApplicationEvent[] = [
    {
      type: 'sales.application.submitted.v1',
      payload: {
        applicationId,
        market: cmd.market,
        productCode: cmd.productCode,
        applicantKey: duplicateKey(fullName, dateOfBirth, nationalIdHash),
        nationalIdMasked,
        provided,
        actor,
        submittedAt: now,
      },
    },
  ];
  if (cmd.creditCheckConsent)
    events.push({
      type: 'sales.application.credit-check-consented.v1',
      payload: { applicationId, channel: cmd.creditCheckConsent.channel, actor, consentedAt: now },
    });
  return [
    ...events,
    ...completion({ applicationId, status: 'INCOMPLETE' }, provided, cmd.creditCheckConsent !== null, p, now),
  ];
}

function requireIncomplete(s: ApplicationState, what: string): void {
  if (s.status !== 'INCOMPLETE')
    throw new DomainError(
      'INVALID_STATE',
      `application ${s.applicationId} is ${s.status}: ${what} is closed`,
    );
}

export function provideDetails(
  cmd: ApplicationCommandOf<'ProvideDetails'>,
  s: ApplicationState,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  requireIncomplete(s, 'taking details');
  const provided = sectionsOf(cmd.details);
  if (provided.length === 0) throw invalid('no section given');
  return [
    {
      type: 'sales.application.details-provided.v1',
      payload: { applicationId: s.applicationId, provided, actor: cmd.actor, at: cmd.now },
    },
    ...completion(
      s,
      [...s.provided, ...provided],
      s.creditCheckConsentAt !== null,
      policyOf(s, policyFor),
      cmd.now,
    ),
  ];
}

export function consentToCreditCheck(
  cmd: ApplicationCommandOf<'ConsentToCreditCheck'>,
  s: ApplicationState,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  requireIncomplete(s, 'consent');
  if (s.creditCheckConsentAt !== null) return [];
  return [
    {
      type: 'sales.application.credit-check-consented.v1',
      payload: {
        applicationId: s.applicationId,
        channel: cmd.channel,
        actor: cmd.actor,
        consentedAt: cmd.now,
      },
    },
    ...completion(s, s.provided, true, policyOf(s, policyFor), cmd.now),
  ];
}

export function withdraw(cmd: ApplicationCommandOf<'Withdraw'>, s: ApplicationState): ApplicationEvent[] {
  if (!OPEN.includes(s.status))
    throw new DomainError(
      'INVALID_STATE',
      `application ${s.applicationId} is ${s.status}, not open`,
      s.status,
    );
  return [
    {
      type: 'sales.application.withdrawn.v1',
      payload: { applicationId: s.applicationId, reason: cmd.reason, actor: cmd.actor, withdrawnAt: cmd.now },
    },
  ];
}
