/** One exported record: where it came from and the decoded, masked event. */
export interface Row {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  type: string;
  id: string;
  subject: string | null;
  data: unknown;
}

export type Format = 'jsonl' | 'csv' | 'parquet';

export function parseFormat(text: string | undefined): Format {
  if (text === undefined || text === 'jsonl' || text === 'csv' || text === 'parquet') return text ?? 'jsonl';
  throw new Error(`--format ${text}: jsonl, csv or parquet`);
}

export const jsonLine = (row: Row): string => `${JSON.stringify(row)}\n`;

/** Nested payload fields as dotted columns (`data.amount.minor`); arrays stay JSON in one cell. */
export function flatten(
  value: unknown,
  prefix: string,
  out: Record<string, string> = {},
): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else
    out[prefix] =
      value === null || value === undefined
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return out;
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * CSV of rows whose types differ: the columns are the union over all rows
 * (the envelope first, then payload columns sorted), so it is written after
 * the window was read.
 */
export function toCsv(rows: Row[]): string {
  const flat = rows.map((r) => flatten(r, ''));
  const envelope = ['topic', 'partition', 'offset', 'timestamp', 'key', 'type', 'id', 'subject'];
  const payload = [...new Set(flat.flatMap((f) => Object.keys(f)))]
    .filter((c) => !envelope.includes(c))
    .sort();
  const columns = [...envelope, ...payload];
  const lines = [columns.map(csvCell).join(',')];
  for (const f of flat) lines.push(columns.map((c) => csvCell(f[c] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

/** Counts per event type, for the summary printed after an export. */
export function countByType(rows: Pick<Row, 'type'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function summary(counts: Record<string, number>, masked: number): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const width = Math.max(5, ...Object.keys(counts).map((t) => t.length));
  const lines = Object.entries(counts).map(([t, n]) => `  ${t.padEnd(width)}  ${n}`);
  return [
    `${total} events`,
    ...lines,
    `  ${'total'.padEnd(width)}  ${total}`,
    `${masked} fields masked`,
  ].join('\n');
}
