import type { Express } from 'express';
import type { mongo } from 'mongoose';
import { z } from 'zod';
import { EventPublisher } from '../events/publisher';
import { producerTuningFromEnv } from '../events/producer-tuning';
import type { EventCatalog } from '../events/catalog';
import { createKafka } from '../kafka/client';
import { retryKafkaStartup } from '../kafka/startup-retry';
import type { TimerReporting } from '../scheduling/leased-timer';
import { leaseClock, type LeaseClock } from '../scheduling/lease-clock';
import { connectMongo, pingMongo } from '../mongo/connect';
import { StoreWatchdog } from '../mongo/store-watchdog';
import { AggregateStore, type AggregateDoc } from '../outbox/aggregate-store';
import { OutboxRelay } from '../outbox/relay';
import { ConsumerRunner, type ConsumerGroup } from '../consumer/runner';
import type { HandlerMap, UntypedEvents } from '../consumer/handlers';
import { AvroSerde } from '../serde/avro-serde';
import { HttpRegistryClient } from '../serde/registry-client';
import { registryConfigShape, registryOptions, type RegistrySettings } from '../serde/registry-config';
import { PlatformMetrics } from '../observability/metrics';
import type { Logger } from '../observability/logger';
import { createHttpApp, listen } from '../http/app';
import { authenticate } from '../http/auth';
import type { AuthOptions } from '../http/auth-settings';
import { idempotency, type IdempotencyRecord } from '../http/idempotency';
import { mountRoutes, openApiDocument, type AnyRouteDef } from '../http/route-table';
import { AuditTrail, MIN_AUDIT_RETENTION_DAYS, type AuditRecord } from '../http/audit-trail';
import { auditRoutes } from '../http/audit-routes';
import { HealthChecks } from './health';
import { SimulatedClock, systemClock, type Clock } from './clock';
import type { BaseConfig } from './config';
import { sandboxCatalog, sandboxConfigShape, sandboxPrefix, sandboxProblems, sandboxTopic } from './sandbox';

/** Settings every event-driven service reads besides the base ones. */
export const runtimeConfigShape = {
  CLOCK: z.enum(['system', 'simulated']).default('system'),
  CLOCK_START: z.coerce.date().optional(),
  /** Suffix for consumer group ids; lets tests run isolated stacks on one broker. */
  GROUP_SUFFIX: z.string().default(''),
  /** A new consumer group starts at this time instead of the topics' beginning (test stacks). */
  CONSUME_FROM: z.coerce.date().optional(),
  /** How long an Idempotency-Key answers retries with the stored response. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  /** How long a relay's claim on an aggregate's outbox lasts without renewal (a crashed relay's work is taken over after it). */
  OUTBOX_LEASE_MS: z.coerce.number().int().positive().default(15000),
  /** How far instances' clocks may disagree before two could hold one lease. */
  LEASE_SKEW_TOLERANCE_MS: z.coerce.number().int().nonnegative().default(5000),
  /** Shifts this instance's lease clock: fault tests only. */
  CLOCK_SKEW_MS: z.coerce.number().int().default(0),
  /** How long the audit trail keeps a record: at least two years (docs/architecture.md#audit-trail). */
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(MIN_AUDIT_RETENTION_DAYS)
    .default(MIN_AUDIT_RETENTION_DAYS + 1),
  ...registryConfigShape,
  ...sandboxConfigShape,
};

export type RuntimeConfig = BaseConfig & {
  MONGO_DB: string;
  CLOCK: 'system' | 'simulated';
  CLOCK_START?: Date;
  GROUP_SUFFIX: string;
  CONSUME_FROM?: Date;
  IDEMPOTENCY_TTL_HOURS?: number;
  OUTBOX_LEASE_MS?: number;
  LEASE_SKEW_TOLERANCE_MS?: number;
  CLOCK_SKEW_MS?: number;
  AUDIT_RETENTION_DAYS?: number;
  /** Topics and groups prefixed `<name>.`, the database suffixed (docs/adr/0033-console-training-mode.md). */
  CARDLINE_SANDBOX?: string;
} & RegistrySettings;

