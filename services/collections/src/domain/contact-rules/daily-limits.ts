/**
 * Limits per local calendar day of the debtor: CN at most 6 unanswered
 * attempts per channel and 3 effective conversations a day.
 */
import type { ContactRulePack, DailyLimit } from '../policy';
import type { ContactRule, GateContext, TimedRecord } from './rule';

export function dailyLimitRules(pack: ContactRulePack): ContactRule[] {
  return pack.dailyLimits.map((limit) => ({
    id: limit.ruleId,
    appliesTo: (attempt) => limit.channels.includes(attempt.channel),
    check: (ctx, at) => {
      const { clock } = ctx;
      const dayStart = clock.startOfDay(at);
      const n = ctx.history.filter(
        (r) => r.atMs >= dayStart && r.atMs <= at && matches(limit, ctx, r),
      ).length;
      if (n < limit.limit) return null;
      return {
        reason: `${n} counted on ${clock.date(at)} in ${clock.zone} (limit ${limit.limit} a day)`,
        nextAllowedAt: clock.startOfNextDay(at),
      };
    },
  }));
}

function matches(limit: DailyLimit, { attempt }: GateContext, r: TimedRecord): boolean {
  const channels = limit.counts.channels === 'SAME_CHANNEL' ? [attempt.channel] : limit.counts.channels;
  return (
    (limit.per === 'DEBTOR' || r.debtId === attempt.debtId) &&
    (limit.counts.inbound || r.direction === 'OUTBOUND') &&
    channels.includes(r.channel) &&
    limit.counts.outcomes.includes(r.outcome)
  );
}
