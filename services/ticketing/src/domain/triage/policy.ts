/**
 * Triage's figures, with the rule each one belongs to
 * (docs/adr/0022-ticketing-triage.md, docs/domain.md#inquiries-ticketing).
 */
import type { Priority, Topic } from '../case';
import { ESCALATION_QUEUE } from '../escalation';
import type { Intent } from './intents';

export interface Routing {
  urgency: 'URGENT' | 'SUPERVISOR';
  /** The priority the case is raised to (never lowered: an agent's higher priority stays). */
  priority: Priority | null;
  queue: string;
  topic: Topic;
}

export interface TriagePolicy {
  /** Below this score the model's intent is recorded but moves nothing: an agent triages as before. */
  minConfidenceToRoute: number;
  /** Which intents move the case at once, and where. */
  routing: Partial<Record<Intent, Routing>>;
  /** The goodwill rule disputes applies to a fee request (docs/domain.md#disputes, "Late-fee goodwill"). */
  goodwill: { lookbackMonths: number; maxWaivers: number };
}

export const DEFAULT_TRIAGE: TriagePolicy = {
  minConfidenceToRoute: 0.5,
  routing: {
    // A lost or stolen card, or fraud, is blocked first (docs/domain.md#cards): at once, in the cards queue.
    lost_stolen_card: { urgency: 'URGENT', priority: 'URGENT', queue: 'cards', topic: 'LOST_CARD' },
    unrecognised_charge: { urgency: 'URGENT', priority: 'URGENT', queue: 'cards', topic: 'DISPUTE' },
    // A complaint about a collector is a supervisor's to answer.
    collector_complaint: {
      urgency: 'SUPERVISOR',
      priority: null,
      queue: ESCALATION_QUEUE.SUPERVISOR,
      topic: 'COLLECTIONS',
    },
  },
  // disputes' goodwillLookbackMonths and goodwillMaxWaivers (services/disputes/src/domain/policy.ts).
  goodwill: { lookbackMonths: 12, maxWaivers: 1 },
};
