#!/usr/bin/env node
// `cardline`: the operators' and data team's command line (an npm bin of the
// project: `npx cardline …`). `events tail|export|replay` and `schemas list|show|diff`
// are in packages/cli (src/main.ts lists them). Commands here:
//   cardline dlq list                          dead-letter topics and how many letters each holds
//   cardline dlq show <topic>.dlq.<group>      the letters: reason, error type, where they came from
//   cardline dlq replay <topic>.dlq.<group> [--dry-run]
//        re-publishes each letter not yet replayed to its original topic, for
//        its group only (header cardline_replay_group: other groups skip it),
//        after the cause was fixed; a second replay sends nothing again.
// Reads KAFKA_BROKERS (default: the local servers of infra/local). See
// docs/architecture.md, "Dead letters".
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { saslFromEnv } = require('../infra/kafka/client-auth');

const root = path.resolve(__dirname, '..');

/** KAFKA_BROKERS and the KAFKA_SASL_* principal, else those `servers.sh env` prints (the admin principal). */
function connection() {
  let env = process.env;
  if (!env.KAFKA_BROKERS) {
    const out = execFileSync('bash', [path.join(root, 'infra', 'local', 'servers.sh'), 'env'], {
      encoding: 'utf8',
    });
    env = Object.fromEntries(
      out
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => l.split(/=(.*)/s)),
    );
  }
  return { brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()), ...saslFromEnv(env) };
}

const kafka = () => new Kafka({ clientId: 'cardline-cli', ...connection(), logLevel: logLevel.NOTHING });
const header = (h, k) => (h && h[k] !== undefined ? String(Array.isArray(h[k]) ? h[k][0] : h[k]) : undefined);
const progress = (msg) => process.stderr.write(`${msg}\n`);

// The group whose offsets remember which letters of a DLQ were already replayed:
// the platform's, so its DLQ depth gauge counts from the same cursor (needs `npx tsc -b`).
const { dlqReplayGroup: replayGroup } = require('../packages/platform/dist/consumer/dlq-depth.js');

async function withAdmin(fn) {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

async function dlqCounts(admin, topics) {
  const out = [];
  for (const t of topics) {
    const offsets = await admin.fetchTopicOffsets(t);
    out.push({ topic: t, letters: offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0) });
  }
  return out;
}

