// kafkajs `sasl` and `ssl` settings from the environment, for the repo's
// scripts and tests (services get theirs from the platform's config):
// KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (SCRAM-SHA-512). Unset means a
// plaintext broker, as a throwaway test cluster is. See
// docs/adr/0029-kafka-principals-acls.md.
function saslFromEnv(env = process.env) {
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  if (!username) return {};
  if (!password) throw new Error('KAFKA_SASL_USERNAME is set but KAFKA_SASL_PASSWORD is not');
  return { sasl: { mechanism: 'scram-sha-512', username, password } };
}

/** The same settings as Java client properties (ProducerPerformance, kafka-configs). */
function javaClientProperties(env = process.env) {
  const s = saslFromEnv(env).sasl;
  if (!s) return '';
  return [
    'security.protocol=SASL_PLAINTEXT',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${s.username}" password="${s.password}";`,
    '',
  ].join('\n');
}

module.exports = { saslFromEnv, javaClientProperties };
