/**
 * The Case aggregate: one customer inquiry across channels, from the first
 * contact to closing. Pure: decide() turns a command into events, evolve()
 * folds an event into state. Commands carry the time and the SLA policy, so
 * every rule (threading, pause while pending, near breach, breach and
 * escalation, reopen window) is testable here without I/O.
 *
 * This file holds the state, the commands, the events, evolve and the
 * dispatch; each command is decided in the file of its concern: threading.ts
 * (open, inbound), replies.ts, status.ts, triage.ts, escalation.ts, merge.ts,
 * csat.ts, timer.ts (SLA firings, auto-close) and triage/classify.ts (the
 * triage model's reading of a message, the agent's review of its suggestion).
 *
 * Interactions are append-only: nothing here edits or removes one. The case
 * keeps the newest of them and of its history; the journal keeps them all
 * (journal.ts, docs/architecture.md#bounded-aggregates).
 */
import type {
  TicketingCaseCsatRecordedV1,
  TicketingCaseEscalatedV1,
  TicketingCaseInteractionRecordedV1,
  TicketingCaseMergedV1,
  TicketingCaseMessageClassifiedV1,
  TicketingCaseMessageQueuedV1,
  TicketingCaseOpenedV1,
  TicketingCaseSlaBreachedV1,
  TicketingCaseSlaDueSoonV1,
  TicketingCaseStatusChangedV1,
  TicketingCaseSuggestionReviewedV1,
  TicketingCaseTriagedV1,
} from '@cardline/schemas';
import type { Actor } from '@cardline/platform/domain';
import { requireCase, withCorrelation } from './events';
import { openCase, recordInbound } from './threading';
import { addNote, reply } from './replies';
import { changeStatus } from './status';
import { triage } from './triage';
import { escalate } from './escalation';
import { absorbMerged, mergeInto } from './merge';
import { recordCsat } from './csat';
import { decideContactChange } from './contacts';
import { tick } from './timer';
import {
  recordClassification,
  reviewSuggestion,
  triageRecordOf,
  type ReviewOutcome,
  type TriageRecord,
} from './triage/classify';
import type { Classification } from './triage/intents';
import type { Entities } from './triage/entities';
import type { TriagePolicy } from './triage/policy';
import type { Suggestion } from './triage/suggestions';
import {
  CORRELATIONS_KEPT,
  historyEntry,
  HISTORY_KEPT,
  interactionOf,
  INTERACTIONS_KEPT,
  keepLast,
  TRIAGE_KEPT,
  withMeta,
} from './journal';
import type { Channel, Metric, Priority, SlaClock, SlaPolicy } from './sla';

export type { Channel, Metric, Priority };
export { DomainError, type Actor } from '@cardline/platform/domain';
export { SYSTEM } from './events';
export { maskContact } from './contacts';
export { acceptsThread, isActive, reopenWindowEndsAt } from './threading';
export { ESCALATION_QUEUE } from './escalation';
export { nextDueAt } from './timer';

export type Status = 'NEW' | 'OPEN' | 'PENDING' | 'SOLVED' | 'CLOSED';
export type Topic = 'GENERAL' | 'BILLING_QUESTION' | 'DISPUTE' | 'LOST_CARD' | 'COLLECTIONS' | 'SALES';
export type Level = 'TIER1' | 'TIER2' | 'SUPERVISOR';
export type InteractionKind = 'INBOUND' | 'OUTBOUND' | 'CALL_NOTE' | 'INTERNAL_NOTE' | 'SURVEY';

export interface Interaction {
  interactionId: string;
  kind: InteractionKind;
  channel: Channel;
  body: string;
  contact: string | null;
  actor: Actor;
  at: number;
  correlationId: string;
  mergedFromCaseId: string | null;
  externalId: string | null;
}

export interface HistoryEntry {
  at: number;
  actor: Actor;
  action: string;
  detail: string;
}

