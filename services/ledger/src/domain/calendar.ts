import { DateTime } from 'luxon';
import type { BusinessCalendar } from './policy';

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

/** The date itself if it is a business day, else the next one (a payment then is on time). */
export function nextBusinessDay(date: string, calendar: BusinessCalendar): string {
  let d = date;
  while (!isBusinessDay(d, calendar)) d = addDays(d, 1);
  return d;
}

function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  if (calendar.workingWeekends.includes(date)) return true;
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday; // 6, 7: Saturday, Sunday
  return weekday < 6 && !calendar.holidays.includes(date);
}

/** The first date on `dueDay` of a month (its last day in a shorter month) at least `minDays` after `closedOn`. */
export function dueDateAfter(closedOn: string, dueDay: number, minDays: number): string {
  const earliest = addDays(closedOn, minDays);
  for (
    let month = DateTime.fromISO(closedOn, { zone: 'UTC' }).startOf('month');
    ;
    month = month.plus({ months: 1 })
  ) {
    const due = month.set({ day: Math.min(dueDay, month.daysInMonth ?? 28) }).toISODate() as string;
    if (due >= earliest) return due;
  }
}
