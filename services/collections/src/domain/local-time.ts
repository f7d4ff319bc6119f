/**
 * The debtor's wall clock, by IANA zone name, on the platform's own
 * Intl.DateTimeFormat rather than luxon (the dates library of
 * docs/adr/0005-libraries.md): the gate reads a handful of instants per
 * decision and luxon spent four times the offset lookups on them, and the
 * service then needs no date library of its own. Instants are epoch
 * milliseconds; a wall time is the local date and time written as if UTC.
 */
import type { LocalTime } from './policy';

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null; // RangeError: not a zone name
    }
    formatters.set(zone, f);
  }
  return f;
}

export function isKnownZone(zone: string): boolean {
  return formatterOf(zone) !== null;
}

export function millisOf(time: LocalTime): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return (h * 60 + m) * 60_000;
}

const mod = (n: number, d: number) => ((n % d) + d) % d;

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(f: Intl.DateTimeFormat, at: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of f.formatToParts(at)) if (type !== 'literal') p[type] = Number(value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (at - mod(at, 1000));
}

/**
 * One zone's clock for one decision; offsets are kept, since the rules ask
 * about the same few instants. The zone must be known (ALL.TIME_ZONE).
 */
export class LocalClock {
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string) {}

  /** Milliseconds since local midnight on the wall clock. */
  timeOfDay(at: number): number {
    return mod(this.wall(at), DAY);
  }

  /** The first instant at or after `at` when the wall clock reads `time` (or has just passed it, in a gap). */
  nextWallTime(at: number, time: LocalTime): number {
    const today = this.wall(at) - this.timeOfDay(at) + millisOf(time);
    const instant = this.instantOf(today);
    return instant >= at ? instant : this.instantOf(today + DAY);
  }

  /** The instant the local day holding `at` began. */
  startOfDay(at: number): number {
    return this.instantOf(this.wall(at) - this.timeOfDay(at));
  }

  /** The instant the local day holding `at` ends, when the next one begins. */
  startOfNextDay(at: number): number {
    return this.instantOf(this.wall(at) - this.timeOfDay(at) + DAY);
  }

  /** The local calendar date of an instant, YYYY-MM-DD. */
  date(at: number): string {
    return new Date(this.wall(at)).toISOString().slice(0, 10);
  }

  private offset(at: number): number {
    let o = this.offsets.get(at);
    if (o === undefined) {
      const f = formatterOf(this.zone);
      if (!f) throw new RangeError(`unknown time zone ${this.zone}`);
      this.offsets.set(at, (o = offsetAt(f, at)));
    }
    return o;
  }

  private wall(at: number): number {
    return at + this.offset(at);
  }

  /**
   * The first instant whose wall clock reads `wall`; when a DST gap skips
   * that time, the first instant after the gap. Offsets a day either side
   * bound it (no zone changes its offset twice in two days).
   */
  private instantOf(wall: number): number {
    const before = this.offset(wall - DAY);
    const after = this.offset(wall + DAY);
    if (before === after) return wall - before;
    const exact = [wall - before, wall - after].filter((u) => this.offset(u) === wall - u);
    if (exact.length > 0) return Math.min(...exact);
    // In the gap: the instant `wall − after` is still before it, `wall − before` past it.
    let lo = wall - after;
    let hi = wall - before;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offset(mid) === after) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}
