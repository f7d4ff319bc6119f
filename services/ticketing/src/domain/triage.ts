/** Triage: queue, assignee, priority, topic and tags; assigning a new case opens it. */
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { requireNotClosed, statusEvent } from './events';

export function triage(cmd: CaseCommandOf<'Triage'>, s: CaseState): CaseEvent[] {
  const { actor, now } = cmd;
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
