/**
 * The Case aggregate: one customer inquiry across channels, from the first
 * contact to closing. Pure: decide() turns a command into events, evolve()
 * folds an event into state. Commands carry the time and the SLA policy, so
 * every rule (threading, pause while pending, near breach, breach and
 * escalation, reopen window) is testable here without I/O.
 *
 * Interactions are append-only: nothing here edits or removes one.
 */
import type {
  TicketingCaseCsatRecordedV1,
  TicketingCaseEscalatedV1,
  TicketingCaseInteractionRecordedV1,
  TicketingCaseMergedV1,
  TicketingCaseMessageQueuedV1,
  TicketingCaseOpenedV1,
  TicketingCaseSlaBreachedV1,
  TicketingCaseSlaDueSoonV1,
  TicketingCaseStatusChangedV1,
  TicketingCaseTriagedV1,
} from '@cardline/schemas';
import { DomainError, type Actor } from '@cardline/platform';
import {
  DAY,
  firesAt,
  nextFiring,
  pauseClock,
  resumeClock,
  startClock,
  targetFor,
  type Channel,
  type Metric,
  type Priority,
  type SlaClock,
  type SlaPolicy,
} from './sla';

export type { Channel, Metric, Priority };
export { DomainError, type Actor };
export type Status = 'NEW' | 'OPEN' | 'PENDING' | 'SOLVED' | 'CLOSED';
export type Topic = 'GENERAL' | 'BILLING_QUESTION' | 'DISPUTE' | 'LOST_CARD' | 'COLLECTIONS' | 'SALES';
export type Level = 'TIER1' | 'TIER2' | 'SUPERVISOR';
export type InteractionKind = 'INBOUND' | 'OUTBOUND' | 'CALL_NOTE' | 'INTERNAL_NOTE' | 'SURVEY';

/** The SLA policy acting on its own. */
export const SYSTEM: Actor = { id: 'ticketing-sla', role: 'SYSTEM' };

/** Queue a level's cases go to when escalated. */
export const ESCALATION_QUEUE: Record<Level, string> = {
  TIER1: 'general',
  TIER2: 'tier2',
  SUPERVISOR: 'supervisors',
};
const NEXT_LEVEL: Record<Level, Level | null> = { TIER1: 'TIER2', TIER2: 'SUPERVISOR', SUPERVISOR: null };

/** Auto-close after solve: the customer may still reopen within the policy's window. */
export const CLOSE_AFTER_SOLVE_MS = 4 * DAY;

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
  clocks: Partial<Record<Metric, SlaClock>>;
  csat: { score: number; comment: string; at: number } | null;
  surveySentAt: number | null;
  interactions: Interaction[];
  /** Correlation ids of every request on the case: they link it to what it caused elsewhere. */
  correlationIds: string[];
  history: { at: number; actor: Actor; action: string; detail: string }[];
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
  | (Base & { kind: 'ChangeStatus'; to: 'OPEN' | 'PENDING' | 'SOLVED' | 'CLOSED'; reason: string })
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
  | (Base & { kind: 'RecordCsat'; score: number; comment: string })
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
  /** Internal (not published): SLA clock bookkeeping, kept in state only. */
  | { type: 'internal.clocks-changed'; payload: { clocks: Partial<Record<Metric, SlaClock>>; at: number } }
  | { type: 'internal.correlated'; payload: { correlationId: string } }
  | { type: 'internal.contacts-merged'; payload: { contacts: Partial<Record<Channel, string>> } }
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

const OPEN_STATUSES: Status[] = ['NEW', 'OPEN', 'PENDING'];
export const isActive = (s: CaseState): boolean => OPEN_STATUSES.includes(s.status);

/** May a new inbound message of this customer thread into the case? */
export function acceptsThread(s: CaseState, p: SlaPolicy, now: number): boolean {
  if (isActive(s)) return true;
  return s.status === 'SOLVED' && s.solvedAt !== null && now - s.solvedAt <= p.reopenWindowMs;
}

