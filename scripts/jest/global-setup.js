// Integration tests run against real servers; see scripts/lib/servers.js for
// where they come from. The chosen addresses are exported to the workers.
const servers = require('../lib/servers');

module.exports = async () => {
  let env = servers.fromEnv();
  if (!env && process.env.CARDLINE_NO_DOCKER !== '1' && (await servers.dockerAnswers()))
    env = await servers.startContainers();
  if (!env) env = servers.startLocal();
  for (const k of ['KAFKA_BROKERS', 'MONGO_URL', 'SCHEMA_REGISTRY_URL', 'ZIPKIN_URL'])
    if (env[k]) process.env[k] = env[k];
  process.env.CARDLINE_SERVERS_MODE = env.mode;
  await servers.prepareKafkaAndRegistry(env);
  globalThis.__cardlineServers = env;
  console.log(
    `\n[integration] servers (${env.mode}): kafka ${env.KAFKA_BROKERS}, mongo ${env.MONGO_URL}, registry ${env.SCHEMA_REGISTRY_URL}`,
  );
};
