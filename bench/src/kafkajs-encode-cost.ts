/*
 * Where B1's time goes on our side of the socket: kafkajs 2.2.4 encoding a
 * produce request of the publisher's records, with and without their
 * CloudEvents headers (pure CPU, no broker). kafkajs builds each header with
 * its own zero-filled 512-byte buffer, so headers cost more than the rest of
 * the record (docs/adr/0034-relay-lease-token-and-producer-tuning.md).
 */
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

/** The two costs, or null when kafkajs's internals moved (another version). */
export async function kafkajsEncodeCost(
  messages: Message[],
): Promise<{ withHeaders: number; withoutHeaders: number } | null> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const request = require('kafkajs/src/protocol/requests/produce/v3/request') as ProduceRequest;
    return {
      withHeaders: await encodeCost(request, messages),
      withoutHeaders: await encodeCost(
        request,
        messages.map((m) => ({ key: m.key, value: m.value })),
      ),
    };
  } catch {
    return null;
  }
}
