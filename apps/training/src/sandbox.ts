import type { Router } from 'express';
import type { mongo } from 'mongoose';
import { createKafka, createLogger, SimulatedClock, type Clock, type Logger } from '@cardline/platform';
import { services } from '@cardline/schemas';
import { createLedger, loadLedgerConfig } from '@cardline/ledger/dist/ledger';
import { createCards, loadCardsConfig } from '@cardline/cards/dist/cards';
import { createDisputes, loadDisputesConfig } from '@cardline/disputes/dist/disputes';
import { createTicketing, loadTicketingConfig } from '@cardline/ticketing/dist/ticketing';
import { createCollections, loadCollectionsConfig } from '@cardline/collections/dist/collections';
import { createSales, loadSalesConfig } from '@cardline/sales/dist/sales';
import { createGateway, loadGatewayConfig, type Gateway } from '@cardline/gateway/dist/gateway';
import { sandboxAuth, type SandboxAuth } from './auth';
import { createSandboxTopics } from './topics';
import { SANDBOX, sandboxDb } from './names';

export { SANDBOX, sandboxDb } from './names';

/** A service of the sandbox as the runner needs it: its clock and its database (for the audit trail). */
export interface SandboxService {
  name: string;
  /** Whether its clock is the sandbox's simulated one (sales keeps the system clock: see startSandbox). */
  simulated: boolean;
  url: string;
  clock: Clock;
  db: string;
  stop(): Promise<void>;
}

export interface Sandbox {
  auth: SandboxAuth;
  services: SandboxService[];
  gateway: Gateway;
  /** Sets every service's simulated clock (never backwards). */
  setClock(to: Date): void;
  now(): Date;
  stop(): Promise<void>;
}

/** The servers' addresses and the Kafka principal, from the environment `npm start` or the tests give. */
export interface ServerEnv {
  KAFKA_BROKERS: string;
  MONGO_URL: string;
  SCHEMA_REGISTRY_URL: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

type Running = { port: number; clock: Clock; stop(): Promise<void>; start(): Promise<void> };

const factories: Record<string, (env: NodeJS.ProcessEnv, logger: Logger) => Promise<Running>> = {
  ledger: (env, l) => createLedger(loadLedgerConfig(env), l),
  cards: (env, l) => createCards(loadCardsConfig(env), l),
  disputes: (env, l) => createDisputes(loadDisputesConfig(env), l),
  ticketing: (env, l) => createTicketing(loadTicketingConfig(env), l),
  collections: (env, l) => createCollections(loadCollectionsConfig(env), l),
  sales: (env, l) => createSales(loadSalesConfig(env), l),
};

/**
 * The six services in this process on the shared servers, each with
 * CARDLINE_SANDBOX=training (prefixed topics and groups), its own database,
 * a simulated clock and the sandbox's token settings; and a gateway in front
 * of them that serves the console, signs trainees in with the sandbox key and
 * carries `own` routes (the runner's). Starting drops the previous run's
 * databases (a fresh sandbox each start; the run records live elsewhere).
 */
export async function startSandbox(
  servers: ServerEnv,
  o: {
    port: number;
    clockStart: Date;
    logLevel?: string;
    own?: Router[];
    mongo: mongo.MongoClient;
    auth?: SandboxAuth;
    instance?: string;
  },
): Promise<Sandbox> {
  const auth = o.auth ?? sandboxAuth();
  const level = o.logLevel ?? 'warn';
  const kafka = createKafka({
    clientId: 'training-setup',
    brokers: servers.KAFKA_BROKERS.split(','),
    logger: createLogger('training', level),
    sasl: servers.KAFKA_SASL_USERNAME
      ? { username: servers.KAFKA_SASL_USERNAME, password: servers.KAFKA_SASL_PASSWORD ?? '' }
      : null,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createSandboxTopics(admin, SANDBOX);
  } finally {
    await admin.disconnect();
  }
  const vaultDb = sandboxDb('cards_vault', o.instance);
  for (const s of services) await o.mongo.db(sandboxDb(s.name, o.instance)).dropDatabase();
  await o.mongo.db(vaultDb).dropDatabase();

  const started: SandboxService[] = [];
  try {
    for (const s of services) {
      const make = factories[s.name];
      if (!make) throw new Error(`the sandbox has no factory for ${s.name}`);
      const env: NodeJS.ProcessEnv = {
        ...servers,
        ...s.startEnv,
        ...auth,
        SERVICE_NAME: s.name,
        PORT: '0',
        CARDLINE_SANDBOX: SANDBOX,
        MONGO_DB: sandboxDb(s.name, o.instance),
        VAULT_DB: vaultDb,
        ...(o.instance && { GROUP_SUFFIX: `.${o.instance}` }),
        // Sales on the system clock: the console stamps the customer's yes with the browser's time, which
        // sales refuses in its future (as in apps/console/test/console.browser.test.ts).
        CLOCK: s.name === 'sales' ? 'system' : 'simulated',
        CLOCK_START: o.clockStart.toISOString(),
        LOG_LEVEL: level,
      };
      const svc = await make(env, createLogger(`${s.name}-${SANDBOX}`, level));
      await svc.start();
      started.push({
        name: s.name,
        simulated: s.name !== 'sales',
        url: `http://127.0.0.1:${svc.port}`,
        clock: svc.clock,
        db: sandboxDb(s.name, o.instance),
        stop: () => svc.stop(),
      });
    }
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
  const gatewayConfig = loadGatewayConfig({
    ...auth,
    PORT: String(o.port),
    LOG_LEVEL: level,
    // One trainee's console polls: no limit to meet.
    RATE_LIMIT_PER_MINUTE: '100000',
    ...Object.fromEntries(
      services.map((s) => [s.gateway.urlEnv, started.find((x) => x.name === s.name)?.url ?? '']),
    ),
  });
  const gateway = createGateway(gatewayConfig, createLogger(`gateway-${SANDBOX}`, level), o.own ?? []);
  await gateway.start();
  const clocks = started.map((s) => s.clock);
  return {
    auth,
    services: started,
    gateway,
    setClock(to) {
      for (const c of clocks) if (c instanceof SimulatedClock && c.now() < to) c.set(to);
    },
    now: () => new Date(Math.max(...clocks.map((c) => c.now().getTime()))),
    async stop() {
      await gateway.stop();
      for (const s of [...started].reverse()) await s.stop();
    },
  };
}
