import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  HttpRegistryClient,
  createKafka,
  newEventId,
  retryKafkaStartup,
  type EventCatalog,
} from '@cardline/platform';
import { startKafkaCluster, type KafkaCluster } from '../../scripts/lib/kafka-cluster';
import { eventually, serverEnv, unique } from '../support/env';
import { stopAfterFile } from '../support/teardown';
import { logger, report, since } from './support';

// A local three-broker KRaft cluster (replication factor 3, min ISR 2): the
// leader of a partition is killed while a backlog is being written and
// consumed. Writes go on (acks=all to the two that remain) and the consumer
// receives every event.
const topic = unique('test.leader');
const schema = {
  type: 'record',
  name: 'TickedV1',
  namespace: 'cardline.test.leader',
  fields: [{ name: 'n', type: 'long' }],
};
const catalog: EventCatalog = {
  get: (type) =>
    type === 'test.leader.ticked.v1'
      ? { type, topic, subject: `${topic}-cardline.test.leader.TickedV1`, schema }
      : undefined,
};
let cluster: KafkaCluster;

beforeAll(async () => {
  cluster = stopAfterFile(
    await startKafkaCluster({
      nodes: 3,
      props: { 'min.insync.replicas': 2, 'default.replication.factor': 3 },
    }),
    'three-broker cluster',
  );
}, 180000);

it('killing the partition leader during a backlog: writes continue, nothing lost', async () => {
  // A throwaway cluster of its own: plaintext, no principal.
  const kafka = createKafka({
    clientId: 'leader-test',
    brokers: cluster.brokers.split(','),
    logger,
    sasl: null,
  });
  const admin = kafka.admin();
  stopAfterFile({ stop: () => admin.disconnect() }, 'admin');
  await retryKafkaStartup(() => admin.connect(), { logger, what: 'admin connect' });
  await retryKafkaStartup(
    () =>
      admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: 3,
            replicationFactor: 3,
            configEntries: [{ name: 'min.insync.replicas', value: '2' }],
          },
        ],
        waitForLeaders: true,
      }),
    { logger, what: 'create topic' },
  );
  const serde = new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL));
  const publisher = new EventPublisher(kafka, serde, catalog);
  stopAfterFile({ stop: () => publisher.disconnect() }, 'publisher');
  await publisher.connect();
  const received = new Map<string, number>();
  const groupId = unique('leader');
  const consumer = stopAfterFile(
    new ConsumerRunner({
      kafka,
      group: groupId,
      topics: [topic],
      handlers: {
        'test.leader.ticked.v1': async (e) => {
          received.set(e.id, (received.get(e.id) ?? 0) + 1);
        },
      },
      serde,
      catalog,
      publisher,
      logger,
    }),
    'consumer',
  );
  const joined = consumer.waitUntilJoined(60000);
  await consumer.start();
  await joined;

  const sent: string[] = [];
  let failedBatches = 0;
  const write = async (batches: number) => {
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: 50 }, (_, i) => ({
        id: newEventId(),
        type: 'test.leader.ticked.v1',
        source: 'leader-test',
        subject: `key-${(b * 50 + i) % 30}`,
        time: new Date(),
        correlationId: 'leader',
        causationId: null,
        aggregateVersion: 1,
        payload: { n: b * 50 + i },
      }));
      // The relay's contract: a failed publish is retried until it succeeds.
      for (;;) {
        try {
          await publisher.publish(events);
          break;
        } catch {
          failedBatches++;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      sent.push(...events.map((e) => e.id));
    }
  };
  await write(20);
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  const leaderId = meta.topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
  const leader = cluster.nodes.find((n) => n.id === leaderId);
  if (!leader) throw new Error(`no leader for partition 0 (${leaderId})`);
  const killedAt = Date.now();
  const writing = write(40);
  await new Promise((r) => setTimeout(r, 100));
  await leader.kill('SIGKILL');
  await writing;
  const writeMs = since(killedAt);
  await eventually(
    async () => {
      if (received.size < sent.length) throw new Error(`${received.size} of ${sent.length} received`);
    },
    { timeoutMs: 120000, what: 'every event consumed' },
  ).catch(async (err: Error) => {
    // Tell a lost write from a consumer that stopped short: what the topic holds.
    const offsets = await admin.fetchTopicOffsets(topic);
    const group = await admin.fetchOffsets({ groupId, topics: [topic] });
    throw new Error(
      `${err.message}; topic high watermarks ${JSON.stringify(offsets.map((o) => [o.partition, o.high]))}, ` +
        `group offsets ${JSON.stringify(group[0]?.partitions.map((p) => [p.partition, p.offset]))}`,
    );
  });
  expect([...received.keys()].sort()).toEqual([...sent].sort());
  const after = await admin.fetchTopicMetadata({ topics: [topic] });
  const newLeader = after.topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
  expect(newLeader).not.toBe(leaderId);
  report('partition leader killed during a backlog', {
    events: sent.length,
    lost: 0,
    redelivered: [...received.values()].filter((n) => n > 1).length,
    publishRetries: failedBatches,
    partialAcksResent: publisher.partialAcks,
    killedLeader: String(leaderId),
    newLeader: String(newLeader),
    writeAfterKillMs: writeMs,
  });
}, 240000);