interface Startable {
  start(): Promise<void> | void;
  stop(): Promise<unknown>;
}

/** What the runtime adds to a service's own parts (see `ServiceRuntime.service`). */
export interface RunningService {
  readonly clock: Clock;
  readonly consumers: ConsumerGroup[];
  /** The listening port, once started (0 before). */
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The parts every service wires the same way: clock, Mongo, Kafka, registry
 * serde, publisher, aggregate stores with their outbox relays, consumer
 * groups, timers, the HTTP app and its lifecycle. A service's wiring module
 * then only names its own pieces. Started in dependency order, stopped in
 * reverse: stop taking requests, stop timers and consumers, drain relays.
 */
export class ServiceRuntime {
  readonly metrics: PlatformMetrics;
  readonly health = new HealthChecks();
  readonly clock: Clock;
  /** Wall time for leases, with the configured skew tolerance. */
  readonly leaseClock: LeaseClock;
  readonly publisher: EventPublisher;
  readonly app: Express;
  port = 0;
  private readonly kafka;
  private readonly serde: AvroSerde;
  /** The event catalog with the topics of this instance's sandbox, if any. */
  private readonly catalog: EventCatalog;
  private readonly finishApp: () => void;
  private readonly prepare: (() => Promise<void>)[] = [];
  private readonly relays: OutboxRelay[] = [];
  private readonly consumers: ConsumerGroup[] = [];
  private readonly timers: Startable[] = [];
  private http: Awaited<ReturnType<typeof listen>> | null = null;
  private audit: AuditTrail | null = null;
  private readonly watchdog: StoreWatchdog;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly config: RuntimeConfig,
    readonly logger: Logger,
    readonly db: mongo.Db,
    private readonly closeMongo: () => Promise<void>,
    realCatalog: EventCatalog,
    resetMongo: () => Promise<void>,
  ) {
    this.catalog = sandboxCatalog(realCatalog, config.CARDLINE_SANDBOX);
    this.watchdog = new StoreWatchdog({ ping: () => pingMongo(db), reset: resetMongo, logger });
    this.metrics = new PlatformMetrics(config.SERVICE_NAME);
    this.leaseClock = leaseClock({
      toleranceMs: config.LEASE_SKEW_TOLERANCE_MS,
      skewMs: config.CLOCK_SKEW_MS,
    });
    this.clock =
      config.CLOCK === 'simulated' ? new SimulatedClock(config.CLOCK_START ?? new Date()) : systemClock;
    this.health.add('mongo', () => pingMongo(db));
    this.kafka = createKafka({
      clientId: config.SERVICE_NAME,
      brokers: config.KAFKA_BROKERS,
      logger,
      // Unset: the environment's (a test process's admin principal).
      ...(config.KAFKA_SASL_USERNAME && {
        sasl: { username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD ?? '' },
      }),
    });
    this.serde = new AvroSerde(new HttpRegistryClient(registryOptions(config)));
    this.publisher = new EventPublisher(
      this.kafka,
      this.serde,
      this.catalog,
      this.metrics,
      producerTuningFromEnv(),
    );
    this.health.add('kafka', () => this.publisher.checkReachable());
    const { app, finish } = createHttpApp({ logger, metrics: this.metrics, health: this.health });
    this.app = app;
    this.finishApp = finish;
  }