/** Masks an address for events and views: the unmasked one stays in state for delivery. */
export function maskContact(channel: Channel, address: string): string {
  if (channel === 'EMAIL') {
    const [user, domain] = address.split('@');
    return `${(user ?? '').slice(0, 1)}***@${domain ?? ''}`;
  }
  if (channel === 'PHONE' || channel === 'SMS') return `***${address.replace(/\D/g, '').slice(-4)}`;
  return `${address.slice(0, 3)}***`;
}

// ---- decide ------------------------------------------------------------

function requireCase(s: CaseState | null): CaseState {
  if (!s) throw new DomainError('NOT_FOUND', 'case not found');
  return s;
}

function requireNotClosed(s: CaseState): void {
  if (s.status === 'CLOSED') {
    const why = s.mergedInto ? ` (merged into ${s.mergedInto})` : '';
    throw new DomainError('INVALID_STATE', `case ${s.caseId} is closed${why}`);
  }
}

const statusEvent = (s: CaseState, to: Status, reason: string, actor: Actor, now: number): CaseEvent => ({
  type: 'ticketing.case.status-changed.v1',
  payload: { caseId: s.caseId, customerId: s.customerId, from: s.status, to, reason, actor, changedAt: now },
});

const clocksEvent = (clocks: Partial<Record<Metric, SlaClock>>, now: number): CaseEvent => ({
  type: 'internal.clocks-changed',
  payload: { clocks, at: now },
});

function interactionEvents(
  s: Pick<CaseState, 'caseId' | 'customerId'>,
  i: { interactionId: string; kind: InteractionKind; channel: Channel; body: string; contact: string | null },
  meta: Omit<InteractionMeta, 'interactionId' | 'channel'>,
  actor: Actor,
  now: number,
  mergedFromCaseId: string | null = null,
): CaseEvent[] {
  const recorded: CaseEvent = {
    type: 'ticketing.case.interaction-recorded.v1',
    payload: {
      caseId: s.caseId,
      customerId: s.customerId,
      interactionId: i.interactionId,
      kind: i.kind,
      channel: i.channel,
      body: i.body,
      contact: i.contact,
      mergedFromCaseId,
      actor,
      recordedAt: now,
    },
  };
  return [
    recorded,
    {
      type: 'internal.interaction-meta',
      payload: { ...meta, interactionId: i.interactionId, channel: i.channel },
    },
  ];
}

const without = (r: Partial<Record<Metric, SlaClock>>, k: Metric): Partial<Record<Metric, SlaClock>> => {
  const copy = { ...r };
  delete copy[k];
  return copy;
};

function mapClocks(
  clocks: Partial<Record<Metric, SlaClock>>,
  f: (c: SlaClock) => SlaClock,
): Partial<Record<Metric, SlaClock>> {
  const out: Partial<Record<Metric, SlaClock>> = {};
  for (const [m, c] of Object.entries(clocks) as [Metric, SlaClock][]) out[m] = f(c);
  return out;
}

/** The customer wrote: thread it, reopen or resume the case, and start the next-reply clock. */
function inbound(
  s: CaseState,
  m: InboundMessage,
  actor: Actor,
  now: number,
  p: SlaPolicy,
  correlationId: string,
): CaseEvent[] {
  if (m.externalId && s.interactions.some((i) => i.externalId === m.externalId)) return []; // a redelivery
  if (!acceptsThread(s, p, now))
    throw new DomainError('INVALID_STATE', `case ${s.caseId} no longer takes messages`);
  const events: CaseEvent[] = inboundEvents(s, m, correlationId, actor, now);
  let clocks = s.clocks;
  if (s.status === 'PENDING') {
    events.push(statusEvent(s, 'OPEN', 'customer replied', actor, now));
    clocks = mapClocks(clocks, (c) => resumeClock(c, now));
  }
  if (s.status === 'SOLVED') {
    events.push(statusEvent(s, 'OPEN', 'reopened by the customer within the reopen window', actor, now));
    clocks = { ...clocks, RESOLUTION: startClock(targetFor(p, 'RESOLUTION', s.priority, s.channel), now) };
  }
  // Waiting for the first reply already covers this message; otherwise the customer waits anew.
  if (s.firstReplyAt !== null && !clocks.NEXT_REPLY)
    clocks = { ...clocks, NEXT_REPLY: startClock(targetFor(p, 'NEXT_REPLY', s.priority, m.channel), now) };
  if (clocks !== s.clocks) events.push(clocksEvent(clocks, now));
  return events;
}

