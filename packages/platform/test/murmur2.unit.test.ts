/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's own hash is the oracle, and it has no types */
import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { murmur2, partitionForKey } from '../src/kafka/murmur2';

const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  k: Buffer | string,
) => number;

const key = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.uint8Array({ maxLength: 64 }).map(Buffer.from),
);

describe('murmur2 in 32-bit arithmetic', () => {
  it("is kafkajs's hash for any key", () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(murmur2(Buffer.isBuffer(k) ? k : Buffer.from(k))).toBe(kafkajsMurmur2(k));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['the empty key', ''],
    ['one byte left over', 'acc-1'],
    ['two left over', 'acc-12'],
    ['three left over', 'acc-123'],
    ['a whole number of words', 'acc-1234'],
    ['bytes at 0xff (sign bits)', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff])],
  ])('matches on %s', (_name, k) => {
    expect(murmur2(Buffer.isBuffer(k) ? k : Buffer.from(k))).toBe(kafkajsMurmur2(k));
  });

  it("places a keyed record where kafkajs's default partitioner does", () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 200 }), (k, n) => {
        const partitionMetadata = Array.from({ length: n }, (_, p) => ({
          partitionId: p,
          leader: 0,
          partitionErrorCode: 0,
          replicas: [0],
          isr: [0],
        }));
        expect(partitionForKey(k, n)).toBe(
          kafkajs({ topic: 't', partitionMetadata, message: { key: k, value: null } }),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
