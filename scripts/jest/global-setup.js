// Integration tests run against real servers; see scripts/lib/servers.js for
// where they come from. The chosen addresses are exported to the workers.
const servers = require('../lib/servers');
const { acquireBrokerLock } = require('../lib/broker-lock');

module.exports = async () => {
  let env = servers.fromEnv();
  if (!env && process.env.CARDLINE_NO_DOCKER !== '1' && (await servers.dockerAnswers()))
    env = await servers.startContainers();
  if (!env) env = servers.startLocal();
  // The admin principal (KAFKA_SASL_*) for the tests' own clients and in-process services.
  const kafkaAuth = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM'];
  for (const k of ['KAFKA_BROKERS', ...kafkaAuth, 'MONGO_URL', 'SCHEMA_REGISTRY_URL', 'ZIPKIN_URL'])
    if (env[k]) process.env[k] = env[k];
  // The services' passwords too: the ACL tests connect as a service's principal.
  for (const [k, v] of Object.entries(servers.kafkaAuthOf(env))) process.env[k] = v;
  process.env.CARDLINE_SERVERS_MODE = env.mode;
  // One run per broker: services' consumer groups are shared (scripts/lib/broker-lock.js).
  globalThis.__cardlineBrokerRelease = acquireBrokerLock(env.KAFKA_BROKERS, 'a test run (jest)');
  await servers.prepareKafkaAndRegistry(env);
  globalThis.__cardlineServers = env;
  console.log(
    `\n[integration] servers (${env.mode}): kafka ${env.KAFKA_BROKERS}, mongo ${env.MONGO_URL}, registry ${env.SCHEMA_REGISTRY_URL}`,
  );
};
