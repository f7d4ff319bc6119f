import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HttpRegistryClient,
  PoisonMessageError,
  createKafka,
  createLogger,
  dlqTopicFor,
  newEventId,
  type EventCatalog,
  kafkaAuth,
} from '@cardline/platform';
import { eventually, serverEnv, unique } from './support/env';
import { stopAfterFile } from './support/teardown';

// `cardline dlq replay` after a fix: the letters go back to their topic for
// the group that failed them only, are applied there once, and a second
// replay sends nothing.
const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'cardline.js'), ...args], {
    env: { ...process.env, KAFKA_BROKERS: serverEnv().KAFKA_BROKERS },
  });
const logger = createLogger('dlq-replay-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const topic = unique('test.replay');
const schema = {
  type: 'record',
  name: 'NotedV1',
  namespace: 'cardline.test.replay',
  fields: [{ name: 'noteId', type: 'string' }],
};
const catalog: EventCatalog = {
  get: (type) =>
    type === 'test.replay.noted.v1'
      ? { type, topic, subject: `${topic}-cardline.test.replay.NotedV1`, schema }
      : undefined,
};

it('replays dead letters to the failed group only, once, after the fix', async () => {
  const brokers = serverEnv().KAFKA_BROKERS.split(',');
  const admin = new Kafka({
    clientId: 'replay-admin',
    brokers,
    ...kafkaAuth(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  const kafka = createKafka({ clientId: 'replay-test', brokers, logger });
  const serde = new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog);
  stopAfterFile({ stop: () => publisher.disconnect() }, 'publisher');
  await publisher.connect();

  let fixed = false;
  const applied = { failing: [] as string[], healthy: [] as string[] };
  const groups = { failing: unique('replay-failing'), healthy: unique('replay-healthy') };
  const group = (name: 'failing' | 'healthy') =>
    stopAfterFile(
      new ConsumerRunner({
        kafka,
        group: groups[name],
        topics: [topic],
        handlers: {
          'test.replay.noted.v1': async (e) => {
            if (name === 'failing' && !fixed) throw new PoisonMessageError('note schema bug');
            applied[name].push(e.id);
          },
        },
        serde,
        catalog,
        publisher,
        logger,
      }),
      name,
    );
  const failing = group('failing');
  const healthy = group('healthy');
  const joined = [failing.waitUntilJoined(60000), healthy.waitUntilJoined(60000)];
  await Promise.all([failing.start(), healthy.start()]);
  await Promise.all(joined);

  const ids = Array.from({ length: 3 }, () => newEventId());
  await publisher.publish(
    ids.map((id, i) => ({
      id,
      type: 'test.replay.noted.v1',
      source: 'test',
      subject: `n-${i}`,
      time: new Date(),
      correlationId: 'replay',
      causationId: null,
      aggregateVersion: 1,
      payload: { noteId: id },
    })),
  );
  const dlq = dlqTopicFor(topic, groups.failing);
  await eventually(async () => {
    const { stdout } = await cli('dlq', 'list');
    if (!stdout.includes(`       3  ${dlq}`)) throw new Error('letters not all in the DLQ yet');
  });
  expect(applied.healthy.sort()).toEqual([...ids].sort());

  const shown = (await cli('dlq', 'show', dlq)).stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(shown.map((l) => l.reason)).toEqual(['note schema bug', 'note schema bug', 'note schema bug']);
  expect(shown.map((l) => l.eventId).sort()).toEqual([...ids].sort());

  const dry = JSON.parse(
    (await cli('dlq', 'replay', dlq, '--dry-run')).stdout.trim().split('\n').pop() as string,
  );
  expect(dry).toMatchObject({ dryRun: true, replayed: 0, pending: 3 });
  expect(applied.failing).toEqual([]);

  fixed = true;
  const done = JSON.parse((await cli('dlq', 'replay', dlq)).stdout.trim());
  expect(done).toMatchObject({ replayed: 3, byTarget: { [topic]: 3 } });
  await eventually(async () => {
    if (applied.failing.length < 3) throw new Error(`${applied.failing.length} replayed letters applied`);
  });
  expect(applied.failing.sort()).toEqual([...ids].sort());

  const again = JSON.parse((await cli('dlq', 'replay', dlq)).stdout.trim());
  expect(again).toMatchObject({ replayed: 0 });
  await new Promise((r) => setTimeout(r, 1500));
  expect(applied.failing).toHaveLength(3);
  expect(applied.healthy).toHaveLength(3); // the other group skipped the replayed copies
});
