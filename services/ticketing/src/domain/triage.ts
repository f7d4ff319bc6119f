/**
 * Triage: queue, assignee, priority, topic and tags; assigning a new case
 * opens it, and a new priority re-targets the SLA clocks.
 */
import type { CaseCommandOf, CaseEvent, CaseState, Priority } from './case';
import { lastInboundChannel } from './contacts';
import { clocksEvent, requireNotClosed, statusEvent } from './events';
import { mapClocks, retarget, targetFor, type SlaPolicy } from './sla';

export function triage(cmd: CaseCommandOf<'Triage'>, s: CaseState, p: SlaPolicy): CaseEvent[] {
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
  if (next.priority !== s.priority) {
    const clocks = retargeted(s, next.priority, p, now);
    if (Object.entries(clocks).some(([m, c]) => c !== s.clocks[m as keyof typeof clocks]))
      events.push(clocksEvent(clocks, now));
  }
  return events;
}

/** Every clock under the new priority's target (a next reply keeps the cap of the channel it waits on). */
function retargeted(s: CaseState, priority: Priority, p: SlaPolicy, now: number) {
  return mapClocks(s.clocks, (c, metric) => {
    const channel = metric === 'NEXT_REPLY' ? (lastInboundChannel(s) ?? s.channel) : s.channel;
    return retarget(c, targetFor(p, metric, priority, channel), p, now);
  });
}
