import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type RegistryContentType,
} from 'prom-client';
import { LagClock } from './lag-clock';

/** The metrics every service exposes on /metrics; names are what dashboards query. */
export class PlatformMetrics {
  /** Either text format per scrape (exemplar.ts `exposition`). */
  readonly registry = new Registry<RegistryContentType>();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly eventsPublished: Counter<'topic' | 'type'>;
  readonly outboxPending: Gauge<'service'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly consumed: Counter<'group' | 'topic' | 'outcome'>;
  readonly dlqMessages: Counter<'group' | 'topic'>;
  readonly handlerDuration: Histogram<'group' | 'type'>;
  readonly timerParked: Gauge<'timer'>;
  readonly lagClock = new LagClock();
  readonly consumerLagSeconds: Gauge<'group' | 'topic' | 'partition'>;
  readonly outboxBacklogEvents: Gauge<'service'>;
  readonly outboxOldestPendingAge: Gauge<'service'>;
  readonly dlqDepth: Gauge<'group' | 'topic'>;
  readonly timerBacklog: Gauge<'timer'>;

  constructor(readonly service: string) {
    // Created as OpenMetrics, which histograms with exemplars need.
    this.registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      // Trace ids beside latency samples (exemplar.ts), shown on OpenMetrics scrapes.
      enableExemplars: true,
      registers,
    });
    this.eventsPublished = new Counter({
      name: 'cardline_events_published_total',
      help: 'Events published to Kafka',
      labelNames: ['topic', 'type'],
      registers,
    });
    this.outboxPending = new Gauge({
      name: 'cardline_outbox_pending',
      help: 'Aggregates with unpublished outbox events',
      labelNames: ['service'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'cardline_consumer_lag',
      help: 'High watermark minus committed offset',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.consumed = new Counter({
      name: 'cardline_messages_consumed_total',
      help: 'Messages consumed by outcome',
      labelNames: ['group', 'topic', 'outcome'],
      registers,
    });
    this.dlqMessages = new Counter({
      name: 'cardline_dlq_messages_total',
      help: 'Messages sent to a dead-letter topic',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.handlerDuration = new Histogram({
      name: 'cardline_handler_duration_seconds',
      help: 'Event handler latency',
      labelNames: ['group', 'type'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      enableExemplars: true,
      registers,
    });
    this.timerParked = new Gauge({
      name: 'cardline_timer_parked_documents',
      help: 'Documents a durable timer parked after repeated failures (skipped until unparked)',
      labelNames: ['timer'],
      registers,
    });
    // The SREs' questions (docs/architecture.md, "Observability"); labels are
    // declared groups, topics, partitions, services and timers, all bounded.
    const lagClock = this.lagClock;
    this.consumerLagSeconds = new Gauge({
      name: 'cardline_consumer_lag_seconds',
      help: 'Age of the oldest record a group has not finished (0 when caught up)',
      labelNames: ['group', 'topic', 'partition'],
      registers,
      collect() {
        lagClock.report(this);
      },
    });
    this.outboxBacklogEvents = new Gauge({
      name: 'cardline_outbox_backlog_events',
      help: 'Unpublished outbox events (counted over at most 1000 pending aggregates)',
      labelNames: ['service'],
      registers,
    });
    this.outboxOldestPendingAge = new Gauge({
      name: 'cardline_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox event (0 when none waits)',
      labelNames: ['service'],
      registers,
    });
    this.dlqDepth = new Gauge({
      name: 'cardline_dlq_depth',
      help: 'Letters in a group DLQ not replayed yet (topic: the original topic)',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.timerBacklog = new Gauge({
      name: 'cardline_timer_backlog_documents',
      help: 'Documents due on a durable timer and not parked, after its last round',
      labelNames: ['timer'],
      registers,
    });
  }
}