function inboundEvents(
  s: Pick<CaseState, 'caseId' | 'customerId'>,
  m: InboundMessage,
  correlationId: string,
  actor: Actor,
  now: number,
): CaseEvent[] {
  return interactionEvents(
    s,
    { ...m, kind: 'INBOUND', contact: maskContact(m.channel, m.from) },
    { correlationId, externalId: m.externalId, address: m.from },
    actor,
    now,
  );
}

/** An agent answered the customer: the reply clocks are met. */
function answered(s: CaseState): Partial<Record<Metric, SlaClock>> {
  return without(without(s.clocks, 'FIRST_REPLY'), 'NEXT_REPLY');
}

function breachEvents(s: CaseState, p: SlaPolicy, now: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  let clocks = s.clocks;
  let level = s.level;
  const common = {
    caseId: s.caseId,
    customerId: s.customerId,
    priority: s.priority,
    channel: s.channel,
    queue: s.queue,
    assigneeId: s.assigneeId,
  };
  for (const metric of ['FIRST_REPLY', 'NEXT_REPLY', 'RESOLUTION'] as Metric[]) {
    const c = clocks[metric];
    if (!c) continue;
    const f = firesAt(c, p, now);
    if (f.warn) {
      events.push({
        type: 'ticketing.case.sla-due-soon.v1',
        payload: { ...common, metric, dueAt: c.dueAt as number, firedAt: now },
      });
      clocks = { ...clocks, [metric]: { ...c, warned: true } };
    }
    if (f.breach) {
      events.push({
        type: 'ticketing.case.sla-breached.v1',
        payload: { ...common, metric, dueAt: c.dueAt as number, firedAt: now },
      });
      clocks = { ...clocks, [metric]: { ...c, warned: true, breached: true } };
      const up = NEXT_LEVEL[level];
      if (up) {
        events.push({
          type: 'ticketing.case.escalated.v1',
          payload: {
            caseId: s.caseId,
            customerId: s.customerId,
            fromLevel: level,
            toLevel: up,
            queue: ESCALATION_QUEUE[up],
            reason: `${metric} SLA breached`,
            actor: SYSTEM,
            escalatedAt: now,
          },
        });
        level = up;
      }
    }
  }
  if (clocks !== s.clocks) events.push(clocksEvent(clocks, now));
  return events;
}

