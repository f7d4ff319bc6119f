/**
 * The debtor's wall clock, by IANA zone name (luxon resolves offsets and DST,
 * docs/adr/0015-collections-contact-gate.md). Instants are epoch milliseconds.
 */
import { DateTime } from 'luxon';
import type { LocalTime } from './policy';

export function isKnownZone(zone: string): boolean {
  return DateTime.fromMillis(0, { zone }).isValid;
}

/** Milliseconds since local midnight on the wall clock. */
export function timeOfDay(at: number, zone: string): number {
  const d = DateTime.fromMillis(at, { zone });
  return ((d.hour * 60 + d.minute) * 60 + d.second) * 1000 + d.millisecond;
}

export function millisOf(time: LocalTime): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return (h * 60 + m) * 60_000;
}

/** The first instant at or after `at` when the wall clock reads `time`. */
export function nextWallTime(at: number, zone: string, time: LocalTime): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const today = DateTime.fromMillis(at, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
  return today.toMillis() >= at ? today.toMillis() : today.plus({ days: 1 }).toMillis();
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate() as string;
}

/** The instant the local day holding `at` began (local midnight). */
export function startOfLocalDay(at: number, zone: string): number {
  return DateTime.fromMillis(at, { zone }).startOf('day').toMillis();
}

/** The instant the local day holding `at` ends (the next local midnight). */
export function startOfNextLocalDay(at: number, zone: string): number {
  return DateTime.fromMillis(at, { zone }).startOf('day').plus({ days: 1 }).toMillis();
}