export interface CaseState {
  caseId: string;
  customerId: string;
  accountId: string | null;
  channel: Channel;
  topic: Topic;
  priority: Priority;
  queue: string;
  assigneeId: string | null;
  tags: string[];
  subject: string;
  status: Status;
  level: Level;
  openedAt: number;
  firstReplyAt: number | null;
  solvedAt: number | null;
  solvedBy: string | null;
  closedAt: number | null;
  mergedInto: string | null;
  /** Where the customer can be reached, by channel (unmasked: replies go there). */
  contacts: Partial<Record<Channel, string>>;
  /**
   * A reply address a message came from that differs from the one on file,
   * by channel: replies keep going to the one on file until an agent
   * confirms it (contacts.ts, docs/adr/0023-least-privilege-operations.md).
   */
  pendingContacts: Partial<Record<Channel, string>>;
  /** The channel the CSAT survey went out on (null: none sent): only its adapter records the answer. */
  surveyChannel: Channel | null;
  clocks: Partial<Record<Metric, SlaClock>>;
  csat: { score: number; comment: string; at: number } | null;
  surveySentAt: number | null;
  /** The newest INTERACTIONS_KEPT interactions, oldest first; the journal has every one. */
  interactions: Interaction[];
  /** How many interactions the case has recorded: the newest is number interactionCount. */
  interactionCount: number;
  /** The channel the customer last wrote on (null: never). */
  lastInboundChannel: Channel | null;
  /**
   * Correlation ids of the requests on the case, the first and the newest
   * (CORRELATIONS_KEPT): they link it to what it caused elsewhere.
   */
  correlationIds: string[];
  /** The newest HISTORY_KEPT entries, oldest first; the journal has every one. */
  history: HistoryEntry[];
  historyCount: number;
  /** The newest classified inbound messages, oldest first (triage/classify.ts). */
  triage: TriageRecord[];
}

// ---- commands ----------------------------------------------------------

interface Base {
  actor: Actor;
  now: number;
  correlationId: string;
}

export interface InboundMessage {
  interactionId: string;
  channel: Channel;
  body: string;
  /** The sender's address on the channel (email, phone, WeChat openid). */
  from: string;
  externalId: string | null;
}

export type CaseCommand =
  | (Base & {
      kind: 'Open';
      caseId: string;
      customerId: string;
      accountId: string | null;
      channel: Channel;
      topic: Topic;
      priority: Priority;
      queue: string;
      subject: string;
      /** An agent logging a live call: the customer is answered as the case opens. */
      live: boolean;
      first: InboundMessage | null;
    })
  | (Base & { kind: 'RecordInbound'; message: InboundMessage })
  | (Base & { kind: 'Reply'; interactionId: string; channel: Channel | null; body: string })
  | (Base & { kind: 'AddNote'; interactionId: string; note: 'CALL_NOTE' | 'INTERNAL_NOTE'; body: string })
  | (Base & {
      kind: 'ChangeStatus';
      to: 'OPEN' | 'PENDING' | 'SOLVED' | 'CLOSED';
      reason: string;
      /** The survey's text, sent when this solves the case: the application's copy, not the domain's (empty if none). */
      survey?: string;
    })
  | (Base & {
      kind: 'Triage';
      queue?: string;
      assigneeId?: string | null;
      priority?: Priority;
      topic?: Topic;
      tags?: string[];
    })
  | (Base & { kind: 'Escalate'; reason: string })
  | (Base & { kind: 'MergeInto'; intoCaseId: string; intoCustomerId: string })
  | (Base & { kind: 'AbsorbMerged'; from: CaseState })
  | (Base & {
      kind: 'RecordCsat';
      score: number;
      comment: string;
      /** The channel a channel adapter's token is for (null: a person records it, e.g. from the IVR). */
      via: string | null;
    })
  | (Base & { kind: 'DecideContactChange'; channel: Channel; accept: boolean })
  | (Base & {
      kind: 'RecordClassification';
      interactionId: string;
      classification: Classification;
      entities: Entities;
      suggestion: Suggestion | null;
      modelVersion: string;
      policy: TriagePolicy;
    })
  | (Base & {
      kind: 'ReviewSuggestion';
      interactionId: string;
      outcome: ReviewOutcome;
      reason: string | null;
    })
  | { kind: 'Tick'; now: number };

// ---- events ------------------------------------------------------------

