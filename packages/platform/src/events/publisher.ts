import {
  Partitioners,
  type Admin,
  type Kafka,
  type Message,
  type Producer,
  type RecordMetadata,
  type TopicMessages,
} from 'kafkajs';
import { context, trace } from '@opentelemetry/api';
import type { AvroSerde } from '../serde/avro-serde';
import { requireType, type EventCatalog } from './catalog';
import { toHeaders, type EventEnvelope } from './envelope';
import { contextFromTraceHeaders, currentTraceHeaders, SpanKind } from '../observability/trace-context';
import type { PlatformMetrics } from '../observability/metrics';
import { sendAttributes } from '../observability/messaging-spans';
import { kafkajsCompression, type ProducerTuning } from './producer-tuning';
import { partitionForKey } from '../kafka/murmur2';

/**
 * Publishes enveloped events: Avro body in Confluent framing, CloudEvents
 * headers, key = aggregate id. One idempotent producer with acks=all and one
 * request in flight, so a retried send can neither duplicate nor reorder;
 * compression and request size are tunable (producer-tuning.ts).
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;
  /** Batches Kafka acknowledged only in part, whose rest was sent again (see sendAll). */
  partialAcks = 0;
  private probe: Admin | undefined;
  private probing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly catalog: EventCatalog,
    private readonly metrics?: PlatformMetrics,
    private readonly tuning: ProducerTuning = {},
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: pinningPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    // The readiness probe's connection too, so that a probe costs one metadata request.
    await this.probeAdmin().connect();
    this.connected = true;
  }

  /** Disconnects both clients whatever connect() got to (a failed probe connect must not leak the producer). */
  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
    await this.probe?.disconnect();
  }

  /**
   * Readiness (docs/architecture.md#start-up-and-shutdown): the producer is
   * connected and a broker answers a metadata request now. Probes share one
   * request in flight, on an admin client without retries, so a cluster that
   * is down fails the check at once instead of queueing retries.
   */
  checkReachable(): Promise<void> {
    if (!this.connected) return Promise.reject(new Error('producer not connected'));
    this.probing ??= this.describeCluster().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private probeAdmin(): Admin {
    return (this.probe ??= this.kafka.admin({ retry: { retries: 0 } }));
  }

  private async describeCluster(): Promise<void> {
    const probe = this.probeAdmin();
    await probe.connect(); // a no-op while connected; reconnects after the cluster was lost
    const { brokers } = await probe.describeCluster();
    if (brokers.length === 0) throw new Error('the cluster lists no brokers');
  }

  /** Encodes everything first (a bad event fails the batch before anything is sent). */
  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    const topics: string[] = [];
    for (const e of events) {
      const info = requireType(this.catalog, e.type);
      topics.push(info.topic);
      await this.serde.prepare(info);
      const msg = toRecord(e, info.topic, this.serde.encode(info.subject, e.payload));
      const list = byTopic.get(info.topic);
      if (list) list.push(msg);
      else byTopic.set(info.topic, [msg]);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    for (const request of splitRequests(topicMessages, this.tuning.maxRecordsPerRequest))
      await this.sendAll(request);
    if (this.metrics)
      events.forEach((e, i) =>
        this.metrics?.eventsPublished.inc({ topic: topics[i] as string, type: e.type }),
      );
  }

  /** Raw send for dead-letter records (bytes and headers kept as they came). */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.sendAll([{ topic, messages }]);
  }

  /**
   * sendBatch, then a check that every partition the batch went to was
   * acknowledged. kafkajs 2.2.4 can resolve a batch without writing one
   * partition's messages: when that partition's leader dies mid-request and
   * its new leader is a broker that already answered for other partitions,
   * the retry skips it (tulios/kafkajs#1303; seen in our three-broker fault
   * test, 15 of 3,000 events). The partitioner pins each message's
   * partition, so the unacknowledged ones are sent again to the same
   * partition, in order; a duplicate is harmless, consumers dedupe.
   */
  private async sendAll(topicMessages: TopicMessages[]): Promise<void> {
    let pending = topicMessages;
    for (let round = 1; ; round++) {
      const acked = await this.producer.sendBatch({
        topicMessages: pending,
        acks: -1,
        compression: kafkajsCompression(this.tuning),
      });
      pending = unacknowledged(pending, acked);
      if (pending.length === 0) return;
      this.partialAcks++;
      if (round >= 5) throw new UnacknowledgedPartitionsError(pending);
    }
  }
}

/**
 * Produce requests of at most `max` records, each topic's messages kept in
 * order across them (sent one after the other, so per-key order holds).
 */
export function splitRequests(topicMessages: TopicMessages[], max?: number): TopicMessages[][] {
  if (!max) return [topicMessages];
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let size = 0;
  for (const { topic, messages } of topicMessages)
    for (let i = 0; i < messages.length;) {
      const take = Math.min(max - size, messages.length - i);
      current.push({ topic, messages: messages.slice(i, i + take) });
      size += take;
      i += take;
      if (size === max) {
        requests.push(current);
        current = [];
        size = 0;
      }
    }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** Messages of partitions that have no acknowledgement in `acked`. */
export function unacknowledged(sent: TopicMessages[], acked: RecordMetadata[]): TopicMessages[] {
  const ok = new Set(acked.filter((r) => r.errorCode === 0).map((r) => `${r.topicName}\u0000${r.partition}`));
  return sent
    .map(({ topic, messages }) => ({
      topic,
      // A message without a pinned partition was not partitioned by kafkajs (a test double): nothing to check.
      messages: messages.filter((m) => m.partition !== undefined && !ok.has(`${topic}\u0000${m.partition}`)),
    }))
    .filter((t) => t.messages.length > 0);
}

export class UnacknowledgedPartitionsError extends Error {
  constructor(pending: TopicMessages[]) {
    const parts = pending.map(
      (t) => `${t.topic}[${[...new Set(t.messages.map((m) => m.partition))].join(',')}]`,
    );
    super(`Kafka acknowledged the batch without partitions ${parts.join(' ')}`);
    this.name = 'UnacknowledgedPartitionsError';
  }
}

/**
 * kafkajs's default (murmur2) partitioner, writing the partition it chose
 * onto the message, so a re-send goes to the same partition and the
 * acknowledgements can be checked per partition. A keyed record's partition
 * is computed here with the same hash in 32-bit arithmetic (kafka/murmur2.ts);
 * a record without a key goes to kafkajs's round robin.
 */
function pinningPartitioner() {
  const choose = Partitioners.DefaultPartitioner();
  return (args: Parameters<ReturnType<typeof Partitioners.DefaultPartitioner>>[0]): number => {
    const { message, partitionMetadata } = args;
    const key = message.key;
    const partition =
      message.partition ??
      (key !== null && key !== undefined ? partitionForKey(key, partitionMetadata.length) : choose(args));
    message.partition = partition;
    return partition;
  };
}

/**
 * The Kafka record of an event: key = aggregate id, CloudEvents headers.
 * A traced event gets a producer span, child of the request that caused it;
 * that span's context goes on the wire so consumers continue the trace.
 */
export function toRecord(e: EventEnvelope, topic: string, value: Buffer): Message {
  const headers = toHeaders(e);
  if (e.traceparent) {
    const span = trace
      .getTracer('cardline-platform')
      .startSpan(
        `send ${topic}`,
        { kind: SpanKind.PRODUCER, attributes: sendAttributes(topic, e) },
        contextFromTraceHeaders(e),
      );
    Object.assign(headers, currentTraceHeaders(trace.setSpan(context.active(), span)));
    span.end();
  }
  return { key: e.subject, value, headers };
}
