import fs from 'node:fs';
import { settings, type Settings } from './settings';
import { readWindow } from './read-window';
import { countByType, jsonLine, parseFormat, summary, toCsv, type Row } from './format';
import { censoredPaths } from './mask';
import { windowOf } from './window';
import { optionText } from './args';
import { writeParquet } from './parquet';
import { findEventType } from '@cardline/schemas';

type Options = Record<string, string | true>;
const progress = (m: string) => process.stderr.write(`${m}\n`);

/** `events tail <topic> [--type T] [--from t] [--follow]`: masked JSON lines on stdout. */
export async function tail(topic: string, o: Options, s: Settings = settings()): Promise<void> {
  const type = optionText(o, 'type');
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  await readWindow(s, {
    topic,
    window: windowOf(optionText(o, 'from') ?? '0', undefined, Date.now()),
    follow: o.follow === true,
    signal: abort.signal,
    onRow: (row) => {
      if (!type || row.type === type) process.stdout.write(jsonLine(row));
    },
    onProgress: (n) => progress(`${n} records read`),
  });
}

export interface ExportResult {
  rows: number;
  counts: Record<string, number>;
  masked: number;
}

/**
 * `events export <topic> --from t0 --to t1 --format jsonl|csv|parquet --out F`:
 * masked rows, then counts per type. Parquet columns follow the events' Avro
 * schemas (parquet.ts).
 */
export async function exportWindow(
  topic: string,
  o: Options,
  s: Settings = settings(),
): Promise<ExportResult> {
  const format = parseFormat(optionText(o, 'format'));
  const out = optionText(o, 'out');
  if (!out) throw new Error('--out <file> is required');
  const now = Date.now();
  const window = windowOf(optionText(o, 'from'), optionText(o, 'to') ?? 'now', now);
  const rows: Row[] = [];
  const file = format === 'jsonl' ? fs.openSync(out, 'w') : null;
  try {
    await readWindow(s, {
      topic,
      window,
      onRow: (row) => {
        rows.push(row);
        if (file !== null) fs.writeSync(file, jsonLine(row));
      },
      onProgress: (n) => progress(`${n} records read`),
    });
  } finally {
    if (file !== null) fs.closeSync(file);
  }
  if (format === 'csv') fs.writeFileSync(out, toCsv(rows));
  if (format === 'parquet') await writeParquet(out, rows, (type) => findEventType(type)?.schema);
  const counts = countByType(rows);
  const masked = rows.reduce((n, r) => n + censoredPaths(r.data).length, 0);
  progress(summary(counts, masked));
  return { rows: rows.length, counts, masked };
}
