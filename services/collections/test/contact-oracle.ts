/**
 * An independent model of the contact rules, for the property test. It reads
 * no code of the gate: local time comes from a hand-written table of the test
 * zones' offsets and the US DST rule (second Sunday of March to first Sunday
 * of November, 02:00 local), windows are plain filters over the history, and
 * the next allowed instant is found by trying every instant at which some
 * rule can start to allow (08:00 and midnight local, a record leaving a
 * 7-day window, the notice's time) in order.
 */
import type { ContactAttempt, ContactRecord, DebtorFacts } from '../src/domain/contact';
import type { Market, RuleId } from '../src/domain/policy';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Standard offset from UTC in hours, and whether the zone follows the US DST rule. */
export const ORACLE_ZONES: Readonly<Record<string, { std: number; dst: boolean }>> = {
  'America/New_York': { std: -5, dst: true },
  'America/Los_Angeles': { std: -8, dst: true },
  'America/Phoenix': { std: -7, dst: false },
  'Pacific/Honolulu': { std: -10, dst: false },
  'Asia/Shanghai': { std: 8, dst: false },
};

export interface OracleCase {
  market: Market;
  attempt: ContactAttempt;
  history: readonly ContactRecord[];
  facts: DebtorFacts;
}

/** The day of the month of the n-th Sunday. */
function nthSunday(year: number, month: number, n: number): number {
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7 * (n - 1);
}

export function offsetHours(zone: string, ms: number): number {
  const z = ORACLE_ZONES[zone];
  if (!z) throw new Error(`no offsets for ${zone}`);
  if (!z.dst) return z.std;
  const [start, end] = dstOf(new Date(ms).getUTCFullYear(), z.std);
  return ms >= start && ms < end ? z.std + 1 : z.std;
}

const dstYears = new Map<string, [number, number]>();

/** When DST starts and ends in a year, as instants: 02:00 standard time and 02:00 daylight time. */
function dstOf(year: number, std: number): [number, number] {
  const key = `${year} ${std}`;
  let bounds = dstYears.get(key);
  if (!bounds) {
    bounds = [
      Date.UTC(year, 2, nthSunday(year, 2, 2), 2 - std),
      Date.UTC(year, 10, nthSunday(year, 10, 1), 2 - (std + 1)),
    ];
    dstYears.set(key, bounds);
  }
  return bounds;
}

const wall = (zone: string, ms: number) => ms + offsetHours(zone, ms) * HOUR;
const localDay = (zone: string, ms: number) => Math.floor(wall(zone, ms) / DAY);
const localHourOfDay = (zone: string, ms: number) => (wall(zone, ms) - localDay(zone, ms) * DAY) / HOUR;

/** The first instant the wall clock (local time written as UTC) shows `w`. */
export function fromWall(zone: string, w: number): number {
  const std = ORACLE_ZONES[zone]!.std;
  for (const off of [std + 1, std]) if (offsetHours(zone, w - off * HOUR) === off) return w - off * HOUR;
  throw new Error('that local time is skipped by a DST change');
}

/** The instant a local day shows `hour` o'clock (no test zone changes offset at 00:00 or 08:00). */
const instantOf = (zone: string, day: number, hour: number) => fromWall(zone, day * DAY + hour * HOUR);

const TALKED = ['RIGHT_PARTY_CONTACT', 'PROMISE', 'REFUSED'];

/** Every rule the attempt breaks at instant t. */
export function forbiddenBy({ market, attempt, history, facts }: OracleCase, t: number): Set<RuleId> {
  const broken = new Set<RuleId>();
  const us = market === 'US';
  const { channel, debtId } = attempt;
  if (!(attempt.party === 'DEBTOR' || (!us && attempt.party === 'GUARANTOR'))) broken.add('ALL.PARTY');
  if (facts.ceaseRequested) broken.add('ALL.CEASE');
  if (facts.attorneyOnFile) broken.add('ALL.ATTORNEY');
  if (facts.doNotContact.includes(channel)) broken.add('ALL.DO_NOT_CONTACT');
  const sent = facts.validationNoticeSentAt;
  if (us && !attempt.carriesValidationNotice && (sent === null || Date.parse(sent) > t))
    broken.add('US.VALIDATION_NOTICE');
  if (us && (channel === 'SMS' || channel === 'EMAIL') && !attempt.hasOptOut) broken.add('US.OPT_OUT');
  if (us && channel === 'CALL' && attempt.autodialled && facts.mobile && !facts.autodialConsentOnMobile)
    broken.add('US.AUTODIAL_CONSENT');

  const zone = facts.timeZone;
  if (!ORACLE_ZONES[zone]) {
    broken.add('ALL.TIME_ZONE');
    return broken;
  }
  if (channel === 'LETTER') return broken;
  const hour = localHourOfDay(zone, t);
  if (hour < 8 || hour >= (us ? 21 : 22)) broken.add(us ? 'US.CONTACT_HOURS' : 'CN.QUIET_HOURS');

  const past = history.filter((r) => Date.parse(r.at) <= t && r.direction === 'OUTBOUND');
  if (us && channel === 'CALL') {
    const callsThisWeek = past.filter(
      (r) => r.channel === 'CALL' && r.debtId === debtId && Date.parse(r.at) > t - WEEK,
    );
    if (callsThisWeek.length >= 7) broken.add('US.CALL_FREQUENCY_7_IN_7');
    if (callsThisWeek.some((r) => TALKED.includes(r.outcome))) broken.add('US.AFTER_CONVERSATION_7D');
  }
  if (!us) {
    const today = past.filter((r) => localDay(zone, Date.parse(r.at)) === localDay(zone, t));
    if (today.filter((r) => r.channel === channel && r.outcome === 'NO_ANSWER').length >= 6)
      broken.add('CN.UNANSWERED_6_PER_DAY_CHANNEL');
    if (today.filter((r) => r.channel !== 'LETTER' && TALKED.includes(r.outcome)).length >= 3)
      broken.add('CN.CONVERSATIONS_3_PER_DAY');
  }
  return broken;
}

/** Rules no passing of time lifts. */
const FOR_GOOD: ReadonlySet<RuleId> = new Set<RuleId>([
  'ALL.PARTY',
  'ALL.CEASE',
  'ALL.ATTORNEY',
  'ALL.DO_NOT_CONTACT',
  'ALL.TIME_ZONE',
  'US.OPT_OUT',
  'US.AUTODIAL_CONSENT',
]);

/** The first instant at or after `now` the attempt breaks no rule, or null if none will. */
export function firstAllowed(c: OracleCase, now: number): number | null {
  const broken = forbiddenBy(c, now);
  if (broken.size === 0) return now;
  if ([...broken].some((id) => FOR_GOOD.has(id))) return null;
  if (broken.has('US.VALIDATION_NOTICE') && c.facts.validationNoticeSentAt === null) return null;
  const zone = c.facts.timeZone;
  const today = localDay(zone, now);
  const candidates = [
    ...c.history.map((r) => Date.parse(r.at) + WEEK),
    ...(c.facts.validationNoticeSentAt ? [Date.parse(c.facts.validationNoticeSentAt)] : []),
  ];
  for (let day = today; day <= today + 10; day++)
    candidates.push(instantOf(zone, day, 0), instantOf(zone, day, 8));
  const found = candidates
    .filter((t) => t > now)
    .sort((a, b) => a - b)
    .find((t) => forbiddenBy(c, t).size === 0);
  if (found === undefined) throw new Error('the oracle found no allowed instant within 10 days');
  return found;
}
