/**
 * Customer satisfaction: solving a case sends the survey once, on the
 * channel the customer last wrote on (never by phone); the customer answers
 * once, with a score of 1 to 5, after the case is solved. Only the adapter
 * of the survey's channel records an answer the customer wrote; a person
 * (the IVR's answer) may record one on a case they neither solved nor hold
 * (docs/adr/0023-least-privilege-operations.md).
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { contactRef, lastInboundChannel, maskContact } from './contacts';
import { interactionEvents } from './events';

/** The survey a solve sends, with the text the command carried, if the customer can be reached in writing and has not had one. */
export function surveyEvents(s: CaseState, body: string, actor: Actor, now: number): CaseEvent[] {
  const channel = lastInboundChannel(s);
  const address = channel && channel !== 'PHONE' ? s.contacts[channel] : undefined;
  if (!channel || !address || s.surveySentAt) return [];
  const interactionId = `${s.caseId}:csat-survey`;
  return [
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
        contactRef: contactRef(s.caseId, channel),
        body,
        queuedAt: now,
      },
    },
  ];
}

export function recordCsat(cmd: CaseCommandOf<'RecordCsat'>, s: CaseState): CaseEvent[] {
  if (s.status !== 'SOLVED' && s.status !== 'CLOSED')
    throw new DomainError('INVALID_STATE', 'the survey is answered once the case is solved');
  if (s.csat) throw new DomainError('INVALID_STATE', 'the survey was already answered');
  refuseRater(cmd, s);
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
        respondedAt: cmd.now,
      },
    },
  ];
}

/** Who may not record this case's answer: another channel's adapter, or the agent rated by it. */
function refuseRater(cmd: CaseCommandOf<'RecordCsat'>, s: CaseState): void {
  if (cmd.actor.role === 'channel_adapter') {
    if (!s.surveyChannel)
      throw new DomainError('FORBIDDEN', 'no survey went out in writing: a channel adapter cannot answer it');
    if (cmd.via !== s.surveyChannel)
      throw new DomainError(
        'FORBIDDEN',
        `the survey went out on ${s.surveyChannel}: only that channel's adapter records the answer`,
      );
    return;
  }
  if (cmd.actor.id === s.solvedBy || cmd.actor.id === s.assigneeId)
    throw new DomainError('FORBIDDEN', 'an agent cannot record the rating of a case they solved or hold');
}