  /**
   * A runtime and the service wired on it: if the wiring throws (a bad
   * setting, a schema the document cannot take), the runtime is stopped
   * before the error goes on, so no Mongo connection is left open to keep a
   * process or a test run alive.
   */
  static async compose<S>(
    config: RuntimeConfig,
    logger: Logger,
    catalog: EventCatalog,
    wire: (rt: ServiceRuntime) => S | Promise<S>,
  ): Promise<S> {
    const rt = await ServiceRuntime.create(config, logger, catalog);
    try {
      return await wire(rt);
    } catch (err) {
      await rt
        .stop()
        .catch((stopErr: unknown) =>
          logger.warn({ err: stopErr }, 'error while stopping after a failed wiring'),
        );
      throw err;
    }
  }

  static async create(config: RuntimeConfig, logger: Logger, catalog: EventCatalog): Promise<ServiceRuntime> {
    const m = await connectMongo(config.MONGO_URL, config.MONGO_DB);
    try {
      return new ServiceRuntime(config, logger, m.db, m.close, catalog, m.reset);
    } catch (err) {
      await m.close();
      throw err;
    }
  }

  /** Another database on the same server (e.g. a vault stand-in that keeps its own). */
  otherDb(name: string): mongo.Db {
    // A sandbox's every database carries its suffix, the vault's too (docs/adr/0033-console-training-mode.md).
    const problem = sandboxProblems({ CARDLINE_SANDBOX: this.config.CARDLINE_SANDBOX, MONGO_DB: name });
    if (problem.length > 0) throw new Error(problem.join('; ').replace(/^MONGO_DB/, 'database'));
    return this.db.client.db(name);
  }

  /** An aggregate collection with its version-guarded store and an outbox relay that starts with the service. */
  aggregate<S>(
    collectionName: string,
    indexes: mongo.IndexDescription[] = [],
  ): { store: AggregateStore<S>; collection: mongo.Collection<AggregateDoc<S>> } {
    const collection = this.db.collection<AggregateDoc<S>>(collectionName);
    const relay = new OutboxRelay({
      collection: collection as never,
      publisher: this.publisher,
      source: this.config.SERVICE_NAME,
      logger: this.logger,
      metrics: this.metrics,
      leaseMs: this.config.OUTBOX_LEASE_MS,
      leaseClock: this.leaseClock,
    });
    const store = new AggregateStore<S>(collection, this.config.SERVICE_NAME, () => relay.notify());
    this.relays.push(relay);
    this.prepare.push(() => store.ensureIndexes(indexes));
    return { store, collection };
  }

  /**
   * A consumer group (named `[<sandbox>.]<group><GROUP_SUFFIX>`, reading the sandbox's topics) that starts and stops
   * with the service. `M` maps event types to payloads: a service's handler
   * modules declare `HandlerMap<EventPayloads>` (@cardline/schemas).
   */
  consumer<M = UntypedEvents>(
    group: string,
    topics: string[],
    handlers: HandlerMap<M>,
    opts: { maxAttempts?: number } = {},
  ): ConsumerRunner<M> {
    const c = new ConsumerRunner<M>({
      kafka: this.kafka,
      group: `${sandboxPrefix(this.config.CARDLINE_SANDBOX)}${group}${this.config.GROUP_SUFFIX}`,
      topics: topics.map((t) => sandboxTopic(t, this.config.CARDLINE_SANDBOX)),
      handlers,
      serde: this.serde,
      catalog: this.catalog,
      publisher: this.publisher,
      logger: this.logger,
      metrics: this.metrics,
      startAt: this.config.CONSUME_FROM,
      maxAttempts: opts.maxAttempts,
    });
    this.consumers.push(c);
    return c;
  }

  /** What a LeasedTimer reports parked documents to. */
  get timerReporting(): TimerReporting {
    return { metrics: this.metrics, health: this.health, leaseClock: this.leaseClock };
  }

  /** A durable timer polled every pollMs once the service runs. */
  timer(timer: { start(pollMs: number): void; stop(): Promise<unknown> }, pollMs: number): void {
    this.timers.push({ start: () => timer.start(pollMs), stop: () => timer.stop() });
  }

