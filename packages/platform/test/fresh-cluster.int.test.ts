import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HttpRegistryClient,
  createKafka,
  createLogger,
  newEventId,
  retryKafkaStartup,
  type EventCatalog,
  type EventEnvelope,
} from '@cardline/platform';
import { startKafkaCluster, type KafkaCluster } from '../../../scripts/lib/kafka-cluster';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

// Consumers started the moment a brand-new broker opens its port: before
// `__consumer_offsets` exists, while its coordinator is still loading. That
// is every service's start on a fresh machine, and a production start on a
// restarting cluster (see docs/architecture.md, "Start-up").
const topic = unique('test.fresh');
const schema = {
  type: 'record',
  name: 'PingedV1',
  namespace: 'cardline.test.fresh',
  fields: [{ name: 'pingId', type: 'string' }],
};
const catalog: EventCatalog = {
  get: (type) =>
    type === 'test.fresh.pinged.v1'
      ? { type, topic, subject: `${topic}-cardline.test.fresh.PingedV1`, schema }
      : undefined,
};
const logger = createLogger('fresh-cluster-test', process.env.TEST_LOG_LEVEL ?? 'silent');

let cluster: KafkaCluster;

beforeAll(async () => {
  cluster = stopAfterFile(await startKafkaCluster({ nodes: 1, ready: 'port' }), 'fresh kafka');
}, 120000);

it('consumer groups started on a freshly formatted broker join, seek and consume every event once', async () => {
  // A throwaway cluster of its own: plaintext, no principal.
  const kafka = createKafka({
    clientId: 'fresh-test',
    brokers: cluster.brokers.split(','),
    logger,
    sasl: null,
  });
  const admin = kafka.admin();
  stopAfterFile({ stop: () => admin.disconnect() }, 'admin');
  await retryKafkaStartup(() => admin.connect(), { logger, what: 'test admin: connect' });
  await retryKafkaStartup(
    () => admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }),
    { logger, what: 'test admin: create topic' },
  );
  await admin.disconnect();

  const serde = new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog);
  stopAfterFile({ stop: () => publisher.disconnect() }, 'publisher');
  const seen: Record<string, string[]> = { seeking: [], beginning: [] };
  const group = (name: 'seeking' | 'beginning') =>
    stopAfterFile(
      new ConsumerRunner({
        kafka,
        group: unique(`fresh-${name}`),
        topics: [topic],
        handlers: {
          'test.fresh.pinged.v1': async (e) => {
            seen[name]?.push(e.id);
          },
        },
        serde,
        catalog,
        publisher,
        logger,
        // The seeking group fetches committed offsets and seeks: the calls that
        // met NOT_COORDINATOR on a fresh broker.
        startAt: name === 'seeking' ? new Date(Date.now() - 60_000) : undefined,
      }),
      `consumer ${name}`,
    );
  const runners = [group('seeking'), group('beginning')];
  const joined = runners.map((r) => r.waitUntilJoined(120000));
  await Promise.all(runners.map((r) => r.start()));
  await Promise.all(joined);

  await retryKafkaStartup(() => publisher.connect(), { logger, what: 'test publisher: connect' });
  const sent: EventEnvelope[] = Array.from({ length: 20 }, (_, i) => ({
    id: newEventId(),
    type: 'test.fresh.pinged.v1',
    source: 'fresh-test',
    subject: `ping-${i % 5}`,
    time: new Date(),
    correlationId: 'fresh',
    causationId: null,
    aggregateVersion: 1,
    payload: { pingId: `p-${i}` },
  }));
  await publisher.publish(sent);

  const ids = sent.map((e) => e.id).sort();
  await eventually(
    async () => {
      for (const [name, got] of Object.entries(seen))
        if (got.length < ids.length) throw new Error(`${name} has ${got.length} of ${ids.length}`);
    },
    { timeoutMs: 60000, what: 'both groups to consume every event' },
  );
  expect([...(seen.seeking ?? [])].sort()).toEqual(ids);
  expect([...(seen.beginning ?? [])].sort()).toEqual(ids);
}, 180000);
