/* B2: our registry serde vs JSON on the same ledger event, encode and decode. */
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

function opsPerSec(fn: (i: number) => unknown, ms: number): number {
  for (let i = 0; i < 20000; i++) fn(i); // warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() - start < budget) {
    for (let k = 0; k < 1000; k++) fn(n++);
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function decodeRate(serde: AvroSerde, bufs: Buffer[], ms: number): Promise<number> {
  for (let i = 0; i < 20000; i++) await serde.decode(bufs[i % bufs.length] as Buffer, info.schema);
  let n = 0;
  const start = Date.now();
  while (Date.now() - start < ms) {
    for (let k = 0; k < 1000; k++) await serde.decode(bufs[n++ % bufs.length] as Buffer, info.schema);
  }
  return n / ((Date.now() - start) / 1000);
}

async function jsonDecodeRate(bufs: Buffer[], ms: number): Promise<number> {
  // Same async shape as the serde call, so only the codec differs.
  const parse = async (b: Buffer) => JSON.parse(b.toString('utf8')) as unknown;
  for (let i = 0; i < 20000; i++) await parse(bufs[i % bufs.length] as Buffer);
  let n = 0;
  const start = Date.now();
  while (Date.now() - start < ms) {
    for (let k = 0; k < 1000; k++) await parse(bufs[n++ % bufs.length] as Buffer);
  }
  return n / ((Date.now() - start) / 1000);
}

export async function runCodecBench(ms = Number(process.env.BENCH_MS ?? 3000)): Promise<BenchRow[]> {
  const serde = new AvroSerde(memoryRegistry);
  await serde.prepare(info);
  const events = Array.from({ length: 1024 }, (_, i) => postedEvent(i));
  const avroEnc = opsPerSec((i) => serde.encode(info.subject, events[i & 1023]), ms);
  const jsonEnc = opsPerSec((i) => Buffer.from(JSON.stringify(events[i & 1023])), ms);
  const avroBufs = events.map((e) => serde.encode(info.subject, e));
  const jsonBufs = events.map((e) => Buffer.from(JSON.stringify(e)));
  const avroDec = await decodeRate(serde, avroBufs, ms);
  const jsonDec = await jsonDecodeRate(jsonBufs, ms);
  const size = `Avro ${avroBufs[0]?.length} B (with 5-byte frame) vs JSON ${jsonBufs[0]?.length} B`;
  return [
    {
      id: 'B2-encode',
      name: 'encode ledger.transaction.posted.v1',
      ours: { label: 'AvroSerde.encode, framed', value: avroEnc, unit: 'ops/s' },
      reference: { label: 'JSON.stringify → Buffer', value: jsonEnc, unit: 'ops/s' },
      ratio: avroEnc / jsonEnc,
      target: 2,
      note: size,
    },
    {
      id: 'B2-decode',
      name: 'decode ledger.transaction.posted.v1',
      ours: { label: 'AvroSerde.decode with reader schema', value: avroDec, unit: 'ops/s' },
      reference: { label: 'JSON.parse(buf.toString())', value: jsonDec, unit: 'ops/s' },
      ratio: avroDec / jsonDec,
      target: 2,
    },
  ];
}

if (require.main === module) {
  runCodecBench().then((rows) => writeReport('codec', rows));
}
