// Finds or starts the real servers the integration tests and `npm start` need:
// 1. KAFKA_BROKERS / MONGO_URL / SCHEMA_REGISTRY_URL from the environment,
// 2. else Testcontainers when a Docker engine answers,
// 3. else the local processes of infra/local (the same ones `npm start` uses).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const serversSh = path.join(root, 'infra', 'local', 'servers.sh');

// The Kafka principal's settings (docs/adr/0029-kafka-principals-acls.md): the admin's for
// infra and tests; KAFKA_PASSWORD_<SERVICE> are the services' own, which `npm start` hands out.
const KAFKA_AUTH = /^KAFKA_(SASL_(USERNAME|PASSWORD|MECHANISM)|PASSWORD_[A-Z0-9_]+)$/;
const kafkaAuthOf = (env) =>
  Object.fromEntries(Object.entries(env).filter(([k, v]) => KAFKA_AUTH.test(k) && v));

function fromEnv() {
  const { KAFKA_BROKERS, MONGO_URL, SCHEMA_REGISTRY_URL } = process.env;
  if (KAFKA_BROKERS && MONGO_URL && SCHEMA_REGISTRY_URL) {
    return {
      KAFKA_BROKERS,
      ...kafkaAuthOf(process.env),
      MONGO_URL,
      SCHEMA_REGISTRY_URL,
      ZIPKIN_URL: process.env.ZIPKIN_URL,
      mode: 'env',
    };
  }
  return null;
}

/**
 * testcontainers, or why it cannot be loaded here: a major that needs a newer
 * Node throws at require (docs/adr/0013-node-versions.md).
 */
function loadTestcontainers() {
  try {
    return { lib: require('testcontainers') };
  } catch (err) {
    return { reason: `testcontainers cannot load on Node ${process.versions.node}: ${firstLine(err)}` };
  }
}

const firstLine = (err) => String(err?.message ?? err).split('\n')[0];

/**
 * Whether a Docker engine answers through Testcontainers. When the Docker
 * path is not taken, says why in one line, so that local processes are never
 * used silently where the README promises containers.
 */
async function dockerAnswers({ log = (line) => console.log(line), load = loadTestcontainers } = {}) {
  const tc = load();
  if (!tc.lib) {
    log(`[integration] not using Testcontainers: ${tc.reason}`);
    return false;
  }
  let timer;
  try {
    await Promise.race([
      tc.lib.getContainerRuntimeClient(),
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error('no answer within 5 s')), 5000);
      }),
    ]);
    return true;
  } catch (err) {
    log(`[integration] not using Testcontainers: no Docker engine answered (${firstLine(err)})`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function startContainers() {
  const { GenericContainer, Wait, Network } = require('testcontainers');
  const network = await new Network().start();
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withNetwork(network)
    .withNetworkAliases('kafka')
    .withExposedPorts({ container: 19092, host: 19092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:19092,CONTROLLER://:9093,INTERNAL://:29092',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:19092,INTERNAL://kafka:29092',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started|Transition from STARTING to STARTED/))
    .start();
  const mongo = await new GenericContainer('mongo:7')
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  const registry = await new GenericContainer('apicurio/apicurio-registry:3.0.9')
    .withExposedPorts(8080)
    .withEnvironment({ APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD_TRANSITIVE' })
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
    .start();
  // The trace test reads its spans back from a real Zipkin.
  const zipkin = await new GenericContainer('openzipkin/zipkin:3.6.1')
    .withExposedPorts(9411)
    .withWaitStrategy(Wait.forHttp('/health', 9411))
    .start();
  const registryUrl = `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`;
  await fetch(`${registryUrl}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: 'BACKWARD_TRANSITIVE' }),
  });
  return {
    KAFKA_BROKERS: `127.0.0.1:${kafka.getMappedPort(19092)}`,
    MONGO_URL: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}`,
    SCHEMA_REGISTRY_URL: registryUrl,
    ZIPKIN_URL: `http://${zipkin.getHost()}:${zipkin.getMappedPort(9411)}`,
    mode: 'testcontainers',
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop(), registry.stop(), zipkin.stop()]);
      await network.stop();
    },
  };
}

function localEnv() {
  const out = execFileSync('bash', [serversSh, 'env'], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
}

function localRunning() {
  const out = execFileSync('bash', [serversSh, 'status'], { encoding: 'utf8' });
  return !/: stopped/.test(out);
}

/** Starts the local processes (installing them first if missing). */
function startLocal() {
  const wasRunning = localRunning();
  execFileSync('bash', [serversSh, 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return { ...localEnv(), mode: 'local', startedHere: !wasRunning };
}

function stopLocal() {
  execFileSync('bash', [serversSh, 'down'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Topics from packages/schemas/topics.json and every schema in the registry. */
async function prepareKafkaAndRegistry(env) {
  process.env.KAFKA_BROKERS = env.KAFKA_BROKERS;
  for (const [k, v] of Object.entries(kafkaAuthOf(env))) if (k.startsWith('KAFKA_SASL_')) process.env[k] = v;
  process.env.SCHEMA_REGISTRY_URL = env.SCHEMA_REGISTRY_URL;
  const { createTopics } = require(path.join(root, 'infra', 'topics', 'create-topics.js'));
  const { registerAll } = require(path.join(root, 'packages', 'schemas', 'scripts', 'register.js'));
  await createTopics();
  await registerAll();
}

module.exports = {
  kafkaAuthOf,
  fromEnv,
  dockerAnswers,
  loadTestcontainers,
  startContainers,
  startLocal,
  stopLocal,
  localEnv,
  prepareKafkaAndRegistry,
  root,
};