export type CaseEvent =
  | { type: 'ticketing.case.opened.v1'; payload: TicketingCaseOpenedV1 }
  | { type: 'ticketing.case.interaction-recorded.v1'; payload: TicketingCaseInteractionRecordedV1 }
  | { type: 'ticketing.case.message-queued.v1'; payload: TicketingCaseMessageQueuedV1 }
  | { type: 'ticketing.case.status-changed.v1'; payload: TicketingCaseStatusChangedV1 }
  | { type: 'ticketing.case.triaged.v1'; payload: TicketingCaseTriagedV1 }
  | { type: 'ticketing.case.sla-due-soon.v1'; payload: TicketingCaseSlaDueSoonV1 }
  | { type: 'ticketing.case.sla-breached.v1'; payload: TicketingCaseSlaBreachedV1 }
  | { type: 'ticketing.case.escalated.v1'; payload: TicketingCaseEscalatedV1 }
  | { type: 'ticketing.case.merged.v1'; payload: TicketingCaseMergedV1 }
  | { type: 'ticketing.case.csat-recorded.v1'; payload: TicketingCaseCsatRecordedV1 }
  | { type: 'ticketing.case.message-classified.v1'; payload: TicketingCaseMessageClassifiedV1 }
  | { type: 'ticketing.case.suggestion-reviewed.v1'; payload: TicketingCaseSuggestionReviewedV1 }
  /** Internal (not published): SLA clock bookkeeping, kept in state only. */
  | { type: 'internal.clocks-changed'; payload: { clocks: Partial<Record<Metric, SlaClock>>; at: number } }
  | { type: 'internal.correlated'; payload: { correlationId: string } }
  | { type: 'internal.contacts-merged'; payload: { contacts: Partial<Record<Channel, string>> } }
  /** A message came from another address than the one on file (contacts.ts); kept in state until decided. */
  | {
      type: 'internal.contact-change-pending';
      payload: { channel: Channel; address: string; actor: Actor; at: number };
    }
  | {
      type: 'internal.contact-change-decided';
      payload: { channel: Channel; address: string; accepted: boolean; actor: Actor; at: number };
    }
  /** What the published record leaves out: the unmasked address (replies go there), the channel's message id, the request's correlation. */
  | { type: 'internal.interaction-meta'; payload: InteractionMeta };

export interface InteractionMeta {
  interactionId: string;
  correlationId: string;
  externalId: string | null;
  channel: Channel;
  address: string | null;
}

export const isPublished = (e: CaseEvent): boolean => !e.type.startsWith('internal.');

/** One command of the union, by its kind: what a command function takes. */
export type CaseCommandOf<K extends CaseCommand['kind']> = Extract<CaseCommand, { kind: K }>;

// ---- decide ------------------------------------------------------------

export function decide(cmd: CaseCommand, state: CaseState | null, p: SlaPolicy): CaseEvent[] {
  if (cmd.kind === 'Open') return openCase(cmd, state, p);
  const s = requireCase(state);
  if (cmd.kind === 'Tick') return tick(cmd, s, p);
  return withCorrelation(s, cmd.correlationId, decideOn(cmd, s, p));
}

function decideOn(
  cmd: Exclude<CaseCommand, { kind: 'Open' | 'Tick' }>,
  s: CaseState,
  p: SlaPolicy,
): CaseEvent[] {
  switch (cmd.kind) {
    case 'RecordInbound':
      return recordInbound(cmd, s, p);
    case 'Reply':
      return reply(cmd, s);
    case 'AddNote':
      return addNote(cmd, s);
    case 'ChangeStatus':
      return changeStatus(cmd, s, p);
    case 'Triage':
      return triage(cmd, s, p);
    case 'Escalate':
      return escalate(cmd, s);
    case 'MergeInto':
      return mergeInto(cmd, s);
    case 'AbsorbMerged':
      return absorbMerged(cmd, s);
    case 'RecordCsat':
      return recordCsat(cmd, s);
    case 'DecideContactChange':
      return decideContactChange(cmd, s);
    case 'RecordClassification':
      return recordClassification(cmd, s, p);
    case 'ReviewSuggestion':
      return reviewSuggestion(cmd, s);
  }
}

// ---- evolve ------------------------------------------------------------

export function evolve(s: CaseState | null, e: CaseEvent): CaseState {
  const next = applied(s, e);
  const line = historyEntry(e);
  // Every event trims, so a case stored with longer lists (stored.ts) is trimmed by any save.
  return {
    ...next,
    interactions: keepLast(next.interactions, INTERACTIONS_KEPT),
    history: keepLast(line ? [...next.history, line] : next.history, HISTORY_KEPT),
    historyCount: next.historyCount + (line ? 1 : 0),
  };
}

