#!/usr/bin/env node
// `npm start`: the whole platform on one machine with demo data.
// Installs what is missing (node deps, server binaries), starts Kafka,
// the Mongo-wire server, the schema registry and Zipkin as local processes,
// creates topics, registers schemas, builds and starts every service declared
// in packages/schemas/services.json, runs the traffic generator, and prints
// where everything is. Ctrl-C stops it all.
const { spawn, spawnSync } = require('node:child_process');
const { waitReady } = require('./lib/processes');
const { bannerLines, declared, local, processes, withKafkaPrincipal } = require('./lib/services');
const { startPrometheus, targetsUp } = require('./lib/prometheus');
const { seedDemo } = require('./lib/demo-seed');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const say = (m) => process.stdout.write(`[cardline] ${m}\n`);
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
};

// packages/schemas/services.json: what runs, on which port, with which settings.
const DECLARED = declared();
const portOf = (name) => {
  const s = DECLARED.services.find((x) => x.name === name);
  if (!s) throw new Error(`services.json declares no ${name}`);
  return s.port;
};
const GATEWAY = local(DECLARED.gateway.port);

/** Bearer token from the local dev key (scripts/token.js does the same for users); role: one or a list. */
function mint(role, subject, channel) {
  const roles = [role].flat();
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'scripts', 'token.js'),
      ...roles.flatMap((x) => ['--role', x]),
      '--subject',
      subject,
      // The longest lifetime the services accept (AUTH_MAX_TOKEN_AGE_S, 12 h; docs/adr/0019-token-rules.md).
      '--ttl',
      '43200',
      // A channel adapter's token is for its one channel (docs/adr/0023-least-privilege-operations.md).
      ...(channel ? ['--channel', channel] : []),
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`minting a ${roles.join('+')} token failed: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Demo inquiries as the channel adapters would post them, through the gateway,
 * each adapter with a token for its own channel. Fixed message ids: a restart
 * threads nothing twice.
 */
async function seedInquiries() {
  const messages = [
    ['WECHAT', 'demo-cus-001', 'wx-demo-openid-001', 'Why was I charged a late fee this month?', 'demo-wx-1'],
    [
      'EMAIL',
      'demo-cus-001',
      'demo.customer1@example.com',
      'Following up by email on the late fee.',
      'demo-mail-1',
    ],
    ['SMS', 'demo-cus-002', '+1 415 555 0102', 'What is my minimum payment?', 'demo-sms-1'],
  ];
  for (const [channel, customerId, from, body, externalId] of messages) {
    const token = mint('channel_adapter', `demo-${channel.toLowerCase()}-adapter`, channel);
    const r = await fetch(`${GATEWAY}/ticketing/v1/channels/${channel}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        customerId,
        accountId: customerId.replace('cus', 'acc'),
        from,
        body,
        externalId,
      }),
    });
    if (!r.ok) say(`demo inquiry ${externalId} not posted: ${r.status} ${await r.text()}`);
  }
}

/** Prometheus scraping every service started above, with the rules of infra/prometheus/rules. */
async function startLocalPrometheus(procs, logDir) {
  say('starting Prometheus');
  const runDir = process.env.CARDLINE_RUN ?? '/tmp/cardline-run';
  const { url, child } = await startPrometheus({ procs, runDir, logDir });
  const { up, total } = await targetsUp(url);
  say(`Prometheus on ${url}: ${up}/${total} targets up`);
  return { url, child, targets: `${up}/${total}` };
}

/**
 * The training sandbox (apps/training, docs/adr/0033-console-training-mode.md):
 * one process holding sandbox copies of the services on their own databases
 * and `training.` topics, behind a gateway of its own on TRAINING_PORT. Started
 * after the platform, in the background; TRAINING=0 leaves it out.
 */
function startTraining(env, logDir, children) {
  if (process.env.TRAINING === '0') return Promise.resolve(null);
  const port = process.env.TRAINING_PORT ?? '8190';
  const log = fs.openSync(path.join(logDir, 'training.log'), 'a');
  const child = spawn(process.execPath, [path.join(root, 'apps', 'training', 'dist', 'main.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', log],
    env: withKafkaPrincipal('training', { ...process.env, ...env, TRAINING_PORT: port }),
  });
  children.push(child);
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      fs.writeSync(log, chunk);
      out += chunk.toString();
      if (out.includes('TRAINING_READY')) resolve(local(Number(port)));
    });
    child.once('exit', (code) => {
      say(`training exited with ${code}; see ${logDir}/training.log`);
      resolve(null);
    });
  });
}

