/**
 * Limits over a rolling window of instants: US 7 calls in 7 days per debt and
 * none for 7 days after a conversation (Reg F §1006.14(b)(2)).
 */
import type { ContactAttempt } from '../contact';
import type { ContactRulePack, RollingLimit } from '../policy';
import { DAY_MS, type ContactRule, type GateContext, type TimedRecord } from './rule';

export function rollingLimitRules(pack: ContactRulePack): ContactRule[] {
  return pack.rollingLimits.map((limit) => ({
    id: limit.ruleId,
    appliesTo: (attempt) => limit.channels.includes(attempt.channel),
    check: (ctx, at) => {
      const window = limit.windowDays * DAY_MS;
      // A record at s is in the window at t while t − window < s ≤ t.
      const inWindow = counted(limit, ctx)
        .filter((r) => r.atMs <= at && r.atMs > at - window)
        .map((r) => r.atMs)
        .sort((a, b) => a - b);
      if (inWindow.length < limit.limit) return null;
      // The slot frees when all but limit − 1 of them have left the window.
      const freedBy = inWindow[inWindow.length - limit.limit] as number;
      return {
        reason: `${inWindow.length} counted in the last ${limit.windowDays} days (limit ${limit.limit})`,
        nextAllowedAt: freedBy + window,
      };
    },
  }));
}

function counted(limit: RollingLimit, { attempt, history }: GateContext): TimedRecord[] {
  return history.filter((r) => matches(limit, attempt, r));
}

function matches(limit: RollingLimit, attempt: ContactAttempt, r: TimedRecord): boolean {
  return (
    (limit.per === 'DEBTOR' || r.debtId === attempt.debtId) &&
    (limit.counts.inbound || r.direction === 'OUTBOUND') &&
    limit.counts.channels.includes(r.channel) &&
    limit.counts.outcomes.includes(r.outcome)
  );
}
