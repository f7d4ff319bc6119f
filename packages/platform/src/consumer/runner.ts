import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { SpanKind } from '@opentelemetry/api';
import type { AvroSerde } from '../serde/avro-serde';
import { UndecodableError } from '../serde/avro-serde';
import type { EventCatalog } from '../events/catalog';
import {
  fromHeaders,
  headerString,
  MissingHeaderError,
  type EventEnvelope,
  type RawHeaders,
} from '../events/envelope';
import type { EventPublisher } from '../events/publisher';
import { contextFromTraceHeaders, inSpan } from '../observability/trace-context';
import { processAttributes } from '../observability/messaging-spans';
import type { PlatformMetrics } from '../observability/metrics';
import { backoffDelay, sleep } from '../runtime/backoff';
import { checkSource, ForbiddenSourceError, isTransient, NotYetError, PoisonMessageError } from './errors';
import { dlqDepthPollerFor } from './dlq-depth';
import {
  handlerFor,
  type EventHandler,
  type HandlerMap,
  type MessageMeta,
  type UntypedEvents,
} from './handlers';
import { KafkaStartupError, retryKafkaStartup } from '../kafka/startup-retry';
import { startTracedTimer } from '../observability/exemplar';
import { AbandonedError } from './abandoned';
import { PendingEvents, type Outcome } from './batching';

export interface ConsumerRunnerOptions<M = UntypedEvents> {
  kafka: Kafka;
  group: string;
  topics: string[];
  /** Handlers by CloudEvents type; other types on the topics are skipped. */
  handlers: HandlerMap<M>;
  serde: AvroSerde;
  catalog: EventCatalog;
  /** Used to write dead letters (acks=all, idempotent). */
  publisher: EventPublisher;
  logger: Logger;
  metrics?: PlatformMetrics;
  /** Attempts for unclassified errors before dead-lettering (transient errors retry forever). */
  maxAttempts?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  fromBeginning?: boolean;
  /**
   * For a group with no committed offsets: start at the first message at or
   * after this time instead of the beginning. A new instance set (or a test
   * stack) then does not replay the topics' whole history.
   */
  startAt?: Date;
  /** Bound on the start-up retries against a loading cluster (default 120 s). */
  startupDeadlineMs?: number;
}

export function dlqTopicFor(topic: string, group: string): string {
  return `${topic}.dlq.${group}`;
}

