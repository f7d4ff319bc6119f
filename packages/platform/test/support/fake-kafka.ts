import type { EachBatchPayload, Kafka, KafkaMessage, Message, TopicMessages } from 'kafkajs';
import type { RegistryClient } from '../../src';

/**
 * Just enough of kafkajs for the publisher and the consumer runner to run
 * without a broker: what the producer sends is kept in `sent`, and
 * `deliver` hands records to the running consumer as kafkajs would.
 */
export function fakeKafka() {
  const sent: TopicMessages[] = [];
  /** Offsets the consumer resolved, in the order it resolved them. */
  const resolved: string[] = [];
  let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  const cluster = {
    /** What the admin's metadata request answers; replace it to simulate a broker that is down. */
    describe: async (): Promise<unknown> => ({ brokers: [{ nodeId: 1 }], controller: 1, clusterId: 'fake' }),
    metadataRequests: 0,
  };
  const noop = async () => undefined;
  const producer = {
    connect: noop,
    disconnect: noop,
    send: async () => [],
    sendBatch: async (b: { topicMessages: TopicMessages[] }) => {
      sent.push(...b.topicMessages);
      return [];
    },
  };
  const admin = {
    connect: noop,
    disconnect: noop,
    listTopics: async () => [] as string[],
    createTopics: async () => true,
    describeCluster: () => {
      cluster.metadataRequests++;
      return cluster.describe();
    },
  };
  const consumer = {
    connect: noop,
    disconnect: noop,
    subscribe: noop,
    run: async (c: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => {
      eachBatch = c.eachBatch;
    },
    on: () => () => undefined,
    events: { GROUP_JOIN: 'consumer.group_join' },
  };
  const kafka = {
    producer: () => producer,
    admin: () => admin,
    consumer: () => consumer,
  } as unknown as Kafka;

  /** `offsetLag` is what kafkajs's batch.offsetLag() answers for the batch. */
  async function deliver(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    offsetLag = '0',
  ): Promise<void> {
    if (!eachBatch) throw new Error('no consumer is running');
    await eachBatch({
      batch: { topic, partition, messages, offsetLag: () => offsetLag },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: noop,
      isRunning: () => true,
      isStale: () => false,
      commitOffsetsIfNecessary: noop,
    } as unknown as EachBatchPayload);
  }

  return { kafka, sent, cluster, deliver, resolved };
}

/** A produced record as a consumer receives it: key, value and header values as Buffers. */
export function asConsumed(m: Message, offset: string): KafkaMessage {
  const buf = (v: unknown) => (v === null || v === undefined ? null : Buffer.from(v as string));
  const headers = Object.fromEntries(
    Object.entries(m.headers ?? {}).map(([k, v]) => [k, buf(v) ?? undefined]),
  );
  return {
    key: buf(m.key),
    value: buf(m.value),
    headers,
    offset,
    timestamp: String(Date.now()),
    attributes: 0,
  } as KafkaMessage;
}

/** An in-memory schema registry: ids in order of first registration. */
export class MemoryRegistry implements RegistryClient {
  private readonly schemas: object[] = [];

  async schemaId(_subject: string, schema: object): Promise<number> {
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