export function decide(cmd: CaseCommand, state: CaseState | null, p: SlaPolicy): CaseEvent[] {
  if (cmd.kind === 'Open') {
    if (state) throw new DomainError('ALREADY_EXISTS', `case ${cmd.caseId} already exists`);
    const firstReplyDue = cmd.live ? null : cmd.now + targetFor(p, 'FIRST_REPLY', cmd.priority, cmd.channel);
    const resolutionMs = targetFor(p, 'RESOLUTION', cmd.priority, cmd.channel);
    const opened: CaseEvent = {
      type: 'ticketing.case.opened.v1',
      payload: {
        caseId: cmd.caseId,
        customerId: cmd.customerId,
        accountId: cmd.accountId,
        channel: cmd.channel,
        topic: cmd.topic,
        priority: cmd.priority,
        queue: cmd.queue,
        subject: cmd.subject,
        firstReplyDueAt: firstReplyDue,
        resolutionDueAt: cmd.now + resolutionMs,
        actor: cmd.actor,
        openedAt: cmd.now,
      },
    };
    const clocks: Partial<Record<Metric, SlaClock>> = { RESOLUTION: startClock(resolutionMs, cmd.now) };
    if (!cmd.live)
      clocks.FIRST_REPLY = startClock(targetFor(p, 'FIRST_REPLY', cmd.priority, cmd.channel), cmd.now);
    const events: CaseEvent[] = [opened, clocksEvent(clocks, cmd.now), correlated(cmd.correlationId)];
    if (cmd.first) {
      events.push(...inboundEvents(cmd, cmd.first, cmd.correlationId, cmd.actor, cmd.now));
    }
    return events;
  }
  const s = requireCase(state);
  if (cmd.kind === 'Tick')
    return s.status === 'SOLVED' ? closeIfDue(s, cmd.now) : breachEvents(s, p, cmd.now);
  const link = s.correlationIds.includes(cmd.correlationId) ? [] : [correlated(cmd.correlationId)];
  const events = decideOn(s, cmd, p);
  return events.length ? [...events, ...link] : events;
}

const correlated = (correlationId: string): CaseEvent => ({
  type: 'internal.correlated',
  payload: { correlationId },
});

function closeIfDue(s: CaseState, now: number): CaseEvent[] {
  if (s.solvedAt === null || now < s.solvedAt + CLOSE_AFTER_SOLVE_MS) return [];
  return [statusEvent(s, 'CLOSED', 'closed automatically after solve', SYSTEM, now)];
}

