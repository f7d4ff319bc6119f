import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  AggregateStore,
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HealthChecks,
  HttpRegistryClient,
  OutboxRelay,
  PlatformMetrics,
  SimulatedClock,
  connectMongo,
  createHttpApp,
  listen,
  createKafka,
  createLogger,
  idempotency,
  loadConfig,
  pingMongo,
  systemClock,
  type AggregateDoc,
  type Clock,
  type IdempotencyRecord,
  type Logger,
} from '@cardline/platform';
import { AccountService } from './application/account-service';
import { EndOfDayScheduler } from './application/end-of-day';
import type { AccountState } from './domain/account';
import { DEFAULT_POLICIES } from './domain/policy';
import { ledgerRoutes } from './adapters/http/routes';
import { ledgerOpenApi } from './adapters/http/openapi';
import {
  adjustmentHandlers,
  cardStatusHandlers,
  disputeHoldHandlers,
  readModelHandlers,
} from './adapters/kafka/handlers';
import { CardStatusReadModel } from './adapters/mongo/card-status';
import { LedgerReadModels } from './adapters/mongo/read-models';

export const ledgerConfigShape = {
  SERVICE_NAME: z.string().default('ledger'),
  MONGO_DB: z.string().default('ledger'),
  CLOCK: z.enum(['system', 'simulated']).default('system'),
  CLOCK_START: z.coerce.date().optional(),
  EOD_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** Suffix for consumer group ids; lets tests run isolated stacks on one broker. */
  GROUP_SUFFIX: z.string().default(''),
  /** A new consumer group starts at this time instead of the topics' beginning (test stacks). */
  CONSUME_FROM: z.coerce.date().optional(),
};

export type LedgerConfig = ReturnType<typeof loadLedgerConfig>;
export const loadLedgerConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ledgerConfigShape, env);

export interface Ledger {
  config: LedgerConfig;
  logger: Logger;
  clock: Clock;
  accounts: AccountService;
  readModels: LedgerReadModels;
  scheduler: EndOfDayScheduler;
  relay: OutboxRelay;
  /** Listening port (after start). */
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const catalog = { get: (type: string) => eventTypes.get(type) };

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createLedger(
  config: LedgerConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Ledger> {
  const metrics = new PlatformMetrics(config.SERVICE_NAME);
  const health = new HealthChecks();
  const clock: Clock =
    config.CLOCK === 'simulated' ? new SimulatedClock(config.CLOCK_START ?? new Date()) : systemClock;

  const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  health.add('mongo', () => pingMongo(mongo.db));
  const kafka = createKafka({ clientId: config.SERVICE_NAME, brokers: config.KAFKA_BROKERS, logger });
  const serde = new AvroSerde(new HttpRegistryClient(config.SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog, metrics);

  const accountsCollection = mongo.db.collection<AggregateDoc<AccountState>>('accounts');
  let relay: OutboxRelay | null = null;
  const store = new AggregateStore<AccountState>(accountsCollection, config.SERVICE_NAME, () =>
    relay?.notify(),
  );
  relay = new OutboxRelay({
    collection: accountsCollection as never,
    publisher,
    source: config.SERVICE_NAME,
    logger,
    metrics,
  });
  const readModels = new LedgerReadModels(mongo.db);
  const cardStatus = new CardStatusReadModel(mongo.db.collection('card_status'));
  const accounts = new AccountService(
    store,
    (m) => DEFAULT_POLICIES[m],
    clock,
    (id) => cardStatus.get(id),
  );
  const scheduler = new EndOfDayScheduler(accountsCollection, accounts, clock, logger);

  const consumers = [
    new ConsumerRunner({
      kafka,
      group: `ledger.read-models${config.GROUP_SUFFIX}`,
      topics: ['ledger.transaction', 'ledger.statement'],
      handlers: readModelHandlers(readModels),
      serde,
      catalog,
      publisher,
      logger,
      metrics,
      startAt: config.CONSUME_FROM,
    }),
    new ConsumerRunner({
      kafka,
      group: `ledger.cards${config.GROUP_SUFFIX}`,
      topics: ['cards.card'],
      handlers: cardStatusHandlers(cardStatus),
      serde,
      catalog,
      publisher,
      logger,
      metrics,
      startAt: config.CONSUME_FROM,
    }),
    new ConsumerRunner({
      kafka,
      group: `ledger.disputes${config.GROUP_SUFFIX}`,
      topics: ['disputes.dispute'],
      handlers: disputeHoldHandlers(accounts),
      serde,
      catalog,
      publisher,
      logger,
      metrics,
      startAt: config.CONSUME_FROM,
    }),
    new ConsumerRunner({
      kafka,
      group: `ledger.adjustments${config.GROUP_SUFFIX}`,
      topics: ['ledger.adjustment'],
      handlers: adjustmentHandlers(accounts),
      serde,
      catalog,
      publisher,
      logger,
      metrics,
      startAt: config.CONSUME_FROM,
    }),
  ];

  const { app, finish } = createHttpApp({ logger, metrics, health });
  const openapi = ledgerOpenApi();
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/v1/accounts/:accountId/transactions', (req, res, next) =>
    req.method === 'POST'
      ? idempotency(mongo.db.collection<IdempotencyRecord>('idempotency_keys'))(req, res, next)
      : next(),
  );
  app.use(ledgerRoutes({ accounts, readModels, cardStatus, scheduler, clock }));
  finish();

  let http: Awaited<ReturnType<typeof listen>> | null = null;
  const ledger: Ledger = {
    config,
    logger,
    clock,
    accounts,
    readModels,
    scheduler,
    relay,
    port: 0,
    async start() {
      await store.ensureIndexes([
        { key: { nextEodAt: 1 }, name: 'next_eod' },
        { key: { customerId: 1 }, name: 'by_customer' },
      ]);
      await readModels.ensureIndexes();
      await cardStatus.ensureIndexes();
      await publisher.connect();
      health.add('kafka-producer', () => undefined);
      relay?.start();
      await Promise.all(consumers.map((c) => c.start()));
      scheduler.start(config.EOD_POLL_MS);
      http = await listen(app, config.PORT);
      ledger.port = http.port;
      logger.info({ port: ledger.port, clock: config.CLOCK }, 'ledger ready');
    },
    async stop() {
      await http?.close();
      await scheduler.stop();
      await Promise.all(consumers.map((c) => c.stop()));
      await relay?.stop();
      await publisher.disconnect();
      await mongo.close();
    },
  };
  return ledger;
}