  /**
   * The service's HTTP API from its route table: /openapi.json (public),
   * bearer authentication on /v1, role checks, validation and Idempotency-Key
   * per route.
   */
  serveApi(
    routes: AnyRouteDef[],
    info: { title: string; version: string; description: string },
    o: { auth: AuthOptions; toProblem: (err: unknown) => unknown },
  ): void {
    const audit = new AuditTrail(this.db.collection<AuditRecord>('audit_trail'), {
      service: this.config.SERVICE_NAME,
      logger: this.logger,
      retentionDays: this.config.AUDIT_RETENTION_DAYS,
    });
    this.audit = audit;
    this.prepare.push(() => audit.ensureIndexes());
    const all = [...routes, ...auditRoutes(audit, this.config.SERVICE_NAME)];
    const doc = openApiDocument(all, info);
    this.app.get('/openapi.json', (_req, res) => {
      res.json(doc);
    });
    this.app.use('/v1', authenticate(o.auth));
    this.app.use(
      mountRoutes(all, {
        audit,
        idempotency: idempotency(this.db.collection<IdempotencyRecord>('idempotency_keys'), {
          ttlMs: (this.config.IDEMPOTENCY_TTL_HOURS ?? 24) * 3_600_000,
        }),
        toProblem: o.toProblem,
      }),
    );
  }

  /** Work before anything starts (indexes of read models). */
  beforeStart(step: () => Promise<void>): void {
    this.prepare.push(step);
  }

  consumerGroups(): ConsumerGroup[] {
    return [...this.consumers];
  }

  /**
   * The object a composition root returns: the parts it names (config,
   * services, views, timers) plus the runtime's clock, consumer groups,
   * port (live, so read it after start), start and stop.
   */
  service<P extends object>(parts: P): P & RunningService {
    const port = () => this.port;
    const consumers = () => this.consumerGroups();
    return {
      ...parts,
      clock: this.clock,
      get consumers() {
        return consumers();
      },
      get port() {
        return port();
      },
      start: () => this.start(),
      stop: () => this.stop(),
    };
  }

  /**
   * Starts every part in order. If one fails, what already started is
   * stopped before the error is rethrown, so a failed start leaves no
   * connection, consumer or timer behind.
   */
  async start(): Promise<void> {
    try {
      this.finishApp();
      for (const step of this.prepare) await step();
      await retryKafkaStartup(() => this.publisher.connect(), {
        logger: this.logger,
        what: `${this.config.SERVICE_NAME}: connect producer`,
      });
      for (const r of this.relays) r.start();
      // Every consumer finishes starting (or failing) before a failure stops them all.
      const started = await Promise.allSettled(this.consumers.map((c) => c.start()));
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      for (const t of this.timers) await t.start();
      this.audit?.start();
      this.watchdog.start();
      this.http = await listen(this.app, this.config.PORT);
      this.port = this.http.port;
    } catch (err) {
      await this.stop().catch((stopErr: unknown) =>
        this.logger.warn({ err: stopErr }, 'error while stopping after a failed start'),
      );
      throw err;
    }
    this.logger.info({ port: this.port, clock: this.config.CLOCK }, `${this.config.SERVICE_NAME} ready`);
  }

  /** Idempotent: a second call (a test's teardown after a failed start) waits for the first. */
  stop(): Promise<void> {
    this.stopping ??= this.stopParts();
    return this.stopping;
  }

  private async stopParts(): Promise<void> {
    await this.http?.close();
    // What the last requests left in the buffer is written before Mongo closes.
    await this.audit?.stop().catch((err: unknown) => this.logger.warn({ err }, 'audit flush on stop failed'));
    for (const t of this.timers) await t.stop();
    // Every consumer is asked to stop even if another one fails to.
    const consumers = await Promise.allSettled(this.consumers.map((c) => c.stop()));
    for (const r of this.relays) await r.stop();
    await this.publisher.disconnect();
    await this.watchdog.stop();
    await this.closeMongo();
    const failed = consumers.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