function decideOn(
  s: CaseState,
  cmd: Exclude<CaseCommand, { kind: 'Open' | 'Tick' }>,
  p: SlaPolicy,
): CaseEvent[] {
  const { actor, now } = cmd;
  switch (cmd.kind) {
    case 'RecordInbound':
      requireNotClosed(s);
      return inbound(s, cmd.message, actor, now, p, cmd.correlationId);

    case 'Reply': {
      requireNotClosed(s);
      if (s.interactions.some((i) => i.interactionId === cmd.interactionId)) return [];
      const channel = cmd.channel ?? lastInboundChannel(s);
      const to = channel ? s.contacts[channel] : undefined;
      if (!channel || channel === 'PHONE' || !to)
        throw new DomainError(
          'INVALID',
          `no ${channel ?? 'message'} address for this customer on the case: log a call note instead`,
        );
      const events: CaseEvent[] = [
        ...interactionEvents(
          s,
          { ...cmd, kind: 'OUTBOUND', channel, contact: maskContact(channel, to) },
          { correlationId: cmd.correlationId, externalId: null, address: null },
          actor,
          now,
        ),
        {
          type: 'ticketing.case.message-queued.v1',
          payload: {
            caseId: s.caseId,
            interactionId: cmd.interactionId,
            channel,
            purpose: 'REPLY',
            to,
            body: cmd.body,
            queuedAt: now,
          },
        },
      ];
      if (s.status === 'NEW') events.push(statusEvent(s, 'OPEN', 'agent replied', actor, now));
      events.push(clocksEvent(answered(s), now));
      return events;
    }

    case 'AddNote': {
      requireNotClosed(s);
      if (s.interactions.some((i) => i.interactionId === cmd.interactionId)) return [];
      const events: CaseEvent[] = [
        ...interactionEvents(
          s,
          { ...cmd, kind: cmd.note, channel: 'PHONE', contact: null },
          { correlationId: cmd.correlationId, externalId: null, address: null },
          actor,
          now,
        ),
      ];
      // A call note is a conversation with the customer: it answers them. An internal note does not.
      if (cmd.note === 'CALL_NOTE') {
        if (s.status === 'NEW')
          events.push(statusEvent(s, 'OPEN', 'agent spoke with the customer', actor, now));
        events.push(clocksEvent(answered(s), now));
      }
      return events;
    }

    case 'ChangeStatus':
      return changeStatus(s, cmd.to, cmd.reason, actor, now, p);

    case 'Triage': {
      requireNotClosed(s);
      const next = {
        queue: cmd.queue ?? s.queue,
        assigneeId: cmd.assigneeId === undefined ? s.assigneeId : cmd.assigneeId,
        priority: cmd.priority ?? s.priority,
        topic: cmd.topic ?? s.topic,
        tags: cmd.tags ? [...new Set(cmd.tags)].sort() : s.tags,
      };
      const same =
        next.queue === s.queue &&
        next.assigneeId === s.assigneeId &&
        next.priority === s.priority &&
        next.topic === s.topic &&
        next.tags.join() === s.tags.join();
      if (same) return [];
      const events: CaseEvent[] = [
        {
          type: 'ticketing.case.triaged.v1',
          payload: { caseId: s.caseId, customerId: s.customerId, ...next, actor, changedAt: now },
        },
      ];
      if (s.status === 'NEW' && next.assigneeId)
        events.push(statusEvent(s, 'OPEN', `assigned to ${next.assigneeId}`, actor, now));
      return events;
    }

    case 'Escalate': {
      requireNotClosed(s);
      const up = NEXT_LEVEL[s.level];
      if (!up) throw new DomainError('INVALID_STATE', 'case is already with a supervisor');
      return [
        {
          type: 'ticketing.case.escalated.v1',
          payload: {
            caseId: s.caseId,
            customerId: s.customerId,
            fromLevel: s.level,
            toLevel: up,
            queue: ESCALATION_QUEUE[up],
            reason: cmd.reason,
            actor,
            escalatedAt: now,
          },
        },
      ];
    }

    case 'MergeInto': {
      if (s.mergedInto === cmd.intoCaseId) return [];
      requireNotClosed(s);
      if (cmd.intoCaseId === s.caseId)
        throw new DomainError('INVALID', 'a case cannot be merged into itself');
      if (cmd.intoCustomerId !== s.customerId)
        throw new DomainError('INVALID', 'only cases of the same customer can be merged');
      return [
        {
          type: 'ticketing.case.merged.v1',
          payload: {
            caseId: s.caseId,
            intoCaseId: cmd.intoCaseId,
            customerId: s.customerId,
            actor,
            mergedAt: now,
          },
        },
        statusEvent(s, 'CLOSED', `merged into ${cmd.intoCaseId}`, actor, now),
        clocksEvent({}, now),
      ];
    }

    case 'AbsorbMerged': {
      requireNotClosed(s);
      if (cmd.from.customerId !== s.customerId)
        throw new DomainError('INVALID', 'only cases of the same customer can be merged');
      const have = new Set(s.interactions.map((i) => i.interactionId));
      // Carried-over records keep their original actor; the merge note says who merged and when.
      const carried = cmd.from.interactions.filter((i) => !have.has(i.interactionId));
      const events = carried.flatMap((i) =>
        interactionEvents(
          s,
          i,
          { correlationId: i.correlationId, externalId: i.externalId, address: null },
          i.actor,
          now,
          cmd.from.caseId,
        ),
      );
      // The duplicate's addresses let replies on the surviving case reach the customer there too.
      const contacts = { ...cmd.from.contacts, ...s.contacts };
      if (Object.keys(contacts).length !== Object.keys(s.contacts).length)
        events.push({ type: 'internal.contacts-merged', payload: { contacts } });
      return events;
    }

    case 'RecordCsat': {
      if (s.status !== 'SOLVED' && s.status !== 'CLOSED')
        throw new DomainError('INVALID_STATE', 'the survey is answered once the case is solved');
      if (s.csat) throw new DomainError('INVALID_STATE', 'the survey was already answered');
      if (!Number.isInteger(cmd.score) || cmd.score < 1 || cmd.score > 5)
        throw new DomainError('INVALID', 'score must be 1 to 5');
      return [
        {
          type: 'ticketing.case.csat-recorded.v1',
          payload: {
            caseId: s.caseId,
            customerId: s.customerId,
            score: cmd.score,
            comment: cmd.comment,
            agentId: s.solvedBy,
            queue: s.queue,
            channel: s.channel,
            respondedAt: now,
          },
        },
      ];
    }
  }
}

