import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { SpanKind } from '@opentelemetry/api';
import type { EventEnvelope } from '../events/envelope';
import { contextFromTraceHeaders, inSpan } from '../observability/trace-context';
import { processAttributes } from '../observability/messaging-spans';
import { AbandonedError } from './abandoned';
import type { EventHandler, MessageMeta } from './handlers';

/** What became of a consumed message; its offset is resolved with it. */
export type Outcome = 'applied' | 'skipped' | 'dead-lettered';

/** What waiting events need from the runner, bound to one consumer batch's heartbeat and ownership. */
export interface BatchContext {
  group: string;
  logger: Logger;
  /** The runner's retries; throws AbandonedError once the batch is no longer ours. */
  retry<T>(meta: MessageMeta, fn: () => Promise<T>): Promise<T>;
  /** Applies one event alone, dead-lettering it when it can never apply. */
  applyOne(
    event: EventEnvelope,
    handler: EventHandler,
    message: KafkaMessage,
    meta: MessageMeta,
  ): Promise<Outcome>;
  /** Resolves a message's offset with its outcome. */
  finish(message: KafkaMessage, outcome: Outcome): Promise<void>;
}

/** A message read in this batch and not yet finished: an event for a batch handler, or an outcome already decided. */
type Pending =
  | { message: KafkaMessage; meta: MessageMeta; event: EventEnvelope; handler: EventHandler }
  | { message: KafkaMessage; meta: MessageMeta; event?: undefined; outcome: Outcome };

/** Events applied in one batch call at most: bounds one write's size and the work redone after a failure. */
const MAX_PENDING = 500;

/**
 * Consecutive events for one batch-capable handler wait here and are
 * applied in one call; what was decided at decode (skipped, dead-lettered)
 * waits with them so offsets are resolved in order.
 */
export class PendingEvents {
  private readonly items: Pending[] = [];

  constructor(private readonly ctx: BatchContext) {}

  get waiting(): boolean {
    return this.items.length > 0;
  }

  /** Queues an event for its handler's batch form, first flushing another handler's events or a full batch. */
  async add(
    message: KafkaMessage,
    meta: MessageMeta,
    event: EventEnvelope,
    handler: EventHandler,
  ): Promise<void> {
    const head = this.items.find((p) => p.event);
    if (head?.event && (head.handler.batch !== handler.batch || this.items.length >= MAX_PENDING))
      await this.flush();
    this.items.push({ message, meta, event, handler });
  }

  /** Queues an outcome decided at decode behind the waiting events. */
  hold(message: KafkaMessage, meta: MessageMeta, outcome: Outcome): void {
    this.items.push({ message, meta, outcome });
  }

  /** Applies the waiting events, then resolves every waiting message's offset in order. */
  async flush(): Promise<void> {
    if (this.items.length === 0) return;
    const items = this.items.splice(0);
    for (const [item, outcome] of await this.apply(items)) await this.ctx.finish(item.message, outcome);
  }

  /**
   * Applies waiting events in one call of their handler's batch form; if
   * that fails for good, one by one, so only a poison event is dead-lettered.
   */
  private async apply(items: Pending[]): Promise<[Pending, Outcome][]> {
    const { group, logger } = this.ctx;
    const events = items.flatMap((i) => (i.event ? [i.event] : []));
    const first = items.find((i) => i.event);
    const run = first?.event && first.handler.batch;
    let applied = false;
    if (first && run && events[0]) {
      const head = events[0];
      try {
        await this.ctx.retry(first.meta, () =>
          inSpan(
            `process ${first.meta.topic}`,
            {
              kind: SpanKind.CONSUMER,
              parent: contextFromTraceHeaders(head),
              attributes: {
                ...processAttributes({ ...first.meta, group, eventId: head.id, eventType: head.type }),
                'messaging.batch.message_count': events.length,
              },
            },
            () => run(events),
          ),
        );
        applied = true;
      } catch (err) {
        if (err instanceof AbandonedError) throw err;
        logger.warn(
          { err, ...first.meta, group, events: events.length },
          'batch failed; applying its events one by one',
        );
      }
    }
    const out: [Pending, Outcome][] = [];
    for (const item of items) {
      if (!item.event) out.push([item, item.outcome]);
      else if (applied) out.push([item, 'applied']);
      else out.push([item, await this.ctx.applyOne(item.event, item.handler, item.message, item.meta)]);
    }
    return out;
  }
}