async function main() {
  if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'tsc'))) {
    say('installing node dependencies');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  say('building');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b']);
  // The agent console the gateway serves at /console (`npm run build` rebuilds it).
  if (!fs.existsSync(path.join(root, 'apps', 'console', 'dist', 'web', 'index.html')))
    run(process.execPath, [path.join(root, 'apps', 'console', 'build.mjs')]);

  const servers = require('./lib/servers');
  say('starting servers (first run downloads and builds them; later runs reuse the cache)');
  const env = servers.fromEnv() ?? servers.startLocal();
  const started = env.mode === 'local' && env.startedHere;
  // One user per broker: a test run beside the platform would share its consumer groups.
  let releaseBroker;
  try {
    releaseBroker = require('./lib/broker-lock').acquireBrokerLock(env.KAFKA_BROKERS, 'npm start');
  } catch (err) {
    say(err.message);
    if (started) servers.stopLocal(); // what this run started, it stops
    process.exit(1);
  }
  await servers.prepareKafkaAndRegistry(env);

  const logDir = path.join(process.env.CARDLINE_RUN ?? '/tmp/cardline-run', 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const children = [];
  const stopAll = async () => {
    say('stopping services');
    for (const c of children.reverse()) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))),
    );
    if (started) {
      say('stopping servers');
      servers.stopLocal();
    }
    releaseBroker();
    process.exit(0);
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);

  for (const s of processes(DECLARED, process.env.CLOCK ?? 'system')) {
    const out = fs.openSync(path.join(logDir, `${s.name}.log`), 'a');
    const child = spawn(process.execPath, [path.join(root, 'services', s.name, 'dist', 'main.js')], {
      cwd: root,
      stdio: ['ignore', out, out],
      // Each service its own Kafka principal (docs/adr/0029-kafka-principals-acls.md).
      env: withKafkaPrincipal(
        s.name,
        {
          ...process.env,
          ...env,
          ...s.env,
          SERVICE_NAME: s.name,
          PORT: String(s.port),
          ...(env.ZIPKIN_URL ? { ZIPKIN_URL: env.ZIPKIN_URL } : {}),
        },
        s.name !== 'gateway',
      ),
    });
    child.once('exit', (code) => code && say(`${s.name} exited with ${code}; see ${logDir}/${s.name}.log`));
    children.push(child);
    await waitReady(`http://127.0.0.1:${s.port}/health/ready`);
    say(`${s.name} ready on http://127.0.0.1:${s.port}`);
  }

  const prometheus = await startLocalPrometheus(processes(DECLARED), logDir);
  children.push(prometheus.child);

  const rate = process.env.TRAFFIC_RATE ?? '2';
  const traffic = spawn(
    process.execPath,
    [
      path.join(root, 'services', 'ledger', 'dist', 'traffic', 'cli.js'),
      '--rate',
      rate,
      '--accounts',
      '20',
      '--url',
      local(portOf('ledger')),
      '--cards-url',
      local(portOf('cards')),
    ],
    {
      cwd: root,
      env: withKafkaPrincipal(
        'traffic',
        {
          ...process.env,
          CARDLINE_TOKEN: mint('agent', 'demo-traffic'),
          // The generator plays the card processor posting to the ledger, and opens the demo accounts
          // directly, which only an admin may (the floor opens accounts by approved applications).
          LEDGER_TOKEN: mint(['card_processor', 'admin'], 'demo-traffic'),
        },
        false,
      ),
      stdio: [
        'ignore',
        fs.openSync(path.join(logDir, 'traffic.log'), 'a'),
        fs.openSync(path.join(logDir, 'traffic.log'), 'a'),
      ],
    },
  );
  children.push(traffic);

  await seedInquiries();
  const training = startTraining(env, logDir, children);

  const zipkin = env.ZIPKIN_URL ?? 'http://127.0.0.1:19411';
  const agentToken = mint('agent', 'agent-demo');
  process.stdout.write(`
Cardline is up.
${bannerLines(DECLARED).join('\n')}
  API docs        ${GATEWAY}/docs
  Agent console   ${GATEWAY}/console  (sign in with a role: the gateway's local token issuer)
  Training        ${process.env.TRAINING === '0' ? 'off (TRAINING=0)' : `${local(Number(process.env.TRAINING_PORT ?? 8190))}/console  (a sandbox: scripted customers, scored runs; starting in the background)`}
  every service   /openapi.json  /metrics  /health/live  /health/ready
  Kafka           ${env.KAFKA_BROKERS}
  Mongo-wire      ${env.MONGO_URL}
  Schema registry ${env.SCHEMA_REGISTRY_URL}
  Zipkin UI       ${zipkin}/zipkin/
  Prometheus      ${prometheus.url}  (targets up: ${prometheus.targets}; alerts: ${prometheus.url}/alerts)
  AsyncAPI        ${GATEWAY}/asyncapi  (event contracts; packages/schemas/asyncapi.yaml)
  logs            ${logDir}
Demo traffic: 20 accounts, ${rate} transactions/s (TRAFFIC_RATE to change).
Try:  TOKEN=${agentToken}
      curl -s -H "Authorization: Bearer $TOKEN" ${local(portOf('ledger'))}/v1/accounts/demo-acc-001 | jq
      curl -s -H "Authorization: Bearer $TOKEN" ${GATEWAY}/cards/v1/accounts/demo-acc-001/cards | jq
      curl -s -H "Authorization: Bearer $TOKEN" ${GATEWAY}/ledger/v1/accounts/demo-acc-001 | jq
      curl -s -H "Authorization: Bearer $TOKEN" ${GATEWAY}/ticketing/v1/customers/demo-cus-001/answers | jq
      curl -s -H "Authorization: Bearer $TOKEN" ${GATEWAY}/ticketing/v1/customers/demo-cus-001/timeline?limit=5 | jq
      SALES=${mint('sales_agent', 'sales-demo')}
      curl -s -H "Authorization: Bearer $SALES" ${GATEWAY}/sales/v1/applications | jq '.items[] | {customerId, status}'
      COLLECTOR=${mint('collector', 'collector-demo')}
      curl -s -H "Authorization: Bearer $COLLECTOR" ${GATEWAY}/collections/v1/worklist | jq
      (more tokens: npm run token -- --role supervisor)
Ctrl-C stops everything.
`);
  void training.then((url) =>
    url
      ? say(
          `training console ready: ${url}/console (sandbox: own databases, training.* topics, simulated clock)`,
        )
      : undefined,
  );
  // After the banner: sales and collections follow accounts and cards over Kafka, which takes a while on a first start.
  say('seeding sales and collections demo data');
  const roles = ['sales_agent', 'admin', 'compliance', 'collector'];
  await seedDemo(GATEWAY, Object.fromEntries(roles.map((r) => [r, mint(r, `demo-seed-${r}`)])), say);
}

main().catch((err) => {
  process.stderr.write(`[cardline] start failed: ${err.message}\n`);
  process.exit(1);
});
