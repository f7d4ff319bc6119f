/*
 * Where B1's time goes on our side of the socket: kafkajs 2.2.4 encoding a
 * produce request of the publisher's records, with and without their
 * CloudEvents headers (pure CPU, no broker), once with our record encoder in
 * place and once with kafkajs's own. kafkajs builds each header with its own
 * zero-filled 512-byte buffer, so there headers cost more than the rest of
 * the record (docs/adr/0037-kafkajs-record-encoder.md).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internal modules have no types */
import path from 'node:path';
import type { Message } from 'kafkajs';

type ProduceRequest = (o: object) => { encode: () => Promise<{ buffer: Buffer }> };

/** µs per record to encode `messages` as one produce request over 6 partitions. */
async function encodeCost(request: ProduceRequest, messages: Message[]): Promise<number> {
  const partitions = Array.from({ length: 6 }, (_, p) => ({
    partition: p,
    firstSequence: 0,
    messages: messages.filter((_, i) => i % 6 === p).map((m) => ({ ...m, timestamp: Date.now() })),
  }));
  const once = () =>
    request({ acks: -1, timeout: 30000, compression: 0, topicData: [{ topic: 't', partitions }] }).encode();
  for (let i = 0; i < 10; i++) await once();
  const rounds = 30;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await once();
  return Number(process.hrtime.bigint() - start) / 1e3 / (rounds * messages.length);
}

/**
 * kafkajs's own produce request, loaded afresh from disk: the one in the
 * module cache takes its records from our encoder (useCardlineRecordEncoder).
 */
function kafkajsOwnRequest(): ProduceRequest {
  const protocol = ['', 'kafkajs', 'src', 'protocol', ''].join(path.sep);
  const held = Object.keys(require.cache).filter((id) => id.includes(protocol));
  const saved = held.map((id) => [id, require.cache[id]] as const);
  for (const id of held) delete require.cache[id];
  try {
    return require('kafkajs/src/protocol/requests/produce/v3/request') as ProduceRequest;
  } finally {
    for (const id of Object.keys(require.cache)) if (id.includes(protocol)) delete require.cache[id];
    for (const [id, m] of saved) require.cache[id] = m;
  }
}

export interface EncodeCost {
  /** µs a record: the request as the publisher sends it (our record encoder), with and without headers. */
  ours: { withHeaders: number; withoutHeaders: number };
  /** The same with kafkajs encoding its records itself. */
  kafkajs: { withHeaders: number; withoutHeaders: number };
}

/** The costs, or null when kafkajs's internals moved (another version). */
export async function kafkajsEncodeCost(messages: Message[]): Promise<EncodeCost | null> {
  try {
    const bare = messages.map((m) => ({ key: m.key, value: m.value }));
    const both = async (request: ProduceRequest) => ({
      withHeaders: await encodeCost(request, messages),
      withoutHeaders: await encodeCost(request, bare),
    });
    return {
      ours: await both(require('kafkajs/src/protocol/requests/produce/v3/request') as ProduceRequest),
      kafkajs: await both(kafkajsOwnRequest()),
    };
  } catch {
    return null;
  }
}
