/**
 * What the durable timer does to a case: each SLA clock warns once near its
 * breach and breaches once, a breach escalates one level; a solved case
 * closes on its own after the reopen grace.
 */
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { escalated, NEXT_LEVEL } from './escalation';
import { clocksEvent, statusEvent, SYSTEM } from './events';
import { DAY, firesAt, nextFiring, type Metric, type SlaPolicy } from './sla';

/** Auto-close after solve: the customer may still reopen within the policy's window. */
export const CLOSE_AFTER_SOLVE_MS = 4 * DAY;

export function tick(cmd: CaseCommandOf<'Tick'>, s: CaseState, p: SlaPolicy): CaseEvent[] {
  return s.status === 'SOLVED' ? closeIfDue(s, cmd.now) : breachEvents(s, p, cmd.now);
}

function closeIfDue(s: CaseState, now: number): CaseEvent[] {
  if (s.solvedAt === null || now < s.solvedAt + CLOSE_AFTER_SOLVE_MS) return [];
  return [statusEvent(s, 'CLOSED', 'closed automatically after solve', SYSTEM, now)];
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
        events.push(escalated(s, level, up, `${metric} SLA breached`, SYSTEM, now));
        level = up;
      }
    }
  }
  if (clocks !== s.clocks) events.push(clocksEvent(clocks, now));
  return events;
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
