import { Kafka, logLevel } from 'kafkajs';
import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HttpRegistryClient,
  NotYetError,
  createKafka,
  createLogger,
  dlqTopicFor,
  newEventId,
  type EventCatalog,
  type EventHandler,
  kafkaAuth,
} from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { stopAfterFile } from '../../../test/support/teardown';

// How the consumer runner treats a healthy message whose handler fails, on
// the real broker: nothing healthy is dead-lettered when the consumer stops
// mid-retry, and a fact that has not arrived yet is waited for, bounded.
const schema = {
  type: 'record',
  name: 'PokedV1',
  namespace: 'cardline.test.failures',
  fields: [{ name: 'pokeId', type: 'string' }],
};
const logger = createLogger('consumer-failures-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

async function setup() {
  const topic = unique('test.failures');
  const catalog: EventCatalog = {
    get: (type) =>
      type === 'test.failures.poked.v1'
        ? { type, topic, subject: `${topic}-cardline.test.failures.PokedV1`, schema }
        : undefined,
  };
  const admin = new Kafka({
    clientId: 'failures-admin',
    brokers: brokers(),
    ...kafkaAuth(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const kafka = createKafka({ clientId: 'failures-test', brokers: brokers(), logger });
  const serde = new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog);
  stopAfterFile({ stop: () => publisher.disconnect() }, 'publisher');
  await publisher.connect();
  const group = unique('failures');
  const runner = (handler: EventHandler, o: { maxAttempts?: number } = {}) =>
    stopAfterFile(
      new ConsumerRunner({
        kafka,
        group,
        topics: [topic],
        handlers: { 'test.failures.poked.v1': handler },
        serde,
        catalog,
        publisher,
        logger,
        retryInitialMs: 50,
        retryMaxMs: 200,
        ...o,
      }),
      'runner',
    );
  const poke = async () => {
    const id = newEventId();
    await publisher.publish([
      {
        id,
        type: 'test.failures.poked.v1',
        source: 'test',
        subject: 'p',
        time: new Date(),
        correlationId: 'c',
        causationId: null,
        aggregateVersion: 1,
        payload: { pokeId: id },
      },
    ]);
    return id;
  };
  // The DLQ topic exists once a runner of the group has started.
  const dlqOf = () => new TopicCollector(brokers(), [dlqTopicFor(topic, group)]).start();
  return { runner, poke, dlqOf };
}

it('a consumer stopped while its handler retries a transient error leaves the message for the next owner, not the DLQ', async () => {
  const { runner, poke, dlqOf } = await setup();
  let attempts = 0;
  const paused = runner(async () => {
    attempts++;
    throw Object.assign(new Error('store paused'), { name: 'MongoNetworkError' });
  });
  const joined = paused.waitUntilJoined(60000);
  await paused.start();
  await joined;
  const dlq = await dlqOf();
  const id = await poke();
  await eventually(async () => {
    if (attempts < 2) throw new Error('not retrying yet');
  });
  await paused.stop();

  const applied: string[] = [];
  const next = runner(async (e) => {
    applied.push(e.id);
  });
  const rejoined = next.waitUntilJoined(60000);
  await next.start();
  await rejoined;
  await eventually(async () => {
    if (!applied.includes(id)) throw new Error('not applied after restart');
  });
  expect(applied).toEqual([id]);
  expect(dlq.records).toEqual([]);
});

it('a message that needs a fact not yet known is retried past maxAttempts until its wait runs out, then dead-lettered with the reason', async () => {
  const { runner, poke, dlqOf } = await setup();
  let attempts = 0;
  const waiting = runner(
    async () => {
      attempts++;
      throw new NotYetError('transaction txn_1 not in the read model yet', 1500);
    },
    { maxAttempts: 2 },
  );
  const joined = waiting.waitUntilJoined(60000);
  await waiting.start();
  await joined;
  const dlq = await dlqOf();
  const started = Date.now();
  await poke();
  await eventually(
    async () => {
      if (dlq.records.length === 0) throw new Error('not dead-lettered yet');
    },
    { timeoutMs: 30000 },
  );
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  expect(attempts).toBeGreaterThan(2);
  expect(dlq.records[0]?.headers.dlq_reason).toBe('transaction txn_1 not in the read model yet');
  expect(dlq.records[0]?.headers.dlq_error_type).toBe('NotYetError');
});
