import { DateTime } from 'luxon';

/** Local calendar arithmetic in the account's time zone (statements close on local days). */
export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() as string;
}

/** The instant a local date ends (= start of the next local day). */
export function endOfLocalDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toMillis();
}

export function startOfLocalDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

export function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round(
    DateTime.fromISO(toDate, { zone: 'UTC' }).diff(DateTime.fromISO(fromDate, { zone: 'UTC' }), 'days').days,
  );
}

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
