import type { Admin, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { context, trace } from '@opentelemetry/api';
import type { AvroSerde } from '../serde/avro-serde';
import { requireType, type EventCatalog } from './catalog';
import { toHeaders, type EventEnvelope } from './envelope';
import { contextFromTraceHeaders, currentTraceHeaders, SpanKind } from '../observability/trace-context';
import type { PlatformMetrics } from '../observability/metrics';
import { sendAttributes } from '../observability/messaging-spans';

/**
 * Publishes enveloped events: Avro body in Confluent framing, CloudEvents
 * headers, key = aggregate id. One idempotent producer with acks=all and one
 * request in flight, so a retried send can neither duplicate nor reorder.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;
  private probe: Admin | undefined;
  private probing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly catalog: EventCatalog,
    private readonly metrics?: PlatformMetrics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    // The readiness probe's connection too, so that a probe costs one metadata request.
    await this.probeAdmin().connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
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
    await this.producer.sendBatch({ topicMessages, acks: -1 });
    if (this.metrics)
      events.forEach((e, i) =>
        this.metrics?.eventsPublished.inc({ topic: topics[i] as string, type: e.type }),
      );
  }

  /** Raw send for dead-letter records (bytes and headers kept as they came). */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic, messages, acks: -1 });
  }
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
