#!/usr/bin/env node
// Creates every topic declared in packages/schemas/topics.json, and one
// <topic>.dlq.<group> per consumed topic, with their partitions and retention.
// The broker has topic auto-creation off, so this runs before any service.
// Idempotent: existing topics are left alone, except that partitions are added
// when the declaration grew (Kafka can add partitions, never remove them).
//
//   KAFKA_BROKERS=127.0.0.1:19092 [KAFKA_REPLICATION_FACTOR=1] [KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD=…] \
//     node infra/topics/create-topics.js
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { saslFromEnv } = require(path.join(__dirname, '..', 'kafka', 'client-auth.js'));
const { topicDeclarations } = require(
  path.join(__dirname, '..', '..', 'packages', 'schemas', 'scripts', 'lib', 'contracts.js'),
);

/**
 * Returns { created, grown, unchanged } topic names. Options default to the
 * environment: KAFKA_BROKERS (comma-separated), KAFKA_REPLICATION_FACTOR (1);
 * `topics` defaults to every declaration in topics.json.
 */
async function createTopics({
  topics: declared = topicDeclarations(),
  brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean),
  replicationFactor = Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1),
  log = () => {},
} = {}) {
  if (!brokers.length) throw new Error('KAFKA_BROKERS is not set');
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1)
    throw new Error(`KAFKA_REPLICATION_FACTOR must be a positive integer, got ${replicationFactor}`);
  const kafka = new Kafka({
    clientId: 'cardline-create-topics',
    brokers,
    ...saslFromEnv(),
    logLevel: logLevel.WARN,
    // The broker may still be starting when this runs right after it.
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declared.filter((t) => !existing.has(t.name));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor,
          configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
        })),
      });
    }
    const present = declared.filter((t) => existing.has(t.name));
    const grown = [];
    if (present.length) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
      const current = new Map(topics.map((t) => [t.name, t.partitions.length]));
      const toGrow = present.filter((t) => (current.get(t.name) ?? 0) < t.partitions);
      if (toGrow.length) {
        await admin.createPartitions({
          topicPartitions: toGrow.map((t) => ({ topic: t.name, count: t.partitions })),
        });
        grown.push(...toGrow.map((t) => t.name));
      }
      // Retention is part of the declaration: a topic created under an older one gets the new value.
      // (AlterConfigs replaces a topic's dynamic configs; retention.ms is the only one this script sets.)
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((t) => ({ type: 2, name: t.name, configNames: ['retention.ms'] })),
      });
      const retention = new Map(
        described.resources.map((r) => [
          r.resourceName,
          r.configEntries.find((c) => c.configName === 'retention.ms')?.configValue,
        ]),
      );
      for (const t of present.filter((t) => retention.get(t.name) !== String(t.retentionMs))) {
        await admin.alterConfigs({
          validateOnly: false,
          resources: [
            {
              type: 2,
              name: t.name,
              configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
            },
          ],
        });
        log(`set retention.ms=${t.retentionMs} on ${t.name}`);
      }
      for (const t of present) {
        const n = current.get(t.name) ?? 0;
        // Shrinking is impossible in Kafka; say so instead of failing.
        if (n > t.partitions)
          log(`warning: ${t.name} has ${n} partitions, more than the ${t.partitions} declared`);
      }
    }
    const result = {
      created: missing.map((t) => t.name),
      grown,
      unchanged: present.map((t) => t.name).filter((n) => !grown.includes(n)),
    };
    for (const n of result.created) log(`created ${n}`);
    for (const n of result.grown) log(`added partitions to ${n}`);
    for (const n of result.unchanged) log(`exists ${n}`);
    return result;
  } finally {
    await admin.disconnect();
  }
}

module.exports = { createTopics };

if (require.main === module) {
  createTopics({ log: (line) => console.log(line) }).catch((err) => {
    console.error(`create-topics failed: ${err.message}`);
    process.exit(1);
  });
}
