/** Money and times as the agent reads them out (docs/adr/0028-agent-console.md). */

export type Lang = 'en' | 'zh';
const LOCALE: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };

/** Minor units (every amount in the API) in the account's currency. */
export function money(minor: number | null | undefined, currency: string, lang: Lang): string {
  if (minor === null || minor === undefined) return '—';
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** An instant in one zone, with the zone's short name: "Dec 1, 2026, 20:55 EST". */
export function timeIn(iso: string | null | undefined, zone: string, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(d);
}

/** The customer's time and the agent's, side by side; one when the zones agree. */
export function bothTimes(
  iso: string | null | undefined,
  customerZone: string,
  agentZone: string,
  lang: Lang,
): { customer: string; agent: string | null } {
  const customer = timeIn(iso, customerZone, lang);
  const agent = timeIn(iso, agentZone, lang);
  return { customer, agent: agent === customer ? null : agent };
}

/** A date-only value (a due date, "2026-12-25") as it is: it names a day, in no zone. */
export const day = (date: string | null | undefined): string => (date ? date.slice(0, 10) : '—');

/** Time left until `dueAt` as "3 d 4 h", "45 min" or, past it, negative with "overdue". */
export function remaining(dueAt: string | null, now: number): { text: string; overdue: boolean } {
  if (!dueAt) return { text: '—', overdue: false };
  const ms = Date.parse(dueAt) - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const text = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  return { text: ms < 0 ? `-${text}` : text, overdue: ms < 0 };
}
