import avro from 'avsc';
import { findEventType, type EventPayloads, type LedgerTransactionPostedV1 } from '../src';
import { renderTypes } from '../scripts/generate';
import type { LoadedEventType } from '../scripts/lib/contracts';

// The generated interfaces describe what the serde (avsc, no logical types
// registered) writes and reads: timestamps are numbers, optional values null.
describe('generated types', () => {
  it('match what avsc encodes and decodes', () => {
    const value: LedgerTransactionPostedV1 = {
      transactionId: 't-1',
      accountId: 'a-1',
      kind: 'PURCHASE',
      direction: 'DEBIT',
      amount: 1250,
      currency: 'USD',
      feeType: null,
      adjustmentKind: null,
      cardId: 'card-1',
      merchant: { name: 'Cafe', mcc: '5814', city: 'Austin', country: 'US' },
      description: 'Cafe',
      requestId: null,
      relatedTransactionId: null,
      postedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
      balanceAfter: 1250,
      availableCreditAfter: 98750,
    };
    const type = avro.Type.forSchema(findEventType('ledger.transaction.posted.v1')?.schema as avro.Schema);
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
    // EventPayloads maps the event type string to its interface.
    const typed: EventPayloads['ledger.transaction.posted.v1'] = value;
    expect(typed.postedAt).toBe(value.postedAt);
  });

  it('cover records, enums, unions with null, arrays, maps, bytes, fixed and named references', () => {
    const schema = {
      type: 'record',
      name: 'SampledV2',
      namespace: 'cardline.demo.thing',
      doc: 'A sample. Key: thingId.',
      fields: [
        { name: 'thingId', type: 'string' },
        {
          name: 'status',
          type: { type: 'enum', name: 'Status', symbols: ['UNKNOWN', 'ON'], default: 'UNKNOWN' },
        },
        { name: 'previous', type: 'Status' },
        { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
        { name: 'maybe', type: ['null', { type: 'array', items: ['null', 'long'] }], default: null },
        { name: 'attrs', type: { type: 'map', values: 'double' } },
        { name: 'blob', type: 'bytes' },
        { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
        { name: 'at', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
        {
          name: 'items',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'Item',
              fields: [
                { name: 'n', type: 'int' },
                { name: 'b', type: 'boolean' },
              ],
            },
          },
        },
      ],
    };
    const entry = {
      context: 'demo',
      aggregate: 'thing',
      event: 'sampled',
      major: 2,
      type: 'demo.thing.sampled.v2',
      topic: 'demo.thing',
      recordName: 'cardline.demo.thing.SampledV2',
      subject: 'demo.thing-cardline.demo.thing.SampledV2',
      file: 'demo/thing/sampled.v2.avsc',
      schema,
    } as LoadedEventType;
    const ts = renderTypes([entry]);
    expect(ts).toContain('export interface DemoThingSampledV2 {');
    expect(ts).toContain('  status: DemoThingSampledV2Status;\n');
    expect(ts).toContain('  previous: DemoThingSampledV2Status;\n');
    expect(ts).toContain('export type DemoThingSampledV2Status = "UNKNOWN" | "ON";');
    expect(ts).toContain('  tags: string[];\n');
    expect(ts).toContain('  maybe: Array<number | null> | null;\n');
    expect(ts).toContain('  attrs: Record<string, number>;\n');
    expect(ts).toContain('  blob: Buffer;\n');
    expect(ts).toContain('  hash: Buffer;\n');
    expect(ts).toMatch(/Epoch milliseconds[^\n]*\n[^\n]*Default: null\.\n\s+\*\/\n {2}at: number \| null;\n/);
    expect(ts).toContain('  items: DemoThingSampledV2Item[];\n');
    expect(ts).toContain('export interface DemoThingSampledV2Item {\n  n: number;\n  b: boolean;\n}');
    expect(ts).toContain('  "demo.thing.sampled.v2": DemoThingSampledV2;\n');
  });

  it('refuse unions of several non-null types and references to other files', () => {
    const entry = (fields: unknown[]) =>
      ({
        context: 'demo',
        aggregate: 'thing',
        event: 'sampled',
        major: 1,
        type: 'demo.thing.sampled.v1',
        file: 'demo/thing/sampled.v1.avsc',
        schema: { type: 'record', name: 'SampledV1', namespace: 'cardline.demo.thing', fields },
      }) as LoadedEventType;
    expect(() => renderTypes([entry([{ name: 'x', type: ['string', 'long'] }])])).toThrow(
      /only \["null", T\]/,
    );
    expect(() => renderTypes([entry([{ name: 'x', type: 'cardline.other.Thing' }])])).toThrow(
      /self-contained/,
    );
  });
});
