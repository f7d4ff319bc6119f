/**
 * Agents answering the customer: a reply goes out on the customer's channel,
 * a call note records a conversation; both meet the reply clocks. An internal
 * note answers no one.
 */
import { DomainError } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { contactRef, lastInboundChannel, maskContact } from './contacts';
import { clocksEvent, interactionEvents, requireNotClosed, statusEvent } from './events';
import type { Metric, SlaClock } from './sla';

export function reply(cmd: CaseCommandOf<'Reply'>, s: CaseState): CaseEvent[] {
  const { actor, now } = cmd;
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
        contactRef: contactRef(s.caseId, channel),
        body: cmd.body,
        queuedAt: now,
      },
    },
  ];
  if (s.status === 'NEW') events.push(statusEvent(s, 'OPEN', 'agent replied', actor, now));
  events.push(clocksEvent(answered(s), now));
  return events;
}

export function addNote(cmd: CaseCommandOf<'AddNote'>, s: CaseState): CaseEvent[] {
  const { actor, now } = cmd;
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
    if (s.status === 'NEW') events.push(statusEvent(s, 'OPEN', 'agent spoke with the customer', actor, now));
    events.push(clocksEvent(answered(s), now));
  }
  return events;
}

/** An agent answered the customer: the reply clocks are met. */
function answered(s: CaseState): Partial<Record<Metric, SlaClock>> {
  return without(without(s.clocks, 'FIRST_REPLY'), 'NEXT_REPLY');
}

const without = (r: Partial<Record<Metric, SlaClock>>, k: Metric): Partial<Record<Metric, SlaClock>> => {
  const copy = { ...r };
  delete copy[k];
  return copy;
};
