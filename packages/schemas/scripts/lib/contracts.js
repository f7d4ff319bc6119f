// Reads the contracts (avro/**/*.avsc, topics.json, services.json) and derives every name
// from the file path, so the path is the one source of truth. Plain CommonJS:
// the generator, the registry script and infra/topics use it without a build.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const AVRO_DIR = path.join(PACKAGE_DIR, 'avro');
const TOPICS_FILE = path.join(PACKAGE_DIR, 'topics.json');
const SERVICES_FILE = path.join(PACKAGE_DIR, 'services.json');
const RELEASED_DIR = path.join(PACKAGE_DIR, 'released');

// <context>/<aggregate>/<event>.v<major>.avsc, lower-case kebab segments.
const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const FILE_PATTERN = new RegExp(`^(${SEGMENT})/(${SEGMENT})/(${SEGMENT})\\.v([1-9][0-9]*)\\.avsc$`);

const pascalCase = (kebab) =>
  kebab
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** Sort comparator on a string key (plain code-unit order: stable across locales). */
const byKey = (key) => (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

const dlqTopicName = (topic, group) => `${topic}.dlq.${group}`;
// TopicRecordNameStrategy: one subject per (topic, record), so several event
// types can share a topic and still evolve independently.
const subjectFor = (topic, recordName) => `${topic}-${recordName}`;

/** All *.avsc files under dir, as sorted posix paths relative to dir. */
function listSchemaFiles(dir = AVRO_DIR) {
  const out = [];
  const walk = (rel) => {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(child);
      else if (ent.name.endsWith('.avsc')) out.push(child);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

/** Names a schema file must carry, from its relative path; null if the path itself is malformed. */
function namesFromPath(relPath) {
  const m = FILE_PATTERN.exec(relPath);
  if (!m) return null;
  const [, context, aggregate, event, major] = m;
  const topic = `${context}.${aggregate}`;
  const recordName = `cardline.${context}.${aggregate}.${pascalCase(event)}V${major}`;
  return {
    context,
    aggregate,
    event,
    major: Number(major),
    type: `${topic}.${event}.v${major}`,
    topic,
    recordName,
    subject: subjectFor(topic, recordName),
  };
}

/** Full name of a top-level record schema (namespace + name, or a dotted name). */
function fullNameOf(schema) {
  if (!schema || typeof schema.name !== 'string') return undefined;
  if (schema.name.includes('.') || !schema.namespace) return schema.name;
  return `${schema.namespace}.${schema.name}`;
}

/** Problems with one schema file's naming; empty when it follows the conventions. */
function namingProblems(relPath, schema) {
  const names = namesFromPath(relPath);
  if (!names)
    return [`${relPath}: path must be <context>/<aggregate>/<event>.v<major>.avsc (lower-case kebab-case)`];
  const problems = [];
  if (!schema || schema.type !== 'record') problems.push(`${relPath}: top-level type must be a record`);
  const actual = fullNameOf(schema);
  if (actual !== names.recordName)
    problems.push(`${relPath}: record full name is ${actual}, expected ${names.recordName}`);
  return problems;
}

function readSchema(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err.message}`);
  }
}

/**
 * Every event type in dir, sorted by type. Throws on a naming violation: a
 * wrong name would silently register under the wrong subject.
 */
function loadEventTypes(dir = AVRO_DIR) {
  const entries = listSchemaFiles(dir).map((rel) => {
    const schema = readSchema(path.join(dir, rel));
    const problems = namingProblems(rel, schema);
    if (problems.length) throw new Error(problems.join('\n'));
    return { ...namesFromPath(rel), file: rel, schema };
  });
  return entries.sort(byKey((e) => e.type));
}

function loadTopicsFile(file = TOPICS_FILE) {
  return readSchema(file);
}

/**
 * Topics with defaults applied, then one DLQ per (consumer group, consumed
 * topic), sorted by name. Throws when a consumer reads an undeclared topic.
 */
function topicDeclarations(topicsFile = loadTopicsFile()) {
  const d = topicsFile.defaults;
  const declared = new Map();
  for (const t of topicsFile.topics) {
    if (declared.has(t.name)) throw new Error(`topic ${t.name} declared twice`);
    declared.set(t.name, {
      name: t.name,
      kind: 'events',
      partitions: t.partitions ?? d.partitions,
      retentionMs: t.retentionMs ?? d.retentionMs,
      owner: t.owner,
      // A topic's owner owns its schemas; `writers`, when given, are the
      // services that produce to it instead (a command channel like
      // ledger.adjustment is written by others and read by its owner).
      writers: [...(t.writers ?? [t.owner])],
      description: t.description,
    });
  }
  const dlqs = [];
  for (const c of topicsFile.consumers) {
    for (const topic of c.topics) {
      if (!declared.has(topic)) throw new Error(`consumer group ${c.group} reads undeclared topic ${topic}`);
      dlqs.push({
        name: dlqTopicName(topic, c.group),
        kind: 'dlq',
        partitions: c.dlqPartitions ?? d.dlqPartitions,
        retentionMs: c.dlqRetentionMs ?? d.dlqRetentionMs,
        owner: c.service,
        writers: [c.service],
        description: `Dead letters of consumer group ${c.group} on ${topic}: original bytes and headers plus dlq_* headers.`,
        source: { topic, group: c.group },
      });
    }
  }
  return [...declared.values(), ...dlqs].sort(byKey((t) => t.name));
}

/** Consumer groups from topics.json, sorted by group id. */
function consumerGroups(topicsFile = loadTopicsFile()) {
  return [...topicsFile.consumers]
    .map((c) => ({ ...c, topics: [...c.topics].sort() }))
    .sort(byKey((c) => c.group));
}

function loadServicesFile(file = SERVICES_FILE) {
  return readSchema(file);
}

/** The services in declaration order, optional fields filled in. Throws on a name declared twice. */
function serviceDeclarations(servicesFile = loadServicesFile()) {
  const seen = new Set();
  return servicesFile.services.map((s) => {
    if (seen.has(s.name)) throw new Error(`service ${s.name} declared twice`);
    seen.add(s.name);
    return {
      name: s.name,
      description: s.description,
      port: s.port,
      gateway: { prefix: s.gateway.prefix, urlEnv: s.gateway.urlEnv },
      topics: { events: [...s.topics.events], commands: [...(s.topics.commands ?? [])] },
      startEnv: { ...s.startEnv },
    };
  });
}

/** Released versions (folder names vX.Y.Z), oldest first. */
function releasedVersions(dir = RELEASED_DIR) {
  if (!fs.existsSync(dir)) return [];
  const parse = (v) => v.slice(1).split('.').map(Number);
  return fs
    .readdirSync(dir)
    .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => {
      const [x, y] = [parse(a), parse(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
}

module.exports = {
  PACKAGE_DIR,
  AVRO_DIR,
  byKey,
  TOPICS_FILE,
  SERVICES_FILE,
  RELEASED_DIR,
  pascalCase,
  dlqTopicName,
  subjectFor,
  listSchemaFiles,
  namesFromPath,
  namingProblems,
  loadEventTypes,
  loadTopicsFile,
  topicDeclarations,
  consumerGroups,
  loadServicesFile,
  serviceDeclarations,
  releasedVersions,
};
