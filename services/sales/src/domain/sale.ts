/**
 * The sale of an add-on: only to an eligible customer (eligibility.ts), under
 * terms in effect in the customer's market (add-on-catalogue.ts), with a
 * complete consent record (consent.ts). A free trial starts; a paid add-on's
 * first fee falls due at once.
 */
import { DomainError } from '@cardline/platform/domain';
import { oneOffFee } from './add-on-catalogue';
import { requireCompleteConsent } from './consent';
import { ELIGIBILITY_RULES, requireEligible } from './eligibility';
import type { EnrolmentCommandOf, EnrolmentEvent, EnrolmentState } from './enrolment';
import { feePeriod } from './fee-periods';
import { DAY, type AddOnPolicy } from './policy';
import { monthlyFeeDue } from './trial';

export function enrol(
  cmd: EnrolmentCommandOf<'Enrol'>,
  s: EnrolmentState | null,
  p: AddOnPolicy,
): EnrolmentEvent[] {
  if (s) throw new DomainError('ALREADY_EXISTS', `enrolment ${s.enrolmentId} already exists`);
  const { terms: t, customer, consent, now } = cmd;
  if (t.market !== customer.market)
    throw new DomainError('INVALID', `terms ${t.termsVersion} are for ${t.market}, not ${customer.market}`);
  if (t.effectiveFrom > now || (t.retiredAt !== null && t.retiredAt <= now))
    throw new DomainError('INVALID', `terms ${t.termsVersion} are not in effect`);
  requireEligible(cmd.standing, t, p, now);
  requireCompleteConsent(consent, t, customer, now);
  const trial = t.pricing.kind === 'MONTHLY' && t.pricing.freeTrial;
  const enrolled: EnrolmentEvent = {
    type: 'sales.enrolment.enrolled.v1',
    payload: {
      enrolmentId: cmd.enrolmentId,
      ...customer,
      addOn: t.addOn,
      termsVersion: t.termsVersion,
      pricing: t.pricing,
      currency: t.currency,
      consent: trial ? consent : { ...consent, conversion: null },
      eligibilityPassed: [...ELIGIBILITY_RULES],
      trialEndsAt: trial ? now + p.trialDays * DAY : null,
      billingStartsAt: trial ? null : now,
      actor: cmd.actor,
      enrolledAt: now,
    },
  };
  if (trial) return [enrolled];
  const { enrolmentId } = cmd;
  const { accountId } = customer;
  if (t.pricing.kind === 'MONTHLY')
    return [enrolled, monthlyFeeDue({ enrolmentId, accountId, ...t }, feePeriod(now, 0))];
  const transferred = cmd.transferAmount;
  if (transferred === null || !Number.isSafeInteger(transferred) || transferred <= 0)
    throw new DomainError('INVALID', 'a balance transfer needs the amount to transfer');
  const oneOff: EnrolmentEvent = {
    type: 'sales.enrolment.fee-due.v1',
    payload: {
      enrolmentId,
      accountId,
      periodKey: 'ONE_OFF',
      periodStart: now,
      periodEnd: null,
      amount: oneOffFee(t.pricing, transferred),
      currency: t.currency,
      requestId: `${enrolmentId}:fee:ONE_OFF`,
      dueAt: now,
    },
  };
  return [enrolled, oneOff];
}
