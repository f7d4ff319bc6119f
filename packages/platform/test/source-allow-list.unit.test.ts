import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  checkSource,
  createLogger,
  type EventCatalog,
  type EventEnvelope,
} from '../src';
import { asConsumed, fakeKafka, MemoryRegistry } from './support/fake-kafka';

// A consumer checks each event's ce_source against the services allowed to
// publish its topic; any other source is dead-lettered with the reason,
// unread (docs/adr/0029-kafka-principals-acls.md).

const info = {
  type: 'test.order.adjustment-requested.v1',
  topic: 'test.adjustment',
  subject: 'test.adjustment-cardline.test.AdjustmentRequestedV1',
  schema: {
    type: 'record',
    name: 'AdjustmentRequestedV1',
    namespace: 'cardline.test',
    fields: [{ name: 'amount', type: 'long' }],
  },
  writers: ['disputes', 'collections'],
};
const catalog: EventCatalog = { get: (type) => (type === info.type ? info : undefined) };

const request = (source: string, id: string): EventEnvelope => ({
  id,
  type: info.type,
  source,
  subject: 'acc-1',
  time: new Date('2026-12-01T09:00:00.000Z'),
  correlationId: `corr-${id}`,
  causationId: null,
  aggregateVersion: 1,
  payload: { amount: 500 },
});

async function runGroup() {
  const fake = fakeKafka();
  const serde = new AvroSerde(new MemoryRegistry());
  const publisher = new EventPublisher(fake.kafka, serde, catalog);
  await publisher.connect();
  const handled: EventEnvelope[] = [];
  const runner = new ConsumerRunner({
    kafka: fake.kafka,
    group: 'test.adjustments',
    topics: [info.topic],
    handlers: { [info.type]: async (e: EventEnvelope) => void handled.push(e) },
    serde,
    catalog,
    publisher,
    logger: createLogger('test', 'silent'),
  });
  await runner.start();
  /** Publishes the events as their sources would and delivers them to the group; returns the dead letters. */
  const consume = async (events: EventEnvelope[]) => {
    await publisher.publish(events);
    const records = fake.sent.filter((t) => t.topic === info.topic).flatMap((t) => t.messages);
    await fake.deliver(
      info.topic,
      0,
      records.map((r, i) => asConsumed(r, String(i))),
    );
    return fake.sent
      .filter((t) => t.topic === 'test.adjustment.dlq.test.adjustments')
      .flatMap((t) => t.messages);
  };
  return { consume, handled, stop: () => runner.stop() };
}

it('an event from a service allowed to publish the topic is handled', async () => {
  const g = await runGroup();
  const dead = await g.consume([request('disputes', 'e-1'), request('collections', 'e-2')]);
  expect(g.handled.map((e) => e.id)).toEqual(['e-1', 'e-2']);
  expect(dead).toEqual([]);
  await g.stop();
});

it('an event whose ce_source may not publish the topic is dead-lettered with the reason and never handled', async () => {
  const g = await runGroup();
  const dead = await g.consume([request('cards', 'forged'), request('disputes', 'good')]);
  expect(g.handled.map((e) => e.id)).toEqual(['good']);
  expect(dead).toHaveLength(1);
  const headers = Object.fromEntries(Object.entries(dead[0]?.headers ?? {}).map(([k, v]) => [k, String(v)]));
  expect(headers).toMatchObject({
    ce_id: 'forged',
    ce_source: 'cards',
    dlq_error_type: 'ForbiddenSourceError',
    dlq_reason: 'ce_source cards may not publish test.adjustment (allowed: disputes, collections)',
    dlq_original_topic: 'test.adjustment',
    dlq_consumer_group: 'test.adjustments',
  });
  await g.stop();
});

it('an unknown source is refused, a catalog without writers (a test catalog) allows any', () => {
  expect(() => checkSource('rogue', info)).toThrow('ce_source rogue may not publish test.adjustment');
  expect(() => checkSource('disputes', info)).not.toThrow();
  expect(() => checkSource('rogue', { topic: 'test.thing' })).not.toThrow();
});
