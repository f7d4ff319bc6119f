import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  PoisonMessageError,
  batched,
  createLogger,
  type EventCatalog,
  type EventEnvelope,
} from '../src';
import { asConsumed, fakeKafka, MemoryRegistry } from './support/fake-kafka';

// A projection that stores a consumer batch in one write (EventHandler.batch):
// consecutive events go to it in delivery order, offsets are resolved only
// after it returns and in order, events for other handlers or other types
// keep their place, and a batch that fails for good is applied one by one so
// only the poison event is dead-lettered.

const schema = {
  type: 'record',
  name: 'Counted',
  namespace: 'cardline.test',
  fields: [{ name: 'n', type: 'long' }],
};
const types = {
  projected: {
    type: 'test.count.projected.v1',
    topic: 'test.count',
    subject: 'test.count-projected',
    schema,
    writers: ['test'],
  },
  single: {
    type: 'test.count.single.v1',
    topic: 'test.count',
    subject: 'test.count-single',
    schema,
    writers: ['test'],
  },
  other: {
    type: 'test.count.other.v1',
    topic: 'test.count',
    subject: 'test.count-other',
    schema,
    writers: ['test'],
  },
};
const catalog: EventCatalog = { get: (t) => Object.values(types).find((i) => i.type === t) };

const event = (type: string, n: number): EventEnvelope => ({
  id: `e-${n}`,
  type,
  source: 'test',
  subject: 'acc-1',
  time: new Date('2026-12-01T09:00:00.000Z'),
  correlationId: `corr-${n}`,
  causationId: null,
  aggregateVersion: n,
  payload: { n },
});

async function group(poison?: number) {
  const fake = fakeKafka();
  const serde = new AvroSerde(new MemoryRegistry());
  const publisher = new EventPublisher(fake.kafka, serde, catalog);
  await publisher.connect();
  const log: string[] = [];
  const n = (e: EventEnvelope) => (e.payload as { n: number }).n;
  const one = async (e: EventEnvelope) => {
    if (n(e) === poison) throw new PoisonMessageError(`event ${n(e)} can never apply`);
    log.push(`one ${n(e)}`);
  };
  const runner = new ConsumerRunner({
    kafka: fake.kafka,
    group: 'test.counts',
    topics: ['test.count'],
    handlers: {
      [types.projected.type]: batched(one, async (events) => {
        if (events.some((e) => n(e) === poison)) throw new PoisonMessageError('a poison event in the batch');
        log.push(`batch ${events.map(n).join(',')}`);
      }),
      [types.single.type]: async (e: EventEnvelope) => void log.push(`single ${n(e)}`),
    },
    serde,
    catalog,
    publisher,
    logger: createLogger('test', 'silent'),
    maxAttempts: 1,
  });
  // Dead letters go into the same log, so their order against the batches shows.
  const sendRaw = publisher.sendRaw.bind(publisher);
  publisher.sendRaw = async (topic, messages) => {
    log.push(`dead ${String(messages[0]?.headers?.dlq_original_offset)}`);
    return sendRaw(topic, messages);
  };
  await runner.start();
  const consume = async (events: EventEnvelope[]) => {
    await publisher.publish(events);
    const records = fake.sent.filter((t) => t.topic === 'test.count').flatMap((t) => t.messages);
    await fake.deliver(
      'test.count',
      0,
      records.map((r, i) => asConsumed(r, String(i))),
    );
  };
  const dead = () =>
    fake.sent.filter((t) => t.topic === 'test.count.dlq.test.counts').flatMap((t) => t.messages);
  return { consume, log, resolved: fake.resolved, dead, stop: () => runner.stop() };
}

it('consecutive events for a batch handler are applied in one call, in order, then their offsets resolved in order', async () => {
  const g = await group();
  await g.consume([1, 2, 3, 4].map((n) => event(types.projected.type, n)));
  expect(g.log).toEqual(['batch 1,2,3,4']);
  expect(g.resolved).toEqual(['0', '1', '2', '3']);
  await g.stop();
});

it('a skipped type keeps its place in the batch; an event for a single handler waits until the events before it are applied', async () => {
  const g = await group();
  await g.consume([
    event(types.projected.type, 1),
    event(types.other.type, 2), // no handler: skipped, resolved after 1
    event(types.projected.type, 3),
    event(types.single.type, 4), // flushes 1 and 3 first
    event(types.projected.type, 5),
  ]);
  expect(g.log).toEqual(['batch 1,3', 'single 4', 'batch 5']);
  expect(g.resolved).toEqual(['0', '1', '2', '3', '4']);
  await g.stop();
});

it('a batch that fails for good is applied one by one: only the poison event is dead-lettered, the rest are applied', async () => {
  const g = await group(3);
  await g.consume([1, 2, 3, 4].map((n) => event(types.projected.type, n)));
  expect(g.log).toEqual(['one 1', 'one 2', 'dead 2', 'one 4']);
  expect(g.dead().map((m) => String(m.headers?.dlq_reason))).toEqual(['event 3 can never apply']);
  expect(g.resolved).toEqual(['0', '1', '2', '3']);
  await g.stop();
});

it('at most 500 events go into one call', async () => {
  const g = await group();
  await g.consume(Array.from({ length: 1200 }, (_, i) => event(types.projected.type, i + 1)));
  expect(g.log.map((l) => l.split(',').length)).toEqual([500, 500, 200]);
  expect(g.resolved).toHaveLength(1200);
  expect(g.resolved.at(-1)).toBe('1199');
  await g.stop();
});

it('a message that is dead-lettered at decode waits for the events before it: they are applied first', async () => {
  const g = await group();
  await g.consume([
    event(types.projected.type, 1),
    event(types.projected.type, 2),
    { ...event(types.projected.type, 3), source: 'rogue' }, // a source that may not write the topic
    event(types.projected.type, 4),
  ]);
  expect(g.log).toEqual(['batch 1,2', 'dead 2', 'batch 4']);
  expect(g.resolved).toEqual(['0', '1', '2', '3']);
  await g.stop();
});
