import { parseArgs } from './args';
import { exportWindow, tail } from './events';
import { diff, list, show } from './schemas';
import { replay } from './replay';

export const USAGE = `usage:
  cardline events tail <topic> [--type T] [--from <time>] [--follow]
  cardline events export <topic> --from <t0> --to <t1> --format jsonl|csv|parquet --out <file>
  cardline events replay <topic> --from <t0> [--to <t1>] --into-group <sandbox> [--dry-run]
  cardline schemas list | show <subject> | diff <subject>
  cardline dlq list | show <topic>.dlq.<group> | replay <topic>.dlq.<group> [--dry-run]
times: ISO, epoch ms, now, or back from now (15m, 2h, 7d)`;

/** The `events` and `schemas` commands (`dlq` stays in scripts/cardline.js). */
export async function main(argv: string[]): Promise<void> {
  const { positional, options } = parseArgs(argv);
  const [area, cmd, arg] = positional;
  if (area === 'events' && cmd === 'tail' && arg) return tail(arg, options);
  if (area === 'events' && cmd === 'export' && arg) return void (await exportWindow(arg, options));
  if (area === 'events' && cmd === 'replay') return void (await replay(arg, options));
  if (area === 'schemas' && cmd === 'list') return void (await list());
  if (area === 'schemas' && cmd === 'show' && arg) return void (await show(arg));
  if (area === 'schemas' && cmd === 'diff' && arg) return void (await diff(arg));
  throw new Error(USAGE);
}
