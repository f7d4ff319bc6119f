import avro from 'avsc';
import fc from 'fast-check';
import { AvroSerde, UndecodableError, type RegistryClient } from '../src';

// An in-memory registry: the serde's framing and evolution are pure code.
class MemoryRegistry implements RegistryClient {
  private readonly schemas: object[] = [];
  calls = 0;
  async schemaId(_subject: string, schema: object): Promise<number> {
    this.calls++;
    const i = this.schemas.findIndex((s) => JSON.stringify(s) === JSON.stringify(schema));
    if (i >= 0) return i + 1;
    this.schemas.push(schema);
    return this.schemas.length;
  }
  async schemaById(id: number): Promise<object> {
    const s = this.schemas[id - 1];
    if (!s) throw Object.assign(new Error('not found'), { status: 404 });
    return s;
  }
}

const v1 = {
  type: 'record',
  name: 'PingV1',
  namespace: 'cardline.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'long' },
  ],
};
const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };

describe('AvroSerde', () => {
  it('frames with magic byte 0 and the 4-byte schema id, and round-trips', async () => {
    const reg = new MemoryRegistry();
    const serde = new AvroSerde(reg);
    await serde.prepare({ subject: 's-v1', schema: v1 });
    const buf = serde.encode('s-v1', { id: 'a', amount: 1234 });
    expect(buf[0]).toBe(0);
    expect(buf.readInt32BE(1)).toBe(1);
    expect(await serde.decode(buf, v1)).toEqual({ id: 'a', amount: 1234 });
  });

  it('registers once per subject and schema', async () => {
    const reg = new MemoryRegistry();
    const serde = new AvroSerde(reg);
    await serde.prepare({ subject: 's', schema: v1 });
    await serde.prepare({ subject: 's', schema: v1 });
    expect(reg.calls).toBe(1);
  });

  it('reads old data with a newer reader schema (defaults filled in)', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.prepare({ subject: 's', schema: v1 });
    const old = serde.encode('s', { id: 'x', amount: 5 });
    expect(await serde.decode(old, v2)).toEqual({ id: 'x', amount: 5, note: null });
  });

  it('decodes alike before and after the writer schema is cached, per reader schema', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.prepare({ subject: 's', schema: v1 });
    const old = serde.encode('s', { id: 'x', amount: 5 });
    const first = await Promise.all([serde.decode(old, v2), serde.decode(old, v1)]);
    expect(first).toEqual([
      { id: 'x', amount: 5, note: null },
      { id: 'x', amount: 5 },
    ]);
    expect(await serde.decode(old, v2)).toEqual({ id: 'x', amount: 5, note: null });
    expect(await serde.decode(old, v1)).toEqual({ id: 'x', amount: 5 });
    expect(await serde.decode(old)).toEqual({ id: 'x', amount: 5 });
    await expect(serde.decode(old.subarray(0, 7), v1)).rejects.toBeInstanceOf(UndecodableError);
  });

  it('grows its scratch buffer for large records', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.prepare({ subject: 's', schema: v1 });
    const big = 'x'.repeat(200_000);
    expect(await serde.decode(serde.encode('s', { id: big, amount: 1 }), v1)).toEqual({ id: big, amount: 1 });
  });

  it('rejects values that do not fit the schema before anything is sent', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.prepare({ subject: 's', schema: v1 });
    expect(() => serde.encode('s', { id: 'a', amount: 'lots' })).toThrow();
    expect(() => serde.encode('unprepared', {})).toThrow(/not prepared/);
  });

  it('calls unframed, truncated or unknown-schema bytes undecodable', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.prepare({ subject: 's', schema: v1 });
    await expect(serde.decode(Buffer.from('{"json":true}'), v1)).rejects.toBeInstanceOf(UndecodableError);
    const good = serde.encode('s', { id: 'abcdef', amount: 99 });
    await expect(serde.decode(good.subarray(0, 7), v1)).rejects.toBeInstanceOf(UndecodableError);
    const unknown = Buffer.from(good);
    unknown.writeInt32BE(77, 1);
    await expect(serde.decode(unknown, v1)).rejects.toThrow(/unknown schema id 77/);
  });

  it("reads every body as avsc's own decode does, a cut one included (the shared read cursor)", async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.prepare({ subject: 's', schema: v2 });
    const raw = avro.Type.forSchema(v2 as avro.Schema);
    const value = fc.record({
      id: fc.string({ unit: 'binary' }),
      // avsc 5 reads a long exactly within ±2^52; beyond that it loses precision.
      amount: fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
      note: fc.option(fc.string(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(value, value, fc.nat(), async (a, b, cut) => {
        const [fa, fb] = [serde.encode('s', a), serde.encode('s', b)];
        expect(await serde.decode(fa, v2)).toEqual(raw.fromBuffer(fa.subarray(5)));
        const short = fb.subarray(0, 5 + (cut % (fb.length - 5)));
        const expected = raw.decode(short, 5);
        if (expected.offset < 0)
          await expect(serde.decode(short, v2)).rejects.toBeInstanceOf(UndecodableError);
        else expect(await serde.decode(short, v2)).toEqual(expected.value);
        expect({ ...(await serde.decode<object>(fb, v2)) }).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });
});
