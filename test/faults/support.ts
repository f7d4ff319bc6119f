import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  AvroSerde,
  EventPublisher,
  connectMongo,
  HttpRegistryClient,
  createKafka,
  createLogger,
  mintToken,
  newEventId,
  type Role,
} from '@cardline/platform';
import { eventTypes } from '@cardline/schemas';
import type { mongo } from 'mongoose';
import { spawnService, type ServiceProcess } from '../../scripts/lib/processes';
import { loadLedgerConfig } from '../../services/ledger/src/ledger';
import { eventually, serverEnv, unique } from '../support/env';
import { stopAfterFile } from '../support/teardown';

// What the fault tests share: ledger processes built as production runs them
// (dist/main.js, SIGKILL-able), a raw look into their store, adjustment
// requests put on the ledger's command channel, and the local servers'
// processes to pause or restart. Counts are by event id or request id.

export const logger = createLogger('fault-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** One ledger deployment under test: its database and consumer-group suffix, shared by every instance. */
export interface LedgerDeployment {
  db: string;
  suffix: string;
  env: Record<string, string>;
}

export function ledgerDeployment(over: Record<string, string> = {}): LedgerDeployment {
  const env = serverEnv();
  const db = unique('ledger_fault').replace(/-/g, '_');
  const suffix = `.${unique('f')}`;
  return {
    db,
    suffix,
    env: {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      MONGO_URL: env.MONGO_URL,
      SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
      MONGO_DB: db,
      GROUP_SUFFIX: suffix,
      CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
      CLOCK: 'system',
      EOD_POLL_MS: '3600000',
      LOG_LEVEL: 'warn',
      ...over,
    },
  };
}

/** Starts one more instance of the deployment; stopped after the file whatever happens. */
export async function startLedger(d: LedgerDeployment): Promise<ServiceProcess> {
  const p = await spawnService('ledger', d.env);
  return stopAfterFile(p, `ledger pid ${p.pid}`);
}

/** kill -9: no shutdown hook runs, in-flight batches and relay rounds die where they are. */
export async function kill9(p: ServiceProcess): Promise<void> {
  process.kill(p.pid, 'SIGKILL');
  await eventually(async () => {
    if (alive(p.pid)) throw new Error(`pid ${p.pid} still alive`);
  });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const tokens = new Map<Role, Promise<string>>();
function tokenSync(role: Role): Promise<string> {
  let t = tokens.get(role);
  if (!t) {
    t = mintToken(loadLedgerConfig({ ...serverEnv() }), { subject: `${role}-fault`, roles: [role] });
    tokens.set(role, t);
  }
  return t;
}

export async function as(role: Role): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenSync(role)}`, 'content-type': 'application/json' };
}

export async function openAccounts(url: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${url}/v1/accounts`, {
      method: 'POST',
      headers: await as('admin'),
      body: JSON.stringify({
        customerId: unique('cus'),
        productCode: 'CLASSIC',
        market: 'US',
        currency: 'USD',
        creditLimit: 10_000_000,
        aprBps: 2499,
        billingCycleDay: 5,
        timeZone: 'America/New_York',
      }),
    });
    if (r.status !== 201) throw new Error(`open account: ${r.status} ${await r.text()}`);
    ids.push(((await r.json()) as { accountId: string }).accountId);
  }
  return ids;
}

/** A raw driver on the deployment's database, to count effects where they are stored. */
export async function storeOf(d: LedgerDeployment): Promise<mongo.Db> {
  const m = await connectMongo(serverEnv().MONGO_URL, d.db);
  stopAfterFile({ stop: () => m.close() }, 'raw mongo client');
  return m.db;
}

/** Sum of the accounts' balances, minor units. */
export async function balances(db: mongo.Db, accountIds: string[]): Promise<Map<string, number>> {
  const docs = await db
    .collection<{ _id: string; state: { balance: number } }>('accounts')
    .find({ _id: { $in: accountIds } })
    .toArray();
  return new Map(docs.map((d) => [d._id, d.state.balance]));
}

/** Puts adjustment requests on the ledger's command channel, as disputes would. */
export async function adjustmentPublisher() {
  const kafka = createKafka({
    clientId: unique('fault-requests'),
    brokers: serverEnv().KAFKA_BROKERS.split(','),
    logger,
  });
  const publisher = new EventPublisher(
    kafka,
    new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL)),
    eventTypes,
  );
  stopAfterFile({ stop: () => publisher.disconnect() }, 'request publisher');
  await publisher.connect();
  return async (requests: { accountId: string; requestId: string; amount: number }[]) => {
    await publisher.publish(
      requests.map((r) => ({
        id: newEventId(),
        type: 'ledger.adjustment.requested.v1',
        source: 'disputes',
        subject: r.accountId,
        time: new Date(),
        correlationId: r.requestId,
        causationId: null,
        aggregateVersion: 1,
        payload: {
          requestId: r.requestId,
          accountId: r.accountId,
          direction: 'CREDIT',
          kind: 'GOODWILL',
          amount: r.amount,
          currency: 'USD',
          reason: 'fault test',
          relatedTransactionId: null,
          requestedBy: 'disputes',
          requestedAt: Date.now(),
        },
      })),
    );
  };
}

const root = path.resolve(__dirname, '..', '..');

/** The pid of a local server process started by infra/local/servers.sh. */
export function localServerPid(name: 'kafka' | 'mongo' | 'registry' | 'zipkin'): number {
  const run = execFileSync(
    'bash',
    ['-c', `source "${path.join(root, 'infra', 'local', 'env.sh')}"; echo "$CARDLINE_RUN"`],
    {
      encoding: 'utf8',
    },
  ).trim();
  return Number(fs.readFileSync(path.join(run, 'pids', `${name}.pid`), 'utf8').trim());
}

/** Milliseconds since `t0`, rounded, for the measurements each test prints. */
export const since = (t0: number) => Math.round(Date.now() - t0);

/** One line per test in the run's output: what the fault did and what it cost. */
export function report(name: string, figures: Record<string, number | string>): void {
  // eslint-disable-next-line no-console
  console.log(
    `[fault] ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}
