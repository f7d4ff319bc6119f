/** Contact only inside the pack's local hours (US 08:00–21:00, CN not 22:00–08:00), by the debtor's IANA zone. */
import { isKnownZone, millisOf } from '../local-time';
import type { ContactRulePack } from '../policy';
import { always, never, type ContactRule } from './rule';

export function hourRules(pack: ContactRulePack): ContactRule[] {
  const { ruleId, from, until, channels } = pack.hours;
  const opens = millisOf(from);
  const closes = millisOf(until);
  return [
    {
      // Every local-time rule needs the zone; without one no hour can be shown convenient.
      id: 'ALL.TIME_ZONE',
      appliesTo: always,
      check: ({ facts }) =>
        isKnownZone(facts.timeZone) ? null : never(`'${facts.timeZone}' is not a known IANA time zone`),
    },
    {
      id: ruleId,
      appliesTo: (attempt) => channels.includes(attempt.channel),
      check: ({ facts, clock }, at) => {
        const time = clock.timeOfDay(at);
        if (time >= opens && time < closes) return null;
        return {
          reason: `contact only ${from}–${until} in the debtor's time (${facts.timeZone})`,
          nextAllowedAt: clock.nextWallTime(at, from),
        };
      },
    },
  ];
}