function lastInboundChannel(s: CaseState): Channel | null {
  for (let i = s.interactions.length - 1; i >= 0; i--) {
    const it = s.interactions[i] as Interaction;
    if (it.kind === 'INBOUND') return it.channel;
  }
  return s.contacts[s.channel] ? s.channel : null;
}

const ALLOWED: Record<Status, Status[]> = {
  NEW: ['OPEN', 'PENDING', 'SOLVED'],
  OPEN: ['PENDING', 'SOLVED'],
  PENDING: ['OPEN', 'SOLVED'],
  SOLVED: ['OPEN', 'CLOSED'],
  CLOSED: [],
};

function changeStatus(
  s: CaseState,
  to: Status,
  reason: string,
  actor: Actor,
  now: number,
  p: SlaPolicy,
): CaseEvent[] {
  if (s.status === to) return [];
  if (!ALLOWED[s.status].includes(to))
    throw new DomainError('INVALID_STATE', `case ${s.caseId} is ${s.status}: cannot move to ${to}`);
  const events: CaseEvent[] = [statusEvent(s, to, reason, actor, now)];
  if (to === 'PENDING')
    events.push(
      clocksEvent(
        mapClocks(s.clocks, (c) => pauseClock(c, now)),
        now,
      ),
    );
  if (to === 'OPEN' && s.status === 'PENDING')
    events.push(
      clocksEvent(
        mapClocks(s.clocks, (c) => resumeClock(c, now)),
        now,
      ),
    );
  if (to === 'OPEN' && s.status === 'SOLVED') {
    if (s.solvedAt !== null && now - s.solvedAt > p.reopenWindowMs)
      throw new DomainError('INVALID_STATE', 'the reopen window has passed: open a new case');
    events.push(
      clocksEvent({ RESOLUTION: startClock(targetFor(p, 'RESOLUTION', s.priority, s.channel), now) }, now),
    );
  }
  if (to === 'SOLVED') {
    events.push(clocksEvent({}, now));
    const channel = lastInboundChannel(s);
    const address = channel && channel !== 'PHONE' ? s.contacts[channel] : undefined;
    if (channel && address && !s.surveySentAt) {
      const interactionId = `${s.caseId}:csat-survey`;
      const body = 'How satisfied were you with how we handled your request? Reply with a score from 1 to 5.';
      events.push(
        ...interactionEvents(
          s,
          { interactionId, kind: 'SURVEY', channel, body, contact: maskContact(channel, address) },
          { correlationId: '', externalId: null, address: null },
          actor,
          now,
        ),
        {
          type: 'ticketing.case.message-queued.v1',
          payload: {
            caseId: s.caseId,
            interactionId,
            channel,
            purpose: 'CSAT_SURVEY',
            to: address,
            body,
            queuedAt: now,
          },
        },
      );
    }
  }
  return events;
}

// ---- evolve ------------------------------------------------------------

