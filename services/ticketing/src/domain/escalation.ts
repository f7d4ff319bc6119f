/**
 * Escalation up the levels TIER1 → TIER2 → SUPERVISOR, each with its queue:
 * by an agent, or by the SLA timer when a clock breaches (timer.ts).
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState, Level } from './case';
import { requireNotClosed } from './events';

/** Queue a level's cases go to when escalated. */
export const ESCALATION_QUEUE: Record<Level, string> = {
  TIER1: 'general',
  TIER2: 'tier2',
  SUPERVISOR: 'supervisors',
};
export const NEXT_LEVEL: Record<Level, Level | null> = {
  TIER1: 'TIER2',
  TIER2: 'SUPERVISOR',
  SUPERVISOR: null,
};

export function escalate(cmd: CaseCommandOf<'Escalate'>, s: CaseState): CaseEvent[] {
  requireNotClosed(s);
  const up = NEXT_LEVEL[s.level];
  if (!up) throw new DomainError('INVALID_STATE', 'case is already with a supervisor');
  return [escalated(s, s.level, up, cmd.reason, cmd.actor, cmd.now)];
}

export function escalated(
  s: CaseState,
  from: Level,
  to: Level,
  reason: string,
  actor: Actor,
  now: number,
): CaseEvent {
  return {
    type: 'ticketing.case.escalated.v1',
    payload: {
      caseId: s.caseId,
      customerId: s.customerId,
      fromLevel: from,
      toLevel: to,
      queue: ESCALATION_QUEUE[to],
      reason,
      actor,
      escalatedAt: now,
    },
  };
}
