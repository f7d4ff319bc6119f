/**
 * An oracle for the plan rules, written apart from the domain: its own
 * calendar arithmetic (no luxon), so a shared mistake cannot hide.
 */

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) =>
  [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const parts = (d: string) => d.split('-').map(Number) as [number, number, number];
const fmt = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** `months` calendar months after a date, the day clamped to the month's last. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysIn(ny, nm)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * 86_400_000);
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function oracleSchedule(total: number, count: number, frequency: string, first: string) {
  const base = Math.floor(total / count);
  const out: { amount: number; dueDate: string }[] = [];
  for (let i = 0; i < count; i++) {
    const dueDate =
      frequency === 'MONTHLY' ? addMonths(first, i) : addDays(first, i * (frequency === 'WEEKLY' ? 7 : 14));
    out.push({ amount: i < count - 1 ? base : total - base * (count - 1), dueDate });
  }
  return out;
}

/** The first re-age limit broken, or null: 9 months open, 3 in a row, once in 12 months, twice in 60. */
export function oracleReAge(e: {
  openedOn: string | null;
  inARow: number;
  prior: string[];
  today: string;
}): string | null {
  if (e.openedOn === null || addMonths(e.openedOn, 9) > e.today) return 'REAGE.ACCOUNT_AGE';
  if (e.inARow < 3) return 'REAGE.CONSECUTIVE_MINIMUM_PAYMENTS';
  const within = (months: number) =>
    e.prior.filter((d) => d <= e.today && addMonths(d, months) > e.today).length;
  if (within(12) >= 1) return 'REAGE.ONCE_IN_12_MONTHS';
  if (within(60) >= 2) return 'REAGE.TWICE_IN_5_YEARS';
  return null;
}
