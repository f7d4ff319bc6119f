/**
 * What the durable timer does to a case: each SLA clock warns once near its
 * breach and breaches once, a breach escalates one level; a solved case
 * closes on its own when its reopen window ends.
 */
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { escalated, NEXT_LEVEL } from './escalation';
import { clocksEvent, statusEvent, SYSTEM } from './events';
import { firesAt, nextFiring, type Metric, type SlaPolicy } from './sla';
import { reopenWindowEndsAt } from './threading';

export function tick(cmd: CaseCommandOf<'Tick'>, s: CaseState, p: SlaPolicy): CaseEvent[] {
  return s.status === 'SOLVED' ? closeIfDue(s, p, cmd.now) : breachEvents(s, p, cmd.now);
}

/** A solved case closes when its reopen window ends. */
function closeIfDue(s: CaseState, p: SlaPolicy, now: number): CaseEvent[] {
  const windowEnds = reopenWindowEndsAt(s, p);
  if (windowEnds === null || now < windowEnds) return [];
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
  const windowEnds = reopenWindowEndsAt(s, p);
  if (windowEnds !== null) return windowEnds;
  if (s.status === 'CLOSED') return null;
  const times = Object.values(s.clocks)
    .map((c) => (c ? nextFiring(c, p) : null))
    .filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}
