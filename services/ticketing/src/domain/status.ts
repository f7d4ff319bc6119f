/**
 * The case's status: which moves are allowed, what each does to the SLA
 * clocks (pending pauses them but the first reply, reopening restarts
 * resolution, solving stops them all), and the survey a solve sends.
 */
import { DomainError } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState, Status } from './case';
import { surveyEvents } from './csat';
import { clocksEvent, statusEvent } from './events';
import { mapClocks, pauseClock, resumeClock, startClock, targetFor, type SlaPolicy } from './sla';
import { reopenWindowEndsAt } from './threading';

const ALLOWED: Record<Status, Status[]> = {
  NEW: ['OPEN', 'PENDING', 'SOLVED'],
  OPEN: ['PENDING', 'SOLVED'],
  PENDING: ['OPEN', 'SOLVED'],
  SOLVED: ['OPEN', 'CLOSED'],
  CLOSED: [],
};

export function changeStatus(cmd: CaseCommandOf<'ChangeStatus'>, s: CaseState, p: SlaPolicy): CaseEvent[] {
  const { to, reason, actor, now } = cmd;
  if (s.status === to) return [];
  if (!ALLOWED[s.status].includes(to))
    throw new DomainError('INVALID_STATE', `case ${s.caseId} is ${s.status}: cannot move to ${to}`);
  const events: CaseEvent[] = [statusEvent(s, to, reason, actor, now)];
  // Pending waits on the customer; until an agent has answered them the first reply is still owed.
  if (to === 'PENDING')
    events.push(
      clocksEvent(
        mapClocks(s.clocks, (c, metric) => (metric === 'FIRST_REPLY' ? c : pauseClock(c, now))),
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
    const windowEnds = reopenWindowEndsAt(s, p);
    if (windowEnds !== null && now >= windowEnds)
      throw new DomainError('INVALID_STATE', 'the reopen window has passed: open a new case');
    events.push(
      clocksEvent({ RESOLUTION: startClock(targetFor(p, 'RESOLUTION', s.priority, s.channel), now) }, now),
    );
  }
  if (to === 'SOLVED') {
    events.push(clocksEvent({}, now));
    events.push(...surveyEvents(s, cmd.survey ?? '', actor, now));
  }
  return events;
}
