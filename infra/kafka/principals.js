// Kafka principals and their ACLs, derived from the one declaration of topics
// and consumer groups (packages/schemas/topics.json): a service may write the
// topics that name it a writer (its own events, the command channels it may
// use, its dead-letter topics) and read the topics its declared groups read,
// under those groups' names. The setup script, the consumers' ce_source
// check and a unit test all read this. See docs/adr/0029-kafka-principals-acls.md.
const path = require('node:path');
const { loadTopicsFile, topicDeclarations, consumerGroups } = require(
  path.join(__dirname, '..', '..', 'packages', 'schemas', 'scripts', 'lib', 'contracts.js'),
);

/** The super user for infra scripts, tests and the CLI (super.users in the broker config). */
const ADMIN = 'admin';
/** The CLI's replay cursor group per DLQ (dlqReplayGroup in the platform). */
const DLQ_REPLAY_GROUP_PREFIX = 'cardline-cli.dlq-replay.';

/**
 * One entry per service: `write` and `read` are literal topic names; `groups`
 * and `deadLetters` are prefixes (a test stack adds GROUP_SUFFIX to a group,
 * and its consumer creates `<topic>.dlq.<group><suffix>` at start).
 */
function servicePrincipals(topicsFile = loadTopicsFile()) {
  const topics = topicDeclarations(topicsFile).filter((t) => t.kind === 'events');
  const groups = consumerGroups(topicsFile);
  const names = [...new Set([...topics.flatMap((t) => t.writers), ...groups.map((g) => g.service)])].sort();
  return names.map((name) => {
    const own = groups.filter((g) => g.service === name);
    return {
      name,
      write: topics.filter((t) => t.writers.includes(name)).map((t) => t.name),
      read: [...new Set(own.flatMap((g) => g.topics))].sort(),
      groups: own.map((g) => g.group),
      deadLetters: own.flatMap((g) => g.topics.map((t) => `${t}.dlq.${g.group}`)).sort(),
    };
  });
}

/**
 * The ACL bindings of one principal, as kafkajs' admin.createAcls takes them
 * (resource and pattern types by name; the setup script maps them to codes).
 */
function aclBindings(p) {
  const allow = (resourceType, resourceName, patternType, operation) => ({
    resourceType,
    resourceName,
    resourcePatternType: patternType,
    principal: `User:${p.name}`,
    host: '*',
    operation,
    permissionType: 'ALLOW',
  });
  return [
    ...p.write.flatMap((t) => [
      allow('TOPIC', t, 'LITERAL', 'WRITE'),
      allow('TOPIC', t, 'LITERAL', 'DESCRIBE'),
    ]),
    ...p.read.flatMap((t) => [
      allow('TOPIC', t, 'LITERAL', 'READ'),
      allow('TOPIC', t, 'LITERAL', 'DESCRIBE'),
    ]),
    ...p.groups.map((g) => allow('GROUP', g, 'PREFIXED', 'READ')),
    ...p.deadLetters.flatMap((t) => [
      allow('TOPIC', t, 'PREFIXED', 'WRITE'),
      allow('TOPIC', t, 'PREFIXED', 'DESCRIBE'),
      allow('TOPIC', t, 'PREFIXED', 'CREATE'),
      // The DLQ depth gauge reads how far `cardline dlq replay` got (packages/platform/src/consumer/dlq-depth.ts).
      allow('GROUP', `${DLQ_REPLAY_GROUP_PREFIX}${t}`, 'PREFIXED', 'DESCRIBE'),
    ]),
  ];
}

/**
 * Sandboxes (docs/adr/0033-console-training-mode.md): one principal each,
 * named for it, confined to the topics and groups under its prefix. Its
 * services prefix every topic and group they use with `<name>.`, so these
 * PREFIXED grants give it its own copy of the platform and nothing real.
 */
const SANDBOXES = ['training'];

function sandboxPrincipals() {
  return SANDBOXES.map((name) => ({ name, prefix: `${name}.` }));
}

/** A sandbox principal's bindings: read, write, describe and create its own topics; read its own groups. */
function sandboxAclBindings(p) {
  const allow = (resourceType, operation, resourceName = p.prefix) => ({
    resourceType,
    resourceName,
    resourcePatternType: 'PREFIXED',
    principal: `User:${p.name}`,
    host: '*',
    operation,
    permissionType: 'ALLOW',
  });
  return [
    ...['READ', 'WRITE', 'DESCRIBE', 'CREATE'].map((op) => allow('TOPIC', op)),
    allow('GROUP', 'READ'),
    // The DLQ depth gauge reads how far `cardline dlq replay` got on the sandbox's dead letters.
    allow('GROUP', 'DESCRIBE', `${DLQ_REPLAY_GROUP_PREFIX}${p.prefix}`),
  ];
}

/** Services allowed to publish each events topic: the consumers' ce_source allow-list. */
function allowedSources(topicsFile = loadTopicsFile()) {
  return Object.fromEntries(
    topicDeclarations(topicsFile)
      .filter((t) => t.kind === 'events')
      .map((t) => [t.name, [...t.writers]]),
  );
}

/** Environment variable holding a principal's password: KAFKA_PASSWORD_LEDGER, …, KAFKA_PASSWORD_ADMIN. */
const passwordVar = (name) => `KAFKA_PASSWORD_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

module.exports = {
  ADMIN,
  DLQ_REPLAY_GROUP_PREFIX,
  servicePrincipals,
  aclBindings,
  sandboxPrincipals,
  sandboxAclBindings,
  allowedSources,
  passwordVar,
};
