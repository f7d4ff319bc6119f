/** A time window of a topic, [from, to) in epoch milliseconds; `to` open means "up to now, or on". */
export interface Window {
  from: number;
  to: number | null;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--from`/`--to` as given on the command line: an ISO time, epoch
 * milliseconds, `now`, or a span back from now (`15m`, `2h`, `7d`).
 */
export function parseTime(text: string, now: number): number {
  if (text === 'now') return now;
  const span = /^-?(\d+)([smhd])$/.exec(text);
  if (span) return now - Number(span[1]) * (UNITS[span[2] as string] as number);
  if (/^\d{10,}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`not a time: ${text} (ISO time, epoch ms, now, or 15m/2h/7d back)`);
  return t;
}

export function windowOf(from: string | undefined, to: string | undefined, now: number): Window {
  const w = {
    from: from === undefined ? 0 : parseTime(from, now),
    to: to === undefined ? null : parseTime(to, now),
  };
  if (w.to !== null && w.to <= w.from) throw new Error('--to must be after --from');
  return w;
}

export const inWindow = (w: Window, timestampMs: number): boolean =>
  timestampMs >= w.from && (w.to === null || timestampMs < w.to);
