/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's own encoder is the oracle, and it has no types */
import fc from 'fast-check';
import { encodeRecord, type RecordInput } from '../src/kafka/record-encoder';
import { useCardlineRecordEncoder } from '../src/kafka/kafkajs-record-swap';

// The oracle is kafkajs 2.2.4's record encoder itself: ours must write its bytes exactly.
type Encoded = { buffer: Buffer };
const kafkajsRecord = (() => {
  let record: ((r: RecordInput) => Encoded) | undefined;
  jest.isolateModules(() => {
    record = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: RecordInput) => Encoded;
  });
  return record as (r: RecordInput) => Encoded;
})();

const bytesOrText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 300 }).map(Buffer.from),
);
const record: fc.Arbitrary<RecordInput> = fc.record(
  {
    offsetDelta: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    timestampDelta: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    key: fc.option(bytesOrText, { nil: null }),
    value: fc.option(bytesOrText, { nil: null }),
    headers: fc.dictionary(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.oneof(bytesOrText, fc.array(bytesOrText, { maxLength: 3 })),
      { maxKeys: 12 },
    ),
  },
  { requiredKeys: [] },
);

describe('the record encoder', () => {
  it("writes kafkajs's bytes for any record it takes", () => {
    fc.assert(
      fc.property(record, (r) => {
        const ours = encodeRecord(r);
        expect(ours).not.toBeNull();
        expect(ours?.toString('hex')).toBe(kafkajsRecord(r).buffer.toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, RecordInput]>([
    ['a tombstone: no key, no value, no headers', {}],
    ['an empty key and value (length 0, not null)', { key: '', value: Buffer.alloc(0) }],
    [
      'our CloudEvents headers',
      {
        key: 'acc-1',
        value: Buffer.from([0, 0, 0, 0, 7, 2]),
        headers: {
          ce_specversion: '1.0',
          ce_id: 'e-1',
          ce_type: 'ledger.transaction.posted.v1',
          'content-type': 'application/avro',
        },
      },
    ],
    ['a header with several values', { headers: { tag: ['a', Buffer.from('b'), 'c'] } }],
    ['a header with none (kafkajs drops it)', { headers: { tag: [], other: 'x' } }],
    ['the last 1-byte and first 2-byte varints (63, 64)', { key: 'k'.repeat(63), value: 'v'.repeat(64) }],
    ['the widest deltas', { offsetDelta: 2 ** 31 - 1, timestampDelta: -(2 ** 31) }],
    ['multi-byte text (張, 😀, a lone surrogate)', { key: '張', value: '😀', headers: { ключ: '\ud800' } }],
  ])('matches kafkajs on %s', (_name, r) => {
    expect(encodeRecord(r)?.toString('hex')).toBe(kafkajsRecord(r).buffer.toString('hex'));
  });

  it.each<[string, RecordInput]>([
    ['a timestamp delta beyond 32 bits', { timestampDelta: 2 ** 31 }],
    ['a fractional delta', { offsetDelta: 1.5 }],
    ['a numeric value', { value: 5 as unknown as string }],
  ])('leaves %s to kafkajs', (_name, r) => {
    expect(encodeRecord(r)).toBeNull();
  });

  it('leaves a null header value to kafkajs, whose error stands (it cannot size one)', () => {
    const r = { headers: { h: null } };
    expect(encodeRecord(r)).toBeNull();
    expect(() => kafkajsRecord(r)).toThrow(/must be of type string/);
  });
});

describe("kafkajs's produce request with our encoder in place", () => {
  type Request = { encode: () => Promise<{ buffer: Buffer }> };
  type ProduceRequest = (o: object) => Request;
  const t0 = 1_764_000_000_000;
  const messages = Array.from({ length: 40 }, (_, i) => ({
    key: `acc-${i}`,
    value: Buffer.from(`value-${i}`),
    timestamp: t0 + i * 7,
    headers: {
      ce_id: `e-${i}`,
      ce_type: 'ledger.transaction.posted.v1',
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    },
  }));
  const request = (produce: ProduceRequest, compression: number) =>
    produce({
      acks: -1,
      timeout: 30000,
      compression,
      producerId: 7,
      producerEpoch: 0,
      topicData: [
        {
          topic: 'ledger.transaction',
          partitions: [0, 1, 2].map((p) => ({
            partition: p,
            firstSequence: 3,
            messages: messages.filter((_, i) => i % 3 === p),
          })),
        },
      ],
    }).encode();

  it('is the one kafkajs uses, and the request is byte for byte what kafkajs alone sends', async () => {
    let original: ProduceRequest | undefined;
    jest.isolateModules(() => {
      original = require('kafkajs/src/protocol/requests/produce/v3/request') as ProduceRequest;
    });
    expect(useCardlineRecordEncoder()).toEqual({ encoder: 'cardline', why: expect.any(String) });
    const swapped = require('kafkajs/src/protocol/requests/produce/v3/request') as ProduceRequest;
    for (const compression of [0, 1]) {
      const [ours, theirs] = await Promise.all([
        request(swapped, compression),
        request(original as ProduceRequest, compression),
      ]);
      // gzip's header holds no time (Node's zlib writes mtime 0), so compressed requests compare too.
      expect(ours.buffer.toString('hex')).toBe(theirs.buffer.toString('hex'));
    }
    expect(useCardlineRecordEncoder().encoder).toBe('cardline');
  });
});
