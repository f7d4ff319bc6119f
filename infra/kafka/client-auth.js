// kafkajs `sasl` settings from the environment, for the repo's scripts (the
// services get theirs from the platform's config): KAFKA_SASL_USERNAME,
// KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM (scram-sha-512, the default,
// or plain: the compose stack's bootstrap admin). Unset means a plaintext
// broker, as a throwaway test cluster is. See docs/adr/0029-kafka-principals-acls.md.
const MECHANISMS = { 'scram-sha-512': 'SCRAM-SHA-512', plain: 'PLAIN' };
const LOGIN_MODULES = {
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
};

function saslFromEnv(env = process.env) {
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  const mechanism = (env.KAFKA_SASL_MECHANISM || 'scram-sha-512').toLowerCase();
  if (!username) return {};
  if (!password) throw new Error('KAFKA_SASL_USERNAME is set but KAFKA_SASL_PASSWORD is not');
  if (!MECHANISMS[mechanism])
    throw new Error(`KAFKA_SASL_MECHANISM must be scram-sha-512 or plain, got ${mechanism}`);
  return { sasl: { mechanism, username, password } };
}

/** The same settings as Java client properties (kafka-configs, the perf tools). */
function javaClientProperties(env = process.env) {
  const s = saslFromEnv(env).sasl;
  if (!s) return '';
  return [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${MECHANISMS[s.mechanism]}`,
    `sasl.jaas.config=${LOGIN_MODULES[s.mechanism]} required username="${s.username}" password="${s.password}";`,
    '',
  ].join('\n');
}

module.exports = { saslFromEnv, javaClientProperties };
