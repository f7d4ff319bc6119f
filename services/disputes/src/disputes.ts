import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  AggregateStore,
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HealthChecks,
  HttpRegistryClient,
  LeasedTimer,
  OutboxRelay,
  PlatformMetrics,
  SimulatedClock,
  authConfigShape,
  authenticate,
  connectMongo,
  createHttpApp,
  createKafka,
  createLogger,
  idempotency,
  listen,
  loadConfig,
  mountRoutes,
  openApiDocument,
  pingMongo,
  systemClock,
  type AggregateDoc,
  type Clock,
  type EventHandler,
  type IdempotencyRecord,
  type Logger,
} from '@cardline/platform';
import { DisputeService } from './application/dispute-service';
import type { DisputeState } from './domain/dispute';
import { DEFAULT_POLICIES } from './domain/policy';
import { LedgerView } from './adapters/mongo/ledger-view';
import { fraudReportHandlers, viewHandlers } from './adapters/kafka/handlers';
import { disputeRoutes, toProblem } from './adapters/http/routes';

export const disputesConfigShape = {
  ...authConfigShape,
  SERVICE_NAME: z.string().default('disputes'),
  MONGO_DB: z.string().default('disputes'),
  CLOCK: z.enum(['system', 'simulated']).default('system'),
  CLOCK_START: z.coerce.date().optional(),
  CLOCK_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** Suffix for consumer group ids; lets tests run isolated stacks on one broker. */
  GROUP_SUFFIX: z.string().default(''),
  /** A new consumer group starts at this time instead of the topics' beginning (test stacks). */
  CONSUME_FROM: z.coerce.date().optional(),
};

export type DisputesConfig = ReturnType<typeof loadDisputesConfig>;
export const loadDisputesConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(disputesConfigShape, env);

export interface Disputes {
  config: DisputesConfig;
  clock: Clock;
  disputes: DisputeService;
  clocks: LeasedTimer<AggregateDoc<DisputeState>>;
  consumers: ConsumerRunner[];
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const catalog = { get: (type: string) => eventTypes.get(type) };

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createDisputes(
  config: DisputesConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Disputes> {
  const metrics = new PlatformMetrics(config.SERVICE_NAME);
  const health = new HealthChecks();
  const clock: Clock =
    config.CLOCK === 'simulated' ? new SimulatedClock(config.CLOCK_START ?? new Date()) : systemClock;

  const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  health.add('mongo', () => pingMongo(mongo.db));
  const kafka = createKafka({ clientId: config.SERVICE_NAME, brokers: config.KAFKA_BROKERS, logger });
  const serde = new AvroSerde(new HttpRegistryClient(config.SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog, metrics);

  const collection = mongo.db.collection<AggregateDoc<DisputeState>>('disputes');
  let relay: OutboxRelay | null = null;
  const store = new AggregateStore<DisputeState>(collection, config.SERVICE_NAME, () => relay?.notify());
  relay = new OutboxRelay({
    collection: collection as never,
    publisher,
    source: config.SERVICE_NAME,
    logger,
    metrics,
  });
  const view = new LedgerView(mongo.db);
  const disputes = new DisputeService(store, view, (m) => DEFAULT_POLICIES[m], clock);
  const clocks = new LeasedTimer({
    name: 'dispute-clocks',
    collection,
    dueField: 'nextDueAt',
    clock,
    logger,
    work: async (doc, now) => {
      await disputes.tick(doc._id, now);
    },
  });

  const consumer = (
    group: string,
    topics: string[],
    handlers: Record<string, EventHandler>,
    maxAttempts?: number,
  ) =>
    new ConsumerRunner({
      kafka,
      group: `${group}${config.GROUP_SUFFIX}`,
      topics,
      handlers,
      serde,
      catalog,
      publisher,
      logger,
      metrics,
      startAt: config.CONSUME_FROM,
      maxAttempts,
    });
  const consumers = [
    consumer(
      'disputes.ledger-view',
      ['ledger.account', 'ledger.transaction', 'ledger.statement', 'cards.card'],
      viewHandlers(view),
    ),
    // A report may arrive before the view has its transactions: retry for about a minute, then dead-letter.
    consumer('disputes.fraud-reports', ['cards.card'], fraudReportHandlers(disputes), 12),
  ];

  const routes = disputeRoutes({ disputes, clock, drainClocks: () => clocks.drain() });
  const openapi = openApiDocument(routes, {
    title: 'Cardline disputes',
    version: '0.1.0',
    description:
      'Fee, billing-error and fraud disputes: regulatory clocks, provisional credit, goodwill, chargebacks.',
  });
  const { app, finish } = createHttpApp({ logger, metrics, health });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/v1', authenticate(config));
  app.use(
    mountRoutes(routes, {
      idempotency: idempotency(mongo.db.collection<IdempotencyRecord>('idempotency_keys')),
      toProblem,
    }),
  );
  finish();

  let http: Awaited<ReturnType<typeof listen>> | null = null;
  const service: Disputes = {
    config,
    clock,
    disputes,
    clocks,
    consumers,
    port: 0,
    async start() {
      await store.ensureIndexes([
        { key: { accountId: 1 }, name: 'by_account' },
        { key: { caseId: 1 }, name: 'by_case' },
        { key: { nextDueAt: 1 }, name: 'next_due' },
      ]);
      await view.ensureIndexes();
      await publisher.connect();
      health.add('kafka-producer', () => undefined);
      relay?.start();
      await Promise.all(consumers.map((c) => c.start()));
      clocks.start(config.CLOCK_POLL_MS);
      http = await listen(app, config.PORT);
      service.port = http.port;
      logger.info({ port: service.port, clock: config.CLOCK }, 'disputes ready');
    },
    async stop() {
      await http?.close();
      await clocks.stop();
      await Promise.all(consumers.map((c) => c.stop()));
      await relay?.stop();
      await publisher.disconnect();
      await mongo.close();
    },
  };
  return service;
}