/** The event's effect but the history line it writes (historyEntry). */
function applied(s: CaseState | null, e: CaseEvent): CaseState {
  if (e.type === 'ticketing.case.opened.v1') {
    const p = e.payload;
    return {
      caseId: p.caseId,
      customerId: p.customerId,
      accountId: p.accountId,
      channel: p.channel as Channel,
      topic: p.topic as Topic,
      priority: p.priority as Priority,
      queue: p.queue,
      assigneeId: null,
      tags: [],
      subject: p.subject,
      status: 'NEW',
      level: 'TIER1',
      openedAt: p.openedAt,
      firstReplyAt: p.firstReplyDueAt === null ? p.openedAt : null,
      solvedAt: null,
      solvedBy: null,
      closedAt: null,
      mergedInto: null,
      contacts: {},
      pendingContacts: {},
      surveyChannel: null,
      clocks: {},
      csat: null,
      surveySentAt: null,
      interactions: [],
      interactionCount: 0,
      lastInboundChannel: null,
      correlationIds: [],
      history: [],
      historyCount: 0,
      triage: [],
    };
  }
  const st = requireCase(s);
  switch (e.type) {
    case 'ticketing.case.interaction-recorded.v1': {
      const i = interactionOf(e.payload);
      const replied = i.kind === 'OUTBOUND' || i.kind === 'CALL_NOTE';
      return {
        ...st,
        firstReplyAt: st.firstReplyAt ?? (replied ? i.at : null),
        interactions: [...st.interactions, i],
        interactionCount: st.interactionCount + 1,
        lastInboundChannel: i.kind === 'INBOUND' ? i.channel : st.lastInboundChannel,
      };
    }
    case 'ticketing.case.message-queued.v1':
      return e.payload.purpose === 'CSAT_SURVEY'
        ? { ...st, surveySentAt: e.payload.queuedAt, surveyChannel: e.payload.channel as Channel }
        : st;
    case 'ticketing.case.status-changed.v1': {
      const p = e.payload;
      const to = p.to as Status;
      return {
        ...st,
        status: to,
        solvedAt: to === 'SOLVED' ? p.changedAt : to === 'OPEN' ? null : st.solvedAt,
        solvedBy: to === 'SOLVED' ? p.actor.id : to === 'OPEN' ? null : st.solvedBy,
        closedAt: to === 'CLOSED' ? p.changedAt : st.closedAt,
      };
    }
    case 'ticketing.case.triaged.v1': {
      const p = e.payload;
      return {
        ...st,
        queue: p.queue,
        assigneeId: p.assigneeId,
        priority: p.priority as Priority,
        topic: p.topic as Topic,
        tags: p.tags,
      };
    }
    case 'ticketing.case.sla-due-soon.v1':
    case 'ticketing.case.sla-breached.v1':
      return st;
    case 'ticketing.case.escalated.v1': {
      const p = e.payload;
      return { ...st, level: p.toLevel as Level, queue: p.queue, assigneeId: null };
    }
    case 'ticketing.case.merged.v1':
      return { ...st, mergedInto: e.payload.intoCaseId };
    case 'ticketing.case.csat-recorded.v1':
      return {
        ...st,
        csat: { score: e.payload.score, comment: e.payload.comment, at: e.payload.respondedAt },
      };
    case 'ticketing.case.message-classified.v1':
      return { ...st, triage: keepLast([...st.triage, triageRecordOf(e.payload)], TRIAGE_KEPT) };
    case 'ticketing.case.suggestion-reviewed.v1': {
      const { interactionId, outcome } = e.payload;
      const review = outcome === 'UNKNOWN' ? null : outcome;
      return {
        ...st,
        triage: st.triage.map((t) => (t.interactionId === interactionId ? { ...t, review } : t)),
      };
    }
    case 'internal.clocks-changed':
      return { ...st, clocks: e.payload.clocks };
    case 'internal.correlated': {
      // The first one stays: the timer acts under the request that opened the case.
      const ids = [...st.correlationIds, e.payload.correlationId];
      const [first, ...rest] = ids;
      return {
        ...st,
        correlationIds:
          first !== undefined && ids.length > CORRELATIONS_KEPT
            ? [first, ...keepLast(rest, CORRELATIONS_KEPT - 1)]
            : ids,
      };
    }
    case 'internal.contacts-merged':
      return { ...st, contacts: e.payload.contacts };
    case 'internal.contact-change-pending':
      return { ...st, pendingContacts: { ...st.pendingContacts, [e.payload.channel]: e.payload.address } };
    case 'internal.contact-change-decided': {
      const { [e.payload.channel]: _decided, ...pending } = st.pendingContacts;
      const { channel, address, accepted } = e.payload;
      return {
        ...st,
        pendingContacts: pending,
        contacts: accepted ? { ...st.contacts, [channel]: address } : st.contacts,
      };
    }
    case 'internal.interaction-meta': {
      const m = e.payload;
      return {
        ...st,
        contacts: m.address ? { ...st.contacts, [m.channel]: m.address } : st.contacts,
        interactions: st.interactions.map((i) => withMeta(i, m)),
      };
    }
  }
}

/** Folds events into state (published and internal ones). */
export function fold(events: CaseEvent[], s: CaseState | null): CaseState | null {
  return events.reduce<CaseState | null>((acc, e) => evolve(acc, e), s);
}
