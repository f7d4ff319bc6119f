/**
 * Promise dates are days on the account's local calendar (docs/domain.md:
 * days are counted locally): a promised day ends at local midnight, and the
 * grace days follow it.
 */
import { DateTime } from 'luxon';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toISODate() ?? '';
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  return DATE.test(date) && DateTime.fromISO(date, { zone: 'UTC' }).isValid;
}

/** Whole days from one local date to another (b − a). */
export function daysBetween(a: string, b: string): number {
  const from = DateTime.fromISO(a, { zone: 'UTC' });
  const to = DateTime.fromISO(b, { zone: 'UTC' });
  return Math.round(to.diff(from, 'days').days);
}

/** The instant the local day `graceDays` after `date` ends: the start of the day after it. */
export function deadlineAfter(date: string, graceDays: number, timeZone: string): number {
  return DateTime.fromISO(date, { zone: timeZone })
    .startOf('day')
    .plus({ days: graceDays + 1 })
    .toMillis();
}
