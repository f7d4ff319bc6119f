/** Guards and events several of the case's commands share. */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CaseEvent, CaseState, InteractionKind, InteractionMeta, Status } from './case';
import type { Channel, Metric, SlaClock } from './sla';

/** The SLA policy acting on its own. */
export const SYSTEM: Actor = { id: 'ticketing-sla', role: 'SYSTEM' };

export function requireCase(s: CaseState | null): CaseState {
  if (!s) throw new DomainError('NOT_FOUND', 'case not found');
  return s;
}

export function requireNotClosed(s: CaseState): void {
  if (s.status === 'CLOSED') {
    const why = s.mergedInto ? ` (merged into ${s.mergedInto})` : '';
    throw new DomainError('INVALID_STATE', `case ${s.caseId} is closed${why}`);
  }
}

export const statusEvent = (
  s: CaseState,
  to: Status,
  reason: string,
  actor: Actor,
  now: number,
): CaseEvent => ({
  type: 'ticketing.case.status-changed.v1',
  payload: { caseId: s.caseId, customerId: s.customerId, from: s.status, to, reason, actor, changedAt: now },
});

export const clocksEvent = (clocks: Partial<Record<Metric, SlaClock>>, now: number): CaseEvent => ({
  type: 'internal.clocks-changed',
  payload: { clocks, at: now },
});

export function interactionEvents(
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

export const correlated = (correlationId: string): CaseEvent => ({
  type: 'internal.correlated',
  payload: { correlationId },
});

/** A request that changed the case joins its correlation ids (once): they link the case to what it caused. */
export function withCorrelation(s: CaseState, correlationId: string, events: CaseEvent[]): CaseEvent[] {
  const link = s.correlationIds.includes(correlationId) ? [] : [correlated(correlationId)];
  return events.length ? [...events, ...link] : events;
}
