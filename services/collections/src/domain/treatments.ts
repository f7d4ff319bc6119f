/**
 * The strategy runner's command on a case (docs/domain.md#collections,
 * "Strategy runner"): apply the treatment due now. A channel treatment asks
 * the contact gate first, exactly as a collector's attempt does, and the
 * decision is recorded beside the treatment; a refusal leaves the step to
 * be tried again at the gate's next allowed instant. Planned again inside
 * decide, against the state being saved: a second runner racing on the
 * same case finds nothing due and sends nothing.
 */
import type { CollectionsCaseTreatmentAppliedV1 } from '@cardline/schemas';
import type { Actor } from '@cardline/platform/domain';
import type { CaseEvent, CaseState } from './case';
import type { Channel, ContactRecord } from './contact';
import { decideContact, recordContactFacts } from './contacts';
import type { ContactRulePack, Market } from './policy';
import {
  RETRY_WITHOUT_NEXT_MS,
  runnerAttempt,
  treatmentDue,
  type Strategies,
  type TreatmentProgress,
} from './treatment-plan';

export interface ApplyTreatment {
  kind: 'ApplyTreatment';
  attemptId: string;
  strategies: Strategies;
  /** The debtor's recorded attempts and conversations, as for any gate question. */
  history: readonly ContactRecord[];
  packs: Readonly<Record<Market, ContactRulePack>>;
  actor: Actor;
  now: number;
}

export type TreatmentEvent = {
  type: 'collections.case.treatment-applied.v1';
  payload: CollectionsCaseTreatmentAppliedV1;
};

/** The reference the adapter resolves for a channel: never the number or address itself. */
export const CONTACT_REF: Readonly<Record<Channel, string>> = {
  CALL: 'phone:on-file',
  SMS: 'phone:on-file',
  EMAIL: 'email:on-file',
  LETTER: 'address:on-file',
  WECHAT: 'wechat:on-file',
  FIELD_VISIT: 'address:on-file',
};

export function applyTreatment(cmd: ApplyTreatment, s: CaseState): CaseEvent[] {
  const plan = treatmentDue(s, cmd.strategies, cmd.now);
  if (!plan) return [];
  const base = {
    caseId: s.caseId,
    accountId: s.accountId,
    strategyId: plan.strategyId,
    variantId: plan.variantId,
    day: plan.step.day,
    treatment: plan.step.treatment,
    appliedAt: cmd.now,
  };
  if (plan.channel === null) return [applied({ ...base, attemptId: null, allowed: true, ruleId: null })];
  const attempt = runnerAttempt(s, plan.channel);
  const decided = decideContact(
    {
      kind: 'DecideContact',
      attemptId: cmd.attemptId,
      attempt,
      contactRef: CONTACT_REF[plan.channel],
      history: cmd.history,
      packs: cmd.packs,
      actor: cmd.actor,
      now: cmd.now,
    },
    s,
  );
  const d = decided.find((e) => e.type === 'collections.case.contact-decided.v1');
  if (d?.type !== 'collections.case.contact-decided.v1') throw new Error('the gate recorded no decision');
  const p = d.payload;
  const treatment = applied({
    ...base,
    attemptId: cmd.attemptId,
    allowed: p.allowed,
    ruleId: p.allowed ? null : (p.ruleIds[0] ?? null),
    retryAt: p.allowed ? null : (p.nextAllowedAt ?? cmd.now + RETRY_WITHOUT_NEXT_MS),
  });
  // The notice went out with this message: the gate lets the next contacts through.
  const notice =
    p.allowed && attempt.carriesValidationNotice
      ? recordContactFacts(
          {
            kind: 'RecordContactFacts',
            change: { validationNoticeSentAt: cmd.now },
            actor: cmd.actor,
            now: cmd.now,
          },
          s,
        )
      : [];
  return [...decided, treatment, ...notice];
}

function applied(
  p: Omit<CollectionsCaseTreatmentAppliedV1, 'retryAt'> & { retryAt?: number | null },
): TreatmentEvent {
  return { type: 'collections.case.treatment-applied.v1', payload: { ...p, retryAt: p.retryAt ?? null } };
}

/** An applied step moves the progress on; a refused one keeps it and waits for its retry. */
export function evolveTreatment(s: CaseState, e: TreatmentEvent): CaseState {
  const p = e.payload;
  const before = s.treatments?.strategyId === p.strategyId ? s.treatments.lastStepDay : 0;
  const treatments: TreatmentProgress = p.allowed
    ? { strategyId: p.strategyId, lastStepDay: p.day, retryAt: null }
    : { strategyId: p.strategyId, lastStepDay: before, retryAt: p.retryAt };
  return { ...s, treatments };
}
