/**
 * Triage of inbound messages (docs/adr/0022-ticketing-triage.md): the
 * model's reading of a message recorded on the case, which routes it at
 * once for a lost or stolen card, fraud or a complaint about a collector
 * (through the triage command, so the SLA clocks follow the new priority);
 * and the agent's review of the suggestion. The message stays as received:
 * nothing here touches an interaction.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState, Priority } from '../case';
import { requireNotClosed } from '../events';
import type { SlaPolicy } from '../sla';
import { triage } from '../triage';
import type { Entities } from './entities';
import { intentSymbol, type Classification, type Intent, type Language } from './intents';
import type { Routing, TriagePolicy } from './policy';
import type { Suggestion, SuggestionSource } from './suggestions';

/** The triage model acting on its own. */
export const TRIAGE_MODEL: Actor = { id: 'ticketing-triage', role: 'SYSTEM' };

export type ReviewOutcome = 'ACCEPTED' | 'EDITED' | 'REJECTED';

/** One classified message, as the case keeps it. */
export interface TriageRecord {
  interactionId: string;
  intent: Intent;
  confidence: number;
  language: Language;
  urgency: 'NONE' | Routing['urgency'];
  /** The facts it names: the console shows them beside the message. */
  entities: Entities;
  source: SuggestionSource;
  suggestion: string | null;
  review: ReviewOutcome | null;
  at: number;
}

const RANK: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };
const higher = (a: Priority, b: Priority | null): Priority => (b && RANK[b] > RANK[a] ? b : a);

export function recordClassification(
  cmd: CaseCommandOf<'RecordClassification'>,
  s: CaseState,
  sla: SlaPolicy,
): CaseEvent[] {
  requireNotClosed(s);
  const p: TriagePolicy = cmd.policy;
  if (s.triage.some((t) => t.interactionId === cmd.interactionId)) return []; // classified already
  const c: Classification = cmd.classification;
  const routing = c.confidence >= p.minConfidenceToRoute ? p.routing[c.intent] : undefined;
  const e: Entities = cmd.entities;
  const classified: CaseEvent = {
    type: 'ticketing.case.message-classified.v1',
    payload: {
      caseId: s.caseId,
      customerId: s.customerId,
      interactionId: cmd.interactionId,
      intent: intentSymbol(c.intent),
      confidence: c.confidence,
      language: c.language === 'zh' ? 'ZH' : 'EN',
      urgency: routing?.urgency ?? 'NONE',
      modelVersion: cmd.modelVersion,
      entities: {
        lastFour: e.lastFour,
        amounts: e.amounts,
        dates: e.dates,
        merchants: e.merchants,
        caseRefs: e.caseRefs,
      },
      suggestionSource: cmd.suggestion?.source ?? 'NONE',
      suggestionText: cmd.suggestion?.text ?? null,
      actor: TRIAGE_MODEL,
      classifiedAt: cmd.now,
    },
  };
  if (!routing) return [classified];
  const routed = triage(
    {
      ...cmd,
      kind: 'Triage',
      actor: TRIAGE_MODEL,
      queue: routing.queue,
      priority: higher(s.priority, routing.priority),
      topic: routing.topic,
    },
    s,
    sla,
  );
  return [classified, ...routed];
}

export function reviewSuggestion(cmd: CaseCommandOf<'ReviewSuggestion'>, s: CaseState): CaseEvent[] {
  requireNotClosed(s);
  const t = s.triage.find((r) => r.interactionId === cmd.interactionId);
  if (!t) throw new DomainError('NOT_FOUND', `no triaged message ${cmd.interactionId} on case ${s.caseId}`);
  if (t.source === 'NONE')
    throw new DomainError('INVALID_STATE', `message ${cmd.interactionId} had no suggestion`);
  if (t.review)
    throw new DomainError('INVALID_STATE', `the suggestion was already ${t.review.toLowerCase()}`);
  return [
    {
      type: 'ticketing.case.suggestion-reviewed.v1',
      payload: {
        caseId: s.caseId,
        customerId: s.customerId,
        interactionId: cmd.interactionId,
        intent: intentSymbol(t.intent),
        suggestionSource: t.source,
        outcome: cmd.outcome,
        reason: cmd.reason,
        actor: cmd.actor,
        reviewedAt: cmd.now,
      },
    },
  ];
}

/** The record a classified event adds to the case. */
export function triageRecordOf(
  p: Extract<CaseEvent, { type: 'ticketing.case.message-classified.v1' }>['payload'],
): TriageRecord {
  return {
    interactionId: p.interactionId,
    intent: p.intent.toLowerCase() as Intent,
    confidence: p.confidence,
    language: p.language === 'ZH' ? 'zh' : 'en',
    urgency: p.urgency,
    entities: {
      ...p.entities,
      amounts: p.entities.amounts.map((a) => ({ ...a, currency: a.currency === 'CNY' ? 'CNY' : 'USD' })),
    },
    source: p.suggestionSource,
    suggestion: p.suggestionText,
    review: null,
    at: p.classifiedAt,
  };
}

export type { Suggestion };
