/**
 * A case keeps its most recent interactions and history entries; every one
 * is also appended, numbered, to the case's journal (its own collections),
 * which serves the full lists. So a case with 10,000 interactions stays a
 * small document (docs/architecture.md#bounded-aggregates).
 *
 * The journal is written before the case is saved (no multi-document
 * transactions): the entries a save adds, and the committed ones it drops
 * from the case. A save that then fails leaves numbered entries past the
 * case's count, which readers ignore and the next save at that number
 * overwrites.
 */
import type { TicketingCaseInteractionRecordedV1 } from '@cardline/schemas';
import type { Actor } from '@cardline/platform/domain';
import type {
  CaseEvent,
  CaseState,
  HistoryEntry,
  Interaction,
  InteractionKind,
  InteractionMeta,
} from './case';
import type { Channel } from './sla';
import { SYSTEM } from './events';
import { maskContact } from './contacts';

/** How many of the newest interactions and history entries the case itself keeps. */
export const INTERACTIONS_KEPT = 50;
export const HISTORY_KEPT = 50;
/** The correlation ids a case keeps: the first (the timer's) and the newest. */
export const CORRELATIONS_KEPT = 50;
/** Classified messages a case keeps (their events have every one). */
export const TRIAGE_KEPT = 50;

/** An entry with its place in the case's full list, from 1. */
export interface Numbered<T> {
  seq: number;
  entry: T;
}

export interface JournalWrites {
  interactions: Numbered<Interaction>[];
  history: Numbered<HistoryEntry>[];
}

export const keepLast = <T>(xs: T[], n: number): T[] => (xs.length > n ? xs.slice(xs.length - n) : xs);

export function interactionOf(p: TicketingCaseInteractionRecordedV1): Interaction {
  return {
    interactionId: p.interactionId,
    kind: p.kind as InteractionKind,
    channel: p.channel as Channel,
    body: p.body,
    contact: p.contact,
    actor: p.actor,
    at: p.recordedAt,
    correlationId: '',
    mergedFromCaseId: p.mergedFromCaseId,
    externalId: null,
  };
}

/** What the published record leaves out, on the interaction it belongs to. */
export const withMeta = (i: Interaction, m: InteractionMeta): Interaction =>
  i.interactionId === m.interactionId
    ? { ...i, correlationId: m.correlationId, externalId: m.externalId }
    : i;

/** The history line an event writes, if any. */
export function historyEntry(e: CaseEvent): HistoryEntry | null {
  const line = (at: number, actor: Actor, action: string, detail: string) => ({ at, actor, action, detail });
  switch (e.type) {
    case 'ticketing.case.opened.v1': {
      const p = e.payload;
      return line(p.openedAt, p.actor, 'OPENED', `${p.channel} ${p.topic} ${p.priority}`);
    }
    case 'ticketing.case.status-changed.v1':
      return line(e.payload.changedAt, e.payload.actor, `STATUS_${e.payload.to}`, e.payload.reason);
    case 'ticketing.case.triaged.v1': {
      const p = e.payload;
      const detail = `${p.queue} ${p.assigneeId ?? '-'} ${p.priority} ${p.topic}`;
      return line(p.changedAt, p.actor, 'TRIAGED', detail);
    }
    case 'ticketing.case.sla-due-soon.v1':
      return line(e.payload.firedAt, SYSTEM, 'SLA_DUE_SOON', e.payload.metric);
    case 'ticketing.case.sla-breached.v1':
      return line(e.payload.firedAt, SYSTEM, 'SLA_BREACHED', e.payload.metric);
    case 'ticketing.case.escalated.v1': {
      const p = e.payload;
      return line(p.escalatedAt, p.actor, 'ESCALATED', `${p.fromLevel} → ${p.toLevel}: ${p.reason}`);
    }
    case 'ticketing.case.merged.v1':
      return line(e.payload.mergedAt, e.payload.actor, 'MERGED', `into ${e.payload.intoCaseId}`);
    case 'internal.contact-change-pending': {
      const p = e.payload;
      return line(
        p.at,
        p.actor,
        'CONTACT_CHANGE_PENDING',
        `${p.channel} ${maskContact(p.channel, p.address)}`,
      );
    }
    case 'internal.contact-change-decided': {
      const p = e.payload;
      const action = p.accepted ? 'CONTACT_CHANGE_CONFIRMED' : 'CONTACT_CHANGE_REJECTED';
      return line(p.at, p.actor, action, `${p.channel} ${maskContact(p.channel, p.address)}`);
    }
    case 'ticketing.case.message-classified.v1': {
      const p = e.payload;
      const detail = `${p.intent} ${p.language} ${p.confidence.toFixed(2)} ${p.urgency} ${p.suggestionSource}`;
      return line(p.classifiedAt, p.actor, 'CLASSIFIED', detail);
    }
    case 'ticketing.case.suggestion-reviewed.v1': {
      const p = e.payload;
      return line(
        p.reviewedAt,
        p.actor,
        `SUGGESTION_${p.outcome}`,
        `${p.suggestionSource} ${p.reason ?? ''}`.trim(),
      );
    }
    default:
      return null;
  }
}

/** The interactions these events record, in order, with their meta. */
function recorded(events: CaseEvent[]): Interaction[] {
  const out: Interaction[] = [];
  for (const e of events) {
    if (e.type === 'ticketing.case.interaction-recorded.v1') out.push(interactionOf(e.payload));
    else if (e.type === 'internal.interaction-meta') out.forEach((i, n) => (out[n] = withMeta(i, e.payload)));
  }
  return out;
}

/** The kept entries numbered: the newest is number `count`. */
export function numbered<T>(kept: T[], count: number): Numbered<T>[] {
  return kept.map((entry, i) => ({ seq: count - kept.length + i + 1, entry }));
}

/** The entries a save of `events` on `s` adds, and the committed ones it drops from the case. */
export function journalWrites(s: CaseState | null, events: CaseEvent[]): JournalWrites {
  const writes = <T>(kept: T[], count: number, added: T[], max: number) => [
    ...numbered(kept, count).slice(0, Math.max(0, kept.length + added.length - max)),
    ...added.map((entry, i) => ({ seq: count + i + 1, entry })),
  ];
  const history = events.flatMap((e) => historyEntry(e) ?? []);
  return {
    interactions: writes(
      s?.interactions ?? [],
      s?.interactionCount ?? 0,
      recorded(events),
      INTERACTIONS_KEPT,
    ),
    history: writes(s?.history ?? [], s?.historyCount ?? 0, history, HISTORY_KEPT),
  };
}
