/**
 * Date arithmetic the sales rules share: ages, calendar months with month-end
 * clamping (UTC calendar, as the fee schedule is kept), and the customer's
 * local clock through Intl (IANA time zones, no library).
 */
import { DAY } from './policy';

/** Whole years from a date of birth (YYYY-MM-DD) to the UTC date of `at`. */
export function ageOn(dateOfBirth: string, at: number): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const now = new Date(at);
  const years = now.getUTCFullYear() - y;
  const hadBirthday = now.getUTCMonth() + 1 > m || (now.getUTCMonth() + 1 === m && now.getUTCDate() >= d);
  return hadBirthday ? years : years - 1;
}

export function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * `months` calendar months after `anchor`, at the anchor's time of day, on
 * the anchor's day of the month or the month's last day when it is shorter
 * (an enrolment on the 31st falls due on 28/29 February, 30 April).
 */
export function addMonthsClamped(anchor: number, months: number): number {
  const a = new Date(anchor);
  const total = a.getUTCFullYear() * 12 + a.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(a.getUTCDate(), daysInMonth(year, month));
  const timeOfDay = anchor - Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

/** The calendar month of `at` as YYYY-MM (UTC). */
export function monthKey(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (both at the same time of day in UTC). */
export function wholeDays(from: number, to: number): number {
  return Math.floor((to - from) / DAY);
}

/** Minutes since local midnight at `at` in an IANA time zone (Intl; a bad zone throws RangeError). */
export function localMinuteOfDay(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: 'hour' | 'minute') => Number(parts.find((p) => p.type === type)?.value);
  return part('hour') * 60 + part('minute');
}