/** A consumer group as the service that runs it sees it, whatever its event map. */
export interface ConsumerGroup {
  start(): Promise<void>;
  waitUntilJoined(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a consumer group: decode (registry + reader schema), dispatch by
 * event type, commit only after the handler's effect is stored. Transient
 * failures retry with backoff (heartbeating, so the group does not
 * rebalance); a message that can never be processed goes to
 * `<topic>.dlq.<group>` with its original bytes and headers plus the reason,
 * and the partition moves on. Handlers must be idempotent: delivery is
 * at-least-once.
 */
export class ConsumerRunner<M = UntypedEvents> implements ConsumerGroup {
  private readonly consumer: Consumer;
  private readonly maxAttempts: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private stopping = false;
  private stopDlqDepth: (() => Promise<void>) | null = null;

  constructor(private readonly o: ConsumerRunnerOptions<M>) {
    this.consumer = o.kafka.consumer({
      groupId: o.group,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.maxAttempts = o.maxAttempts ?? 5;
    this.retryInitialMs = o.retryInitialMs ?? 100;
    this.retryMaxMs = o.retryMaxMs ?? 10000;
  }

  async start(): Promise<void> {
    // A fresh or loading cluster answers NOT_COORDINATOR, UNKNOWN_TOPIC_OR_PARTITION
    // and the like for a while: each step retries those up to a deadline.
    const step = <T>(what: string, fn: () => Promise<T>) =>
      retryKafkaStartup(fn, {
        logger: this.o.logger,
        what: `consumer group ${this.o.group}: ${what}`,
        deadlineMs: this.o.startupDeadlineMs,
      });
    // One admin session for both start-up steps.
    const admin = this.o.kafka.admin();
    await step('connect admin', () => admin.connect());
    try {
      await step('create dead-letter topics', () => this.ensureDeadLetterTopics(admin));
      const startAt = this.o.startAt;
      if (startAt) await this.seekNewGroupTo(admin, startAt, step);
    } finally {
      await admin.disconnect();
    }
    const lagClock = this.o.metrics?.lagClock;
    if (lagClock) this.consumer.on(this.consumer.events.GROUP_JOIN, () => lagClock.forget(this.o.group));
    await step('connect', () => this.consumer.connect());
    await step('subscribe', () =>
      this.consumer.subscribe({ topics: this.o.topics, fromBeginning: this.o.fromBeginning ?? true }),
    );
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    if (this.o.metrics) {
      const group = this.o.group;
      const dlqs = this.o.topics.map((topic) => ({ topic, dlq: dlqTopicFor(topic, group) }));
      this.stopDlqDepth = dlqDepthPollerFor(this.o.kafka).watch({
        group,
        dlqs,
        gauge: this.o.metrics.dlqDepth,
      });
    }
  }

  /**
   * The declaration script creates DLQ topics for the declared groups; a
   * group started under another name (a test stack, a new instance set)
   * still needs its own, or the first poison message would block it.
   */
  private async ensureDeadLetterTopics(admin: Admin): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const missing = this.o.topics.map((t) => dlqTopicFor(t, this.o.group)).filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: 1 })),
        waitForLeaders: true,
      });
    } catch (err) {
      // Another instance of the group created them between our list and create.
      if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw err;
    }
  }

  /** Sets a new group's offsets to `at` (a group that has committed keeps its place). */
  private async seekNewGroupTo(
    admin: Admin,
    at: Date,
    step: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
  ): Promise<void> {
    const committed = await step('fetch committed offsets', () =>
      admin.fetchOffsets({ groupId: this.o.group, topics: this.o.topics }),
    );
    for (const { topic, partitions } of committed) {
      if (partitions.some((p) => p.offset !== '-1')) continue;
      const offsets = await step(`find ${topic} offsets at ${at.toISOString()}`, () =>
        admin.fetchTopicOffsetsByTimestamp(topic, at.getTime()),
      );
      try {
        await step(`seek ${topic}`, () =>
          admin.setOffsets({
            groupId: this.o.group,
            topic,
            partitions: offsets.map((p) => ({ partition: p.partition, offset: p.offset })),
          }),
        );
      } catch (err) {
        if (err instanceof KafkaStartupError) throw err;
        // Another instance of the group is already running: it placed the offsets.
        this.o.logger.info({ err, group: this.o.group, topic }, 'group already active; not seeking');
      }
    }
  }

  /** Resolves once the group has joined and partitions are assigned. */
  waitUntilJoined(timeoutMs = 30000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer ${this.o.group} did not join in ${timeoutMs}ms`)),
        timeoutMs,
      );
      const off = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopDlqDepth?.();
    await this.consumer.disconnect();
  }

  private async eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    commitOffsetsIfNecessary,
  }: EachBatchPayload): Promise<void> {
    // kafkajs says -1 for an empty batch at the end of the log (it counts from the
    // fetched offset there), which summed over partitions read as a negative lag.
    const lag = Number(batch.offsetLag());
    this.o.metrics?.consumerLag.set(
      { group: this.o.group, topic: batch.topic, partition: String(batch.partition) },
      Number.isFinite(lag) ? Math.max(0, lag) : 0,
    );
    // Work on this batch stops when the consumer stops or the partition is
    // revoked; a message being retried then is left uncommitted for the next
    // owner, never dead-lettered.
    const owned = () => isRunning() && !isStale() && !this.stopping;
    const lagLabels = { group: this.o.group, topic: batch.topic, partition: String(batch.partition) };
    const finish = async (message: KafkaMessage, outcome: Outcome) => {
      this.o.metrics?.consumed.inc({ group: this.o.group, topic: batch.topic, outcome });
      resolveOffset(message.offset);
      if (Number(message.offset) + 1 >= Number(batch.highWatermark))
        this.o.metrics?.lagClock.caughtUp(lagLabels);
      await commitOffsetsIfNecessary();
      await heartbeat();
    };
    const pending = new PendingEvents({
      group: this.o.group,
      logger: this.o.logger,
      retry: (meta, fn) => this.withRetry(meta, heartbeat, owned, fn),
      applyOne: (event, handler, message, meta) =>
        this.apply(event, handler, message, meta, heartbeat, owned),
      finish,
    });
    try {
      for (const message of batch.messages) {
        if (!owned()) break;
        this.o.metrics?.lagClock.working(lagLabels, Number(message.timestamp));
        const meta = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        const step = await this.decode(message, meta, heartbeat, owned);
        if (step.poison) {
          // Dead-lettered after the events before it are applied: were their batch
          // abandoned, the next owner would dead-letter this message a second time.
          await pending.flush();
          await this.deadLetter(message, meta, step.poison, owned, heartbeat);
          await finish(message, 'dead-lettered');
          continue;
        }
        if (step.event && step.handler.batch) {
          await pending.add(message, meta, step.event, step.handler);
          continue;
        }
        if (!step.event && pending.waiting) {
          pending.hold(message, meta, step.outcome);
          continue;
        }
        await pending.flush(); // earlier events first: order per key
        await finish(
          message,
          step.event
            ? await this.apply(step.event, step.handler, message, meta, heartbeat, owned)
            : step.outcome,
        );
      }
      if (pending.waiting && owned()) await pending.flush();
    } catch (err) {
      if (err instanceof AbandonedError) {
        this.o.logger.info(
          { topic: batch.topic, partition: batch.partition, group: this.o.group },
          err.message,
        );
        return;
      }
      throw err;
    }
  }

  /** Reads a message into an event and its handler, or says what became of it (skipped, dead-lettered). */
  private async decode(
    message: KafkaMessage,
    meta: MessageMeta,
    heartbeat: () => Promise<void>,
    owned: () => boolean,
  ): Promise<
    | { event: EventEnvelope; handler: EventHandler; poison?: undefined }
    | { event?: undefined; outcome: Outcome; poison?: undefined }
    | { event?: undefined; poison: Error }
  > {
    const headers = message.headers as RawHeaders | undefined;
    const type = headerString(headers, 'ce_type');
    // Types this group has no handler for (including ones newer than our
    // catalog) are someone else's business on a shared topic.
    if (type !== undefined && !handlerFor(this.o.handlers, type)) return { outcome: 'skipped' };
    // A dead letter replayed after a fix (`cardline dlq replay`) is for the group that failed it only.
    const replayFor = headerString(headers, 'cardline_replay_group');
    if (replayFor !== undefined && replayFor !== this.o.group) return { outcome: 'skipped' };
    let event: EventEnvelope;
    try {
      if (!message.value) throw new UndecodableError('empty message value (tombstone)');
      const envelopeOnly = fromHeaders(headers, undefined);
      const info = this.o.catalog.get(envelopeOnly.type);
      if (!info) throw new UndecodableError(`unknown event type ${envelopeOnly.type}`);
      const payload = await this.withRetry(meta, heartbeat, owned, () =>
        this.o.serde.decode(message.value as Buffer, info.schema),
      );
      event = { ...envelopeOnly, payload };
      // After decoding, so a record that is not even an event is reported as that.
      checkSource(event.source, info);
    } catch (err) {
      if (
        err instanceof UndecodableError ||
        err instanceof MissingHeaderError ||
        err instanceof ForbiddenSourceError
      ) {
        return { poison: err };
      }
      throw err;
    }
    const handler = handlerFor(this.o.handlers, event.type);
    // ce_type and the envelope agree, so this is unreachable in practice.
    return handler ? { event, handler } : { outcome: 'skipped' };
  }

  /** Runs one event's handler in its span, retrying; dead-letters it when it can never apply. */
  private async apply(
    event: EventEnvelope,
    handler: EventHandler,
    message: KafkaMessage,
    meta: MessageMeta,
    heartbeat: () => Promise<void>,
    owned: () => boolean,
  ): Promise<Outcome> {
    const parent = contextFromTraceHeaders(event);
    try {
      await this.withRetry(meta, heartbeat, owned, () =>
        inSpan(
          `process ${meta.topic}`,
          {
            kind: SpanKind.CONSUMER,
            parent,
            attributes: processAttributes({
              ...meta,
              group: this.o.group,
              key: message.key?.toString(),
              eventId: event.id,
              eventType: event.type,
            }),
          },
          async () => {
            const metrics = this.o.metrics;
            const end =
              metrics && startTracedTimer(metrics.handlerDuration, { group: this.o.group, type: event.type });
            await handler(event, meta);
            end?.();
          },
        ),
      );
      return 'applied';
    } catch (err) {
      if (err instanceof AbandonedError) throw err;
      await this.deadLetter(message, meta, err as Error, owned, heartbeat);
      return 'dead-lettered';
    }
  }

  /**
   * Retries transient errors forever, a NotYetError until its wait runs out,
   * and other errors up to maxAttempts; rethrows poison at once and the last
   * error when attempts run out. Gives up with AbandonedError as soon as the
   * batch is no longer ours (stopping, or the partition was revoked).
   */
  private async withRetry<T>(
    meta: MessageMeta,
    heartbeat: () => Promise<void>,
    owned: () => boolean,
    fn: () => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof PoisonMessageError || err instanceof UndecodableError) throw err;
        const transient = isTransient(err);
        if (err instanceof NotYetError) {
          if (Date.now() - started >= err.maxWaitMs) throw err;
        } else if (!transient && attempt >= this.maxAttempts) throw err;
        if (!owned())
          throw new AbandonedError('consumer stopping or partition revoked; left for the next owner');
        const delay = backoffDelay(attempt, this.retryInitialMs, this.retryMaxMs);
        this.o.logger.warn(
          { err, ...meta, group: this.o.group, attempt, transient, retryInMs: delay },
          'handler failed; retrying',
        );
        // Sleep in slices so the group keeps seeing heartbeats and a stop is prompt.
        for (let waited = 0; waited < delay; waited += 500) {
          await sleep(Math.min(500, delay - waited));
          if (!owned())
            throw new AbandonedError('consumer stopping or partition revoked; left for the next owner');
          try {
            await heartbeat();
          } catch (err) {
            // kafkajs reports a rebalance only through a rejected heartbeat: the partition may be another member's now.
            if (REBALANCING.has((err as { type?: string }).type ?? ''))
              throw new AbandonedError('group rebalancing; left for the next owner');
          }
        }
      }
    }
  }

  private async deadLetter(
    message: KafkaMessage,
    meta: MessageMeta,
    err: Error,
    owned: () => boolean,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const topic = dlqTopicFor(meta.topic, this.o.group);
    const headers: IHeaders = { ...(message.headers ?? {}) };
    headers.dlq_reason = err.message;
    headers.dlq_error_type = err.name;
    headers.dlq_original_topic = meta.topic;
    headers.dlq_original_partition = String(meta.partition);
    headers.dlq_original_offset = meta.offset;
    headers.dlq_consumer_group = this.o.group;
    headers.dlq_failed_at = new Date().toISOString();
    this.o.logger.error({ err, ...meta, group: this.o.group, dlq: topic }, 'message dead-lettered');
    // If the DLQ write itself fails we must not commit: retry it (transient).
    await this.withRetry(meta, heartbeat, owned, () =>
      this.o.publisher.sendRaw(topic, [
        { key: message.key, value: message.value, headers, timestamp: message.timestamp },
      ]),
    );
    this.o.metrics?.dlqMessages.inc({ group: this.o.group, topic: meta.topic });
  }
}

const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION']);
