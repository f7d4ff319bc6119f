/* B2: our registry serde against raw avsc on the same ledger event, encode and decode. */
import avro from 'avsc';
import { AvroSerde, type RegistryClient } from '@cardline/platform';
import { eventTypes } from '@cardline/schemas';
import { postedEvent } from './fixtures';
import { writeReport, type BenchRow } from './report';

// Schema ids resolve once and are cached; an in-memory registry keeps the
// measurement on the codec itself (the integration tests cover the real one).
const memoryRegistry: RegistryClient = {
  schemaId: async () => 1,
  schemaById: async () => info.schema,
};
const info =
  eventTypes.get('ledger.transaction.posted.v1') ??
  (() => {
    throw new Error('posted.v1 missing');
  })();

type Op = (i: number) => unknown;

/** Calls per second of `fn`, awaiting each result: every decoder is timed in the serde's async shape. */
async function rate(fn: Op, ms: number): Promise<number> {
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1e6));
  while (process.hrtime.bigint() - start < budget) {
    for (let k = 0; k < 1000; k++) await fn(n++);
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * Median rate of each op over interleaved rounds. The ops share one timing
 * loop, warmed with all of them first, so none is timed while the loop is
 * still specialised to it (the first op timed used to run fastest whatever
 * it was), and a slow moment of the machine lands on all of them.
 */
async function compare<K extends string>(
  ops: Record<K, Op>,
  ms: number,
  rounds = 7,
): Promise<Record<K, number>> {
  const names = Object.keys(ops) as K[];
  for (const name of names) await rate(ops[name], 100);
  const samples = new Map(names.map((n) => [n, [] as number[]]));
  for (let r = 0; r < rounds; r++)
    for (const name of r % 2 ? [...names].reverse() : names)
      samples.get(name)?.push(await rate(ops[name], ms / rounds));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return Object.fromEntries(names.map((n) => [n, median(samples.get(n) ?? [])])) as Record<K, number>;
}

export async function runCodecBench(ms = Number(process.env.BENCH_MS ?? 3000)): Promise<BenchRow[]> {
  const serde = new AvroSerde(memoryRegistry);
  await serde.prepare(info);
  // Raw avsc: the same schema's type, called as avsc documents it (unframed bytes).
  const raw = avro.Type.forSchema(info.schema as avro.Schema);
  const events = Array.from({ length: 1024 }, (_, i) => postedEvent(i));
  const framed = events.map((e) => serde.encode(info.subject, e));
  const bodies = events.map((e) => raw.toBuffer(e));
  const json = events.map((e) => Buffer.from(JSON.stringify(e)));
  const enc = await compare(
    {
      ours: (i) => serde.encode(info.subject, events[i & 1023]),
      raw: (i) => raw.toBuffer(events[i & 1023]),
      json: (i) => Buffer.from(JSON.stringify(events[i & 1023])),
    },
    ms,
  );
  const dec = await compare(
    {
      ours: (i) => serde.decode(framed[i & 1023] as Buffer, info.schema),
      raw: (i) => raw.fromBuffer(bodies[i & 1023] as Buffer),
      json: (i) => JSON.parse((json[i & 1023] as Buffer).toString('utf8')),
    },
    ms,
  );
  const vsJson = (o: Record<'ours' | 'raw' | 'json', number>) =>
    `JSON ${fmt(o.json)} ops/s: ours ${(o.ours / o.json).toFixed(2)}×, raw avsc ${(o.raw / o.json).toFixed(2)}× JSON`;
  return [
    {
      id: 'B2-encode',
      name: 'encode ledger.transaction.posted.v1',
      ours: { label: 'AvroSerde.encode, framed', value: enc.ours, unit: 'ops/s' },
      reference: { label: 'raw avsc type.toBuffer, unframed', value: enc.raw, unit: 'ops/s' },
      ratio: enc.ours / enc.raw,
      target: 0.95,
      note: `Avro ${framed[0]?.length} B with the 5-byte frame (${bodies[0]?.length} B raw) vs JSON ${json[0]?.length} B; ${vsJson(enc)}. Median of 7 interleaved rounds.`,
    },
    {
      id: 'B2-decode',
      name: 'decode ledger.transaction.posted.v1',
      ours: { label: 'AvroSerde.decode with reader schema, awaited', value: dec.ours, unit: 'ops/s' },
      reference: { label: 'raw avsc type.fromBuffer, awaited alike', value: dec.raw, unit: 'ops/s' },
      ratio: dec.ours / dec.raw,
      target: 0.95,
      note: `${vsJson(dec)}. Both awaited per record, as a consumer calls the serde.`,
    },
  ];
}

function fmt(n: number | undefined): string {
  return Math.round(n ?? 0).toLocaleString('en-US');
}

if (require.main === module) {
  runCodecBench().then((rows) => writeReport('codec', rows));
}
