/**
 * The regulatory clocks (acknowledge, resolve, provisional credit, the
 * issuer's network deadlines): acknowledging meets the first; the durable
 * timer warns before each deadline and records its breach.
 */
import { DomainError } from '@cardline/platform/domain';
import { SYSTEM } from './actors';
import type { Clock, ClockName, DisputeCommandOf, DisputeEvent, DisputeState } from './dispute';
import { provisionalCredit } from './money';
import { DAY, type DisputePolicy } from './policy';

export function acknowledge(cmd: DisputeCommandOf<'Acknowledge'>, s: DisputeState): DisputeEvent[] {
  if (s.acknowledgedAt !== null)
    throw new DomainError('INVALID_STATE', `dispute ${s.disputeId} is already acknowledged`);
  return [
    {
      type: 'disputes.dispute.acknowledged.v1',
      payload: { disputeId: s.disputeId, accountId: s.accountId, actor: cmd.actor, acknowledgedAt: cmd.now },
    },
  ];
}

/** Each clock warns once and breaches once; a due provisional credit is issued instead of breached. */
export function tick(cmd: DisputeCommandOf<'Tick'>, s: DisputeState, p: DisputePolicy): DisputeEvent[] {
  const { now } = cmd;
  if (s.status !== 'OPEN') return [];
  const events: DisputeEvent[] = [];
  const ids = { disputeId: s.disputeId, accountId: s.accountId };
  for (const [name, c] of Object.entries(s.clocks) as [ClockName, Clock][]) {
    if (c.met) continue;
    if (name === 'PROVISIONAL_CREDIT' && now >= c.dueAt && !s.provisionalCredit) {
      events.push(...provisionalCredit(s, s.disputedAmount, SYSTEM, now));
      continue;
    }
    if (!c.warned && !c.breached && now >= c.dueAt - p.dueSoonDays * DAY && now < c.dueAt)
      events.push({
        type: 'disputes.dispute.clock-due-soon.v1',
        payload: { ...ids, clock: name, dueAt: c.dueAt, firedAt: now },
      });
    if (!c.breached && now >= c.dueAt)
      events.push({
        type: 'disputes.dispute.clock-breached.v1',
        payload: { ...ids, clock: name, dueAt: c.dueAt, firedAt: now },
      });
  }
  return events;
}

/** When the timer next needs to look at this dispute (null: never again). */
export function nextDueAt(s: DisputeState, p: DisputePolicy): number | null {
  if (s.status !== 'OPEN') return null;
  const times: number[] = [];
  for (const [name, c] of Object.entries(s.clocks) as [ClockName, Clock][]) {
    if (c.met || c.breached) continue;
    if (name !== 'PROVISIONAL_CREDIT' && !c.warned) times.push(c.dueAt - p.dueSoonDays * DAY);
    times.push(c.dueAt);
  }
  return times.length ? Math.min(...times) : null;
}
