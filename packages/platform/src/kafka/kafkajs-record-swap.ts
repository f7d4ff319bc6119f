/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internal modules have no types or ESM entry */
import { encodeRecord, type RecordInput } from './record-encoder';

/**
 * Puts encodeRecord in place of kafkajs 2.2.4's record encoder, the module
 * its produce request takes its records from (docs/adr/0037-kafkajs-record-encoder.md).
 * It must run before kafkajs loads that request (on the first produce) and
 * before OpenTelemetry hooks require, which caches modules as it first saw
 * them: startTelemetry calls it first, createKafka again (a no-op then). The
 * swap holds only for the version it is tested against: another kafkajs
 * keeps its own encoder.
 */
export interface RecordEncoderInUse {
  encoder: 'cardline' | 'kafkajs';
  why: string;
}

const TESTED_KAFKAJS = '2.2.4';
const RECORD = 'kafkajs/src/protocol/recordBatch/record/v0';
const PRODUCE_REQUEST = 'kafkajs/src/protocol/requests/produce/v3/request';

type KafkajsRecord = (r: RecordInput) => unknown;
let inUse: RecordEncoderInUse | undefined;

export function useCardlineRecordEncoder(): RecordEncoderInUse {
  if (inUse) return inUse;
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== TESTED_KAFKAJS)
    return (inUse = {
      encoder: 'kafkajs',
      why: `kafkajs ${version}; the swap is tested on ${TESTED_KAFKAJS}`,
    });
  const recordId = require.resolve(RECORD);
  // The produce request keeps the encoder it found when it loaded.
  if (require.cache[require.resolve(PRODUCE_REQUEST)])
    return (inUse = { encoder: 'kafkajs', why: 'a produce request was encoded before the swap' });
  const kafkajsRecord = require(recordId) as KafkajsRecord;
  const Encoder = require('kafkajs/src/protocol/encoder') as { prototype: object };
  const cached = require.cache[recordId];
  if (!cached) return (inUse = { encoder: 'kafkajs', why: 'the module cache holds no record encoder' });
  let calls = 0;
  cached.exports = (r: RecordInput) => {
    calls++;
    const buf = encodeRecord(r);
    if (!buf) return kafkajsRecord(r);
    // kafkajs reads a record back as an Encoder (its buf and offset).
    return Object.assign(Object.create(Encoder.prototype) as object, { buf, offset: buf.length });
  };
  // Load the produce request now and build one: a require hook installed
  // earlier (OpenTelemetry's, started before this) can hand it the module it
  // saw first, and then only this shows it. Records are built before the
  // request's first await, so the count is known on return.
  const produce = require(PRODUCE_REQUEST) as (o: object) => { encode: () => Promise<unknown> };
  const probe = { key: 'k', value: 'v', timestamp: 0 };
  const topicData = [{ topic: 'probe', partitions: [{ partition: 0, firstSequence: 0, messages: [probe] }] }];
  produce({ acks: -1, timeout: 1, compression: 0, topicData })
    .encode()
    .catch(() => undefined);
  return (inUse =
    calls > 0
      ? { encoder: 'cardline', why: 'one exact-size buffer a record' }
      : {
          encoder: 'kafkajs',
          why: "kafkajs's produce request does not call it (a require hook kept the original)",
        });
}
