#!/usr/bin/env node
// Gives every service principal of infra/kafka/principals.js its SCRAM
// credential and exactly its ACLs, as the admin principal. Idempotent: a
// user whose password already works is left alone, missing ACLs are created
// and ACLs no longer declared are deleted. Runs on every `servers.sh up kafka`
// and in the compose stack's kafka-init, before any service starts.
//
//   KAFKA_BROKERS=… KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD=… KAFKA_PASSWORD_<SERVICE>=… \
//   KAFKA_HOME=<kafka install: bin/kafka-configs.sh or libs/*.jar> node infra/kafka/setup-principals.js
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  Kafka,
  logLevel,
  AclResourceTypes,
  AclOperationTypes,
  AclPermissionTypes,
  ResourcePatternTypes,
} = require('kafkajs');
const {
  servicePrincipals,
  aclBindings,
  sandboxPrincipals,
  sandboxAclBindings,
  passwordVar,
} = require('./principals');
const { saslFromEnv, javaClientProperties } = require('./client-auth');

const brokers = () =>
  (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);

const kafkaFor = (sasl) =>
  new Kafka({
    clientId: 'cardline-setup-principals',
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5000 },
    sasl,
  });

/** Whether `name` can authenticate with `password` (a wrong or missing user fails the SASL step). */
async function authenticates(name, password) {
  const admin = new Kafka({
    clientId: 'cardline-setup-probe',
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    sasl: { mechanism: 'scram-sha-512', username: name, password },
  }).admin();
  try {
    await admin.connect();
    return true;
  } catch (err) {
    if (err.name === 'KafkaJSSASLAuthenticationError' || /SASL|authenticat/i.test(err.message)) return false;
    throw err;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** kafka-configs --alter: sets (or resets) one user's SCRAM-SHA-512 credential. */
function setScramCredential(name, password) {
  if (/[,[\]=\s"]/.test(password))
    throw new Error(`${passwordVar(name)} may not contain , [ ] = " or spaces`);
  const home = process.env.KAFKA_HOME;
  if (!home) throw new Error('KAFKA_HOME is not set (a Kafka install with bin/kafka-configs.sh or libs/)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-kafka-admin-'));
  const props = path.join(dir, 'admin.properties');
  fs.writeFileSync(props, javaClientProperties(), { mode: 0o600 });
  const args = [
    '--bootstrap-server',
    brokers().join(','),
    '--command-config',
    props,
    '--alter',
    '--add-config',
    `SCRAM-SHA-512=[iterations=4096,password=${password}]`,
    '--entity-type',
    'users',
    '--entity-name',
    name,
  ];
  const script = path.join(home, 'bin', 'kafka-configs.sh');
  try {
    if (fs.existsSync(script)) execFileSync(script, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    else
      execFileSync('java', ['-cp', `${path.join(home, 'libs')}/*`, 'kafka.admin.ConfigCommand', ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const codeOf = (table, name) => {
  const code = table[name];
  if (code === undefined) throw new Error(`unknown ACL value ${name}`);
  return code;
};
const toKafkajs = (b) => ({
  resourceType: codeOf(AclResourceTypes, b.resourceType),
  resourceName: b.resourceName,
  resourcePatternType: codeOf(ResourcePatternTypes, b.resourcePatternType),
  principal: b.principal,
  host: b.host,
  operation: codeOf(AclOperationTypes, b.operation),
  permissionType: codeOf(AclPermissionTypes, b.permissionType),
});
const keyOf = (b) =>
  [
    b.principal,
    b.resourceType,
    b.resourcePatternType,
    b.resourceName,
    b.operation,
    b.permissionType,
    b.host,
  ].join('|');

/** Creates the declared ACLs of each principal that are missing and deletes the others it has. */
async function syncAcls(admin, principals, log) {
  const existing = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const have = new Map();
  for (const r of existing.resources)
    for (const a of r.acls)
      have.set(keyOf({ ...a, ...r }), {
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        resourcePatternType: r.resourcePatternType,
        ...a,
      });
  const bindingsOf = (p) => (p.prefix ? sandboxAclBindings(p) : aclBindings(p));
  const want = new Map(
    principals.flatMap((p) => bindingsOf(p).map((b) => [keyOf(toKafkajs(b)), toKafkajs(b)])),
  );
  const ours = new Set(principals.map((p) => `User:${p.name}`));
  const missing = [...want].filter(([k]) => !have.has(k)).map(([, b]) => b);
  const stale = [...have].filter(([k, b]) => ours.has(b.principal) && !want.has(k)).map(([, b]) => b);
  if (missing.length) await admin.createAcls({ acl: missing });
  if (stale.length) await admin.deleteAcls({ filters: stale });
  log(`ACLs: ${want.size} declared, ${missing.length} created, ${stale.length} deleted`);
}

async function setupPrincipals({ log = () => {} } = {}) {
  if (!brokers().length) throw new Error('KAFKA_BROKERS is not set');
  const admin = kafkaFor(saslFromEnv().sasl).admin();
  await admin.connect();
  try {
    // A sandbox principal only where it has a password (servers.sh draws one; the compose stack runs no sandbox).
    const sandboxes = sandboxPrincipals().filter((p) => process.env[passwordVar(p.name)]);
    const principals = [...servicePrincipals(), ...sandboxes];
    for (const p of principals) {
      const password = process.env[passwordVar(p.name)];
      if (!password) throw new Error(`${passwordVar(p.name)} is not set`);
      if (await authenticates(p.name, password)) continue;
      setScramCredential(p.name, password);
      // A new credential reaches the listener with the next metadata update.
      for (let i = 0; !(await authenticates(p.name, password)); i++) {
        if (i >= 40) throw new Error(`user ${p.name}: credential set but not accepted`);
        await new Promise((r) => setTimeout(r, 250));
      }
      log(`user ${p.name}: credential set`);
    }
    await syncAcls(admin, principals, log);
  } finally {
    await admin.disconnect();
  }
}

module.exports = { setupPrincipals };

if (require.main === module) {
  setupPrincipals({ log: (line) => console.log(`[setup-principals] ${line}`) }).catch((err) => {
    console.error(`setup-principals failed: ${err.message}`);
    process.exit(1);
  });
}