export function evolve(s: CaseState | null, e: CaseEvent): CaseState {
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
      clocks: {},
      csat: null,
      surveySentAt: null,
      interactions: [],
      correlationIds: [],
      history: [
        { at: p.openedAt, actor: p.actor, action: 'OPENED', detail: `${p.channel} ${p.topic} ${p.priority}` },
      ],
    };
  }
  const st = requireCase(s);
  const log = (at: number, actor: Actor, action: string, detail: string) => [
    ...st.history,
    { at, actor, action, detail },
  ];
  switch (e.type) {
    case 'ticketing.case.interaction-recorded.v1': {
      const p = e.payload;
      const kind = p.kind as InteractionKind;
      const replied = kind === 'OUTBOUND' || kind === 'CALL_NOTE';
      return {
        ...st,
        firstReplyAt: st.firstReplyAt ?? (replied ? p.recordedAt : null),
        interactions: [
          ...st.interactions,
          {
            interactionId: p.interactionId,
            kind,
            channel: p.channel as Channel,
            body: p.body,
            contact: p.contact,
            actor: p.actor,
            at: p.recordedAt,
            correlationId: '',
            mergedFromCaseId: p.mergedFromCaseId,
            externalId: null,
          },
        ],
      };
    }
    case 'ticketing.case.message-queued.v1':
      return e.payload.purpose === 'CSAT_SURVEY' ? { ...st, surveySentAt: e.payload.queuedAt } : st;
    case 'ticketing.case.status-changed.v1': {
      const p = e.payload;
      const to = p.to as Status;
      return {
        ...st,
        status: to,
        solvedAt: to === 'SOLVED' ? p.changedAt : to === 'OPEN' ? null : st.solvedAt,
        solvedBy: to === 'SOLVED' ? p.actor.id : to === 'OPEN' ? null : st.solvedBy,
        closedAt: to === 'CLOSED' ? p.changedAt : st.closedAt,
        history: log(p.changedAt, p.actor, `STATUS_${to}`, p.reason),
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
        history: log(
          p.changedAt,
          p.actor,
          'TRIAGED',
          `${p.queue} ${p.assigneeId ?? '-'} ${p.priority} ${p.topic}`,
        ),
      };
    }
    case 'ticketing.case.sla-due-soon.v1':
      return { ...st, history: log(e.payload.firedAt, SYSTEM, 'SLA_DUE_SOON', e.payload.metric) };
    case 'ticketing.case.sla-breached.v1':
      return { ...st, history: log(e.payload.firedAt, SYSTEM, 'SLA_BREACHED', e.payload.metric) };
    case 'ticketing.case.escalated.v1': {
      const p = e.payload;
      return {
        ...st,
        level: p.toLevel as Level,
        queue: p.queue,
        assigneeId: null,
        history: log(p.escalatedAt, p.actor, 'ESCALATED', `${p.fromLevel} → ${p.toLevel}: ${p.reason}`),
      };
    }
    case 'ticketing.case.merged.v1':
      return {
        ...st,
        mergedInto: e.payload.intoCaseId,
        history: log(e.payload.mergedAt, e.payload.actor, 'MERGED', `into ${e.payload.intoCaseId}`),
      };
    case 'ticketing.case.csat-recorded.v1':
      return {
        ...st,
        csat: { score: e.payload.score, comment: e.payload.comment, at: e.payload.respondedAt },
      };
    case 'internal.clocks-changed':
      return { ...st, clocks: e.payload.clocks };
    case 'internal.correlated':
      return { ...st, correlationIds: [...st.correlationIds, e.payload.correlationId] };
    case 'internal.contacts-merged':
      return { ...st, contacts: e.payload.contacts };
    case 'internal.interaction-meta': {
      const m = e.payload;
      return {
        ...st,
        contacts: m.address ? { ...st.contacts, [m.channel]: m.address } : st.contacts,
        interactions: st.interactions.map((i) =>
          i.interactionId === m.interactionId
            ? { ...i, correlationId: m.correlationId, externalId: m.externalId }
            : i,
        ),
      };
    }
  }
}

/** Folds events into state (published and internal ones). */
export function fold(events: CaseEvent[], s: CaseState | null): CaseState | null {
  return events.reduce<CaseState | null>((acc, e) => evolve(acc, e), s);
}

/** When the timer must look at the case next: the earliest clock firing, or the auto-close. */
export function nextDueAt(s: CaseState, p: SlaPolicy): number | null {
  if (s.status === 'SOLVED' && s.solvedAt !== null) return s.solvedAt + CLOSE_AFTER_SOLVE_MS;
  if (s.status === 'CLOSED') return null;
  const times = Object.values(s.clocks)
    .map((c) => (c ? nextFiring(c, p) : null))
    .filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}
