import { execFileSync, spawn } from 'node:child_process';
import { loadGatewayConfig } from '../services/gateway/src/gateway';
import { http, openBody } from '../services/ledger/test/support';
import { mintToken, type Role } from '@cardline/platform';
import { freePort, waitReady, type ServiceProcess } from '../scripts/lib/processes';
import { buildImageTrees, type ImageTree, type ImageTrees, type ServiceName } from './support/image-stages';
import { eventually, kafkaPrincipalOf, serverEnv, unique } from './support/env';
import { stopAfterFile } from './support/teardown';

// Images that start: each service image's runtime stage is replayed without
// Docker (test/support/image-stages.ts: the production install into a clean
// folder, the Dockerfile's own copy steps), and every service is started
// from its tree, as its CMD runs it, against the real servers until
// /health/ready; the image's HEALTHCHECK command then passes. The images
// only look schemas up (SCHEMA_REGISTRY_MODE=lookup): the jest global setup
// registered them, as the release script does. Runs on this machine's Node,
// not the image's.

let trees: ImageTrees;
const procs: Partial<Record<ServiceName, ServiceProcess>> = {};

/** The image's CMD in its WORKDIR with its ENV, on a free port (PORT is 8080 in the image). */
async function startFromImage(image: ImageTree, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const [command, ...args] = image.cmd;
  if (command !== 'node') throw new Error(`${image.service}: CMD runs ${command}, not node`);
  const child = spawn(process.execPath, args, {
    cwd: image.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...image.env,
      LOG_LEVEL: 'warn',
      // Each image as its own Kafka principal, under its ACLs (the gateway uses no Kafka).
      ...(image.service === 'gateway' ? {} : kafkaPrincipalOf(image.service)),
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const proc = stopAfterFile(
    {
      name: image.service,
      url: `http://127.0.0.1:${port}`,
      pid: child.pid as number,
      output: () => log,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(killer);
      },
    },
    `${image.service} (image tree)`,
  );
  procs[image.service] = proc;
  await waitReady(`${proc.url}/health/ready`, 90000, child, () => log).catch((err: Error) => {
    throw new Error(`${image.service} from its image tree: ${err.message}`);
  });
  return proc;
}

beforeAll(() => {
  const t = buildImageTrees();
  trees = stopAfterFile({ ...t, stop: () => t.remove() }, 'image trees');
}, 300_000);

afterAll(async () => {
  await Promise.all(Object.values(procs).map((p) => p.stop()));
});

const servers = () => {
  const env = serverEnv();
  return {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    MONGO_URL: env.MONGO_URL,
    SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
    GROUP_SUFFIX: `.${unique('images')}`,
    // Fresh groups skip the shared topics' history (other runs' events).
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
  };
};
const db = (s: string) => unique(`${s}_images`).replace(/-/g, '_');

it('ledger, cards, disputes, ticketing, collections and sales start from their image trees and are ready, Kafka and Mongo checked', async () => {
  const common = servers();
  const cardsDb = db('cards');
  await Promise.all([
    startFromImage(trees.images.ledger, { ...common, MONGO_DB: db('ledger'), EOD_POLL_MS: '3600000' }),
    startFromImage(trees.images.cards, {
      ...common,
      MONGO_DB: cardsDb,
      VAULT_DB: `${cardsDb}_vault`,
      CARRIER_POLL_MS: '3600000',
    }),
    startFromImage(trees.images.disputes, { ...common, MONGO_DB: db('disputes'), CLOCK_POLL_MS: '3600000' }),
    startFromImage(trees.images.ticketing, {
      ...common,
      MONGO_DB: db('ticketing'),
      CLOCK_POLL_MS: '3600000',
    }),
    startFromImage(trees.images.collections, {
      ...common,
      MONGO_DB: db('collections'),
      PROMISE_POLL_MS: '3600000',
    }),
    startFromImage(trees.images.sales, { ...common, MONGO_DB: db('sales'), CLOCK_POLL_MS: '3600000' }),
  ]);
  for (const name of ['ledger', 'cards', 'disputes', 'ticketing', 'collections', 'sales'] as const) {
    const ready = await http('GET', `${procs[name]?.url}/health/ready`);
    expect({ name, status: ready.status, checks: ready.json.checks }).toMatchObject({
      name,
      status: 200,
      checks: { mongo: { ok: true }, kafka: { ok: true } },
    });
  }
}, 240_000);

it('the gateway starts from its image tree in front of them', async () => {
  const up = (s: ServiceName) => procs[s]?.url ?? `missing ${s}`;
  const gateway = await startFromImage(trees.images.gateway, {
    LEDGER_URL: up('ledger'),
    CARDS_URL: up('cards'),
    DISPUTES_URL: up('disputes'),
    TICKETING_URL: up('ticketing'),
    COLLECTIONS_URL: up('collections'),
    SALES_URL: up('sales'),
  });
  expect((await http('GET', `${gateway.url}/health/ready`)).status).toBe(200);
  // The console from the image's own build, its page for any path under /console.
  for (const p of ['/console', '/console/customers/demo-cus-001']) {
    const page = await fetch(`${gateway.url}${p}`);
    expect({ p, status: page.status, type: page.headers.get('content-type') }).toEqual({
      p,
      status: 200,
      type: expect.stringContaining('text/html'),
    });
    expect(await page.text()).toContain('app.js');
  }
  const bundle = await fetch(`${gateway.url}/console/app.js`);
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toContain('javascript');
}, 120_000);

it("each image's HEALTHCHECK command passes against its service", () => {
  for (const [name, proc] of Object.entries(procs)) {
    const image = trees.images[name as ServiceName];
    const port = new URL(proc.url).port;
    const command = image.healthcheck.replace('127.0.0.1:8080', `127.0.0.1:${port}`);
    expect(command).toContain(`127.0.0.1:${port}/health/ready`);
    // Throws (non-zero exit) when the service is not ready.
    execFileSync('sh', ['-c', command], { env: { PATH: process.env.PATH }, stdio: 'pipe', timeout: 10000 });
  }
});

it('the images publish and consume with looked-up schemas: an account opened at the ledger gets its card', async () => {
  const auth = loadGatewayConfig({});
  const as = async (role: Role) => ({
    authorization: `Bearer ${await mintToken(auth, { subject: `${role}-images`, roles: [role] })}`,
  });
  const gw = procs.gateway?.url as string;
  const acc = await http('POST', `${gw}/ledger/v1/accounts`, openBody(), await as('admin'));
  expect(acc.status).toBe(201);
  const agent = await as('agent');
  await eventually(
    async () => {
      const r = await http(
        'GET',
        `${gw}/cards/v1/accounts/${acc.json.accountId as string}/cards`,
        undefined,
        agent,
      );
      if (!r.json?.items?.[0]) throw new Error('no card yet');
    },
    { timeoutMs: 60000, what: 'the card cards issues for the account the ledger opened' },
  );
}, 120_000);