/** Reads every record of `topic` from `from` (per partition, default earliest) up to its end now. */
async function readAll(topic, from = {}) {
  const admin = kafka().admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = ends.filter(
    (e) => Number(e.high) > Math.max(Number(e.low), Number(from[e.partition] ?? e.low)),
  );
  if (wanted.length === 0) return [];
  const groupId = `cardline-cli.read.${process.pid}.${Date.now()}`;
  const consumer = kafka().consumer({ groupId });
  const records = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const remaining = new Map(wanted.map((e) => [e.partition, Number(e.high)]));
  await new Promise((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition);
          if (end === undefined || Number(message.offset) >= end) return;
          if (Number(message.offset) >= Number(from[partition] ?? 0)) records.push({ partition, message });
          if (Number(message.offset) + 1 >= end) remaining.delete(partition);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  await withAdmin((a) => a.deleteGroups([groupId])).catch(() => undefined);
  return records;
}

function describe(r) {
  const h = r.message.headers;
  return {
    partition: r.partition,
    offset: r.message.offset,
    reason: header(h, 'dlq_reason'),
    errorType: header(h, 'dlq_error_type'),
    group: header(h, 'dlq_consumer_group'),
    from: `${header(h, 'dlq_original_topic')}/${header(h, 'dlq_original_partition')}@${header(h, 'dlq_original_offset')}`,
    failedAt: header(h, 'dlq_failed_at'),
    eventType: header(h, 'ce_type'),
    eventId: header(h, 'ce_id'),
    bytes: r.message.value ? r.message.value.length : 0,
  };
}

async function list() {
  const rows = await withAdmin(async (admin) =>
    dlqCounts(admin, (await admin.listTopics()).filter((t) => t.includes('.dlq.')).sort()),
  );
  for (const r of rows) console.log(`${String(r.letters).padStart(8)}  ${r.topic}`);
}

async function show(dlq) {
  for (const r of await readAll(dlq)) console.log(JSON.stringify(describe(r)));
}

async function replay(dlq, dryRun) {
  const group = replayGroup(dlq);
  const cursor = await withAdmin(async (admin) => {
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [dlq] });
    return Object.fromEntries(
      committed.partitions.filter((p) => p.offset !== '-1').map((p) => [p.partition, p.offset]),
    );
  });
  const letters = await readAll(dlq, cursor);
  progress(`${letters.length} letter(s) in ${dlq} not yet replayed`);
  const byTarget = new Map();
  for (const r of letters) {
    const target = header(r.message.headers, 'dlq_original_topic');
    const forGroup = header(r.message.headers, 'dlq_consumer_group');
    if (!target || !forGroup)
      throw new Error(`letter ${r.partition}@${r.message.offset} lacks its dlq_ headers`);
    byTarget.set(target, (byTarget.get(target) ?? 0) + 1);
    if (dryRun) console.log(JSON.stringify({ ...describe(r), wouldReplayTo: target, forGroup }));
  }
  if (dryRun || letters.length === 0) {
    console.log(
      JSON.stringify({
        dlq,
        dryRun,
        replayed: 0,
        pending: letters.length,
        byTarget: Object.fromEntries(byTarget),
      }),
    );
    return;
  }
  const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // The cursor moves past each letter once it is sent, also when a later one fails,
  // so a replay that stopped half-way does not send its first letters again.
  const next = {};
  const saveCursor = () =>
    Object.keys(next).length === 0
      ? Promise.resolve()
      : withAdmin((admin) =>
          admin.setOffsets({
            groupId: group,
            topic: dlq,
            partitions: Object.entries(next).map(([partition, offset]) => ({
              partition: Number(partition),
              offset: String(offset),
            })),
          }),
        );
  try {
    for (const r of letters) {
      const headers = {};
      for (const [k, v] of Object.entries(r.message.headers ?? {})) if (!k.startsWith('dlq_')) headers[k] = v;
      headers.cardline_replay_group = header(r.message.headers, 'dlq_consumer_group');
      headers.cardline_replayed_from = `${dlq}/${r.partition}@${r.message.offset}`;
      await producer.send({
        topic: header(r.message.headers, 'dlq_original_topic'),
        acks: -1,
        messages: [{ key: r.message.key, value: r.message.value, headers, timestamp: r.message.timestamp }],
      });
      next[r.partition] = Math.max(next[r.partition] ?? 0, Number(r.message.offset) + 1);
    }
  } finally {
    await producer.disconnect();
    await saveCursor();
  }
  console.log(
    JSON.stringify({ dlq, dryRun, replayed: letters.length, byTarget: Object.fromEntries(byTarget) }),
  );
}

async function main(argv) {
  const [area, cmd, arg, ...rest] = argv;
  // events and schemas live in packages/cli (registry decoding, masking, windows).
  if (area === 'events' || area === 'schemas') return require('../packages/cli/dist/main.js').main(argv);
  const usage = 'usage: cardline dlq list | dlq show <dlq-topic> | dlq replay <dlq-topic> [--dry-run]';
  if (area !== 'dlq') throw new Error(usage);
  if (cmd === 'list') return list();
  if (!arg || !arg.includes('.dlq.'))
    throw new Error(`${usage}\n(a dead-letter topic is named <topic>.dlq.<group>)`);
  if (cmd === 'show') return show(arg);
  if (cmd === 'replay') return replay(arg, rest.includes('--dry-run'));
  throw new Error(usage);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err.message);
  process.exit(1);
});
