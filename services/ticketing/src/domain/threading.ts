/**
 * Threading: a case opens with the customer's first contact, and their later
 * messages thread into it while it takes messages (open, or solved within the
 * reopen window). A message from a pending case resumes its clocks; one on a
 * solved case reopens it.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState, InboundMessage, Status } from './case';
import { inboundAddress, maskContact } from './contacts';
import { clocksEvent, correlated, interactionEvents, requireNotClosed, statusEvent } from './events';
import {
  mapClocks,
  resumeClock,
  startClock,
  targetFor,
  type Metric,
  type SlaClock,
  type SlaPolicy,
} from './sla';

const OPEN_STATUSES: Status[] = ['NEW', 'OPEN', 'PENDING'];
export const isActive = (s: CaseState): boolean => OPEN_STATUSES.includes(s.status);

/**
 * When a solved case's reopen window ends (null: not solved): until then the
 * customer's message or an agent reopens it; from then on it closes. One
 * policy figure for both (docs/domain.md#inquiries-ticketing).
 */
export function reopenWindowEndsAt(s: CaseState, p: SlaPolicy): number | null {
  return s.status === 'SOLVED' && s.solvedAt !== null ? s.solvedAt + p.reopenWindowMs : null;
}

/** May a new inbound message of this customer thread into the case? */
export function acceptsThread(s: CaseState, p: SlaPolicy, now: number): boolean {
  if (isActive(s)) return true;
  const ends = reopenWindowEndsAt(s, p);
  return ends !== null && now < ends;
}

export function openCase(cmd: CaseCommandOf<'Open'>, state: CaseState | null, p: SlaPolicy): CaseEvent[] {
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
    events.push(...inboundEvents(cmd, null, cmd.first, cmd.correlationId, cmd.actor, cmd.now));
  }
  return events;
}

/** The customer wrote: thread it, reopen or resume the case, and start the next-reply clock. */
export function recordInbound(cmd: CaseCommandOf<'RecordInbound'>, s: CaseState, p: SlaPolicy): CaseEvent[] {
  requireNotClosed(s);
  const { message: m, actor, now } = cmd;
  if (m.externalId && s.interactions.some((i) => i.externalId === m.externalId)) return []; // a redelivery
  if (!acceptsThread(s, p, now))
    throw new DomainError('INVALID_STATE', `case ${s.caseId} no longer takes messages`);
  const events: CaseEvent[] = inboundEvents(s, s, m, cmd.correlationId, actor, now);
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

/** The message's interaction, and a pending contact change if it came from another address (contacts.ts). */
function inboundEvents(
  ids: Pick<CaseState, 'caseId' | 'customerId'>,
  s: CaseState | null,
  m: InboundMessage,
  correlationId: string,
  actor: Actor,
  now: number,
): CaseEvent[] {
  const { address, events } = inboundAddress(s, m.channel, m.from, actor, now);
  return [
    ...interactionEvents(
      ids,
      { ...m, kind: 'INBOUND', contact: maskContact(m.channel, m.from) },
      { correlationId, externalId: m.externalId, address },
      actor,
      now,
    ),
    ...events,
  ];
}
