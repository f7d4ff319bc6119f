/**
 * Deciding a complete application: the rules decide (decision.ts) and a
 * referral waits for an underwriter, whose decision is held to the same
 * limits (1 to the maximum number of principal reasons; a limit within the
 * product's bands and what the applicant can afford). A decline records its adverse-action notice.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import { adverseActionNotice } from './adverse-action';
import type { ApplicationCommandOf, ApplicationEvent, ApplicationState } from './application';
import type { BureauReport } from './credit-bureau';
import { affordableLimit, decideCredit, type CreditDecision } from './decision';
import { policyOf } from './intake';
import type { PolicyFor } from './policy';

/** Who may decide a referred application. */
export const UNDERWRITING_ROLES: readonly string[] = ['underwriter', 'supervisor', 'admin'];

function decided(
  s: ApplicationState,
  decision: CreditDecision,
  report: BureauReport,
  decidedBy: 'RULES' | 'UNDERWRITER',
  note: string | null,
  actor: Actor,
  now: number,
): ApplicationEvent {
  const notice =
    decision.outcome === 'DECLINE'
      ? adverseActionNotice(s.applicationId, decision.reasons, report, decision.ruleSetVersion, now)
      : null;
  return {
    type: 'sales.application.decided.v1',
    payload: { applicationId: s.applicationId, decision, decidedBy, notice, note, actor, decidedAt: now },
  };
}

export function decideApplication(
  cmd: ApplicationCommandOf<'Decide'>,
  s: ApplicationState,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  if (s.status !== 'COMPLETE')
    throw new DomainError(
      'INVALID_STATE',
      s.status === 'INCOMPLETE'
        ? `application ${s.applicationId} is incomplete or has no consent to a credit check`
        : `application ${s.applicationId} is ${s.status}`,
      s.status,
    );
  const p = policyOf(s, policyFor);
  const decision = decideCredit(cmd.applicant, cmd.report, p, cmd.now);
  return [decided(s, decision, cmd.report, 'RULES', null, cmd.actor, cmd.now)];
}

export function underwrite(
  cmd: ApplicationCommandOf<'Underwrite'>,
  s: ApplicationState,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  if (!UNDERWRITING_ROLES.includes(cmd.actor.role))
    throw new DomainError('FORBIDDEN', `role ${cmd.actor.role} may not decide a referred application`);
  if (s.status !== 'REFERRED')
    throw new DomainError(
      'INVALID_STATE',
      `application ${s.applicationId} is ${s.status}, not referred`,
      s.status,
    );
  if (!cmd.note.trim()) throw new DomainError('INVALID', 'an underwriter’s decision needs a note');
  const p = policyOf(s, policyFor);
  const { ruleSetVersion } = p;
  const d = cmd.decision;
  let decision: CreditDecision;
  if (d.outcome === 'DECLINE') {
    const reasons = [...new Set(d.reasons)];
    if (reasons.length < 1 || reasons.length > p.maxAdverseActionReasons)
      throw new DomainError('INVALID', `a decline names 1 to ${p.maxAdverseActionReasons} principal reasons`);
    decision = { outcome: 'DECLINE', reasons, ruleSetVersion };
  } else {
    const top = Math.max(...p.approveBands.map((b) => b.creditLimit));
    if (!Number.isSafeInteger(d.creditLimit) || d.creditLimit < p.minCreditLimit || d.creditLimit > top)
      throw new DomainError('INVALID', `the limit must be between ${p.minCreditLimit} and ${top}`);
    // Ability to pay binds an underwriter as it binds the rules.
    const affordable = affordableLimit(cmd.applicant, cmd.report, p);
    if (d.creditLimit > affordable)
      throw new DomainError(
        'INVALID',
        `a limit of ${d.creditLimit} exceeds the ${affordable} the applicant can pay`,
      );
    decision = { outcome: 'APPROVE', creditLimit: d.creditLimit, aprTier: d.aprTier, ruleSetVersion };
  }
  return [decided(s, decision, cmd.report, 'UNDERWRITER', cmd.note, cmd.actor, cmd.now)];
}
