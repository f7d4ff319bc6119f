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
  authConfigShape,
  authenticate,
  connectMongo,
  createHttpApp,
  listen,
  createKafka,
  createLogger,
  idempotency,
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
import { CardService } from './application/card-service';
import type { CardState } from './domain/card';
import { LocalCardVault, type VaultEntry } from './adapters/vault/local-vault';
import { SimulatedCarrier, type Shipment } from './adapters/carrier/simulated-carrier';
import { CardTransactionsReadModel, type CardTransactionDoc } from './adapters/mongo/card-transactions';
import { issuanceHandlers, policyHandlers, transactionHandlers } from './adapters/kafka/handlers';
import { cardRoutes, toProblem } from './adapters/http/routes';

export const cardsConfigShape = {
  ...authConfigShape,
  SERVICE_NAME: z.string().default('cards'),
  MONGO_DB: z.string().default('cards'),
  /** The stand-in card vault's database (its own, as the issuer's vault would be). */
  VAULT_DB: z.string().optional(),
  VAULT_SECRET: z.string().min(16).default('cardline-local-vault-key-not-for-production'),
  CLOCK: z.enum(['system', 'simulated']).default('system'),
  CLOCK_START: z.coerce.date().optional(),
  CARRIER_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** Suffix for consumer group ids; lets tests run isolated stacks on one broker. */
  GROUP_SUFFIX: z.string().default(''),
  /** A new consumer group starts at this time instead of the topics' beginning (test stacks). */
  CONSUME_FROM: z.coerce.date().optional(),
};

export type CardsConfig = ReturnType<typeof loadCardsConfig>;
export const loadCardsConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(cardsConfigShape, env);

export interface Cards {
  config: CardsConfig;
  logger: Logger;
  clock: Clock;
  cards: CardService;
  carrier: SimulatedCarrier;
  vault: LocalCardVault;
  transactions: CardTransactionsReadModel;
  consumers: ConsumerRunner[];
  relay: OutboxRelay;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const catalog = { get: (type: string) => eventTypes.get(type) };

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createCards(
  config: CardsConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Cards> {
  const metrics = new PlatformMetrics(config.SERVICE_NAME);
  const health = new HealthChecks();
  const clock: Clock =
    config.CLOCK === 'simulated' ? new SimulatedClock(config.CLOCK_START ?? new Date()) : systemClock;

  const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  health.add('mongo', () => pingMongo(mongo.db));
  const vaultDb = mongo.client.db(config.VAULT_DB ?? `${config.MONGO_DB}_vault`);
  const kafka = createKafka({ clientId: config.SERVICE_NAME, brokers: config.KAFKA_BROKERS, logger });
  const serde = new AvroSerde(new HttpRegistryClient(config.SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog, metrics);

  const cardsCollection = mongo.db.collection<AggregateDoc<CardState>>('cards');
  let relay: OutboxRelay | null = null;
  const store = new AggregateStore<CardState>(cardsCollection, config.SERVICE_NAME, () => relay?.notify());
  relay = new OutboxRelay({
    collection: cardsCollection as never,
    publisher,
    source: config.SERVICE_NAME,
    logger,
    metrics,
  });
  const transactions = new CardTransactionsReadModel(
    mongo.db.collection<CardTransactionDoc>('card_transactions'),
  );
  const vault = new LocalCardVault(vaultDb.collection<VaultEntry>('vault_entries'), config.VAULT_SECRET);
  const cards = new CardService(store, vault, transactions, clock);
  const carrier = new SimulatedCarrier(
    mongo.db.collection<Shipment>('carrier_shipments'),
    clock,
    async (m) => {
      await cards.recordMilestone(m.cardId, m, { correlationId: m.correlationId, causationId: null });
    },
    logger,
  );

  const consumer = (group: string, topics: string[], handlers: Record<string, EventHandler>) =>
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
    });
  const consumers = [
    consumer('cards.issuance', ['ledger.account'], issuanceHandlers(cards)),
    consumer('cards.card-transactions', ['ledger.transaction'], transactionHandlers(transactions)),
    consumer('cards.policies', ['cards.card'], policyHandlers(cards, carrier)),
  ];

  const routes = cardRoutes({ cards, transactions, clock, drainCarrier: () => carrier.drain() });
  const openapi = openApiDocument(routes, {
    title: 'Cardline cards',
    version: '0.1.0',
    description:
      'Card lifecycle: issue, activate, freeze/unfreeze, lost/stolen/damaged, replacement and delivery, fraud trace.',
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
  const service: Cards = {
    config,
    logger,
    clock,
    cards,
    carrier,
    vault,
    transactions,
    consumers,
    relay,
    port: 0,
    async start() {
      await store.ensureIndexes([
        { key: { accountId: 1 }, name: 'by_account' },
        { key: { customerId: 1 }, name: 'by_customer' },
      ]);
      await transactions.ensureIndexes();
      await carrier.ensureIndexes();
      await publisher.connect();
      health.add('kafka-producer', () => undefined);
      relay?.start();
      await Promise.all(consumers.map((c) => c.start()));
      carrier.start(config.CARRIER_POLL_MS);
      http = await listen(app, config.PORT);
      service.port = http.port;
      logger.info({ port: service.port, clock: config.CLOCK }, 'cards ready');
    },
    async stop() {
      await http?.close();
      await carrier.stop();
      await Promise.all(consumers.map((c) => c.stop()));
      await relay?.stop();
      await publisher.disconnect();
      await mongo.close();
    },
  };
  return service;
}
