import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  PlatformMetrics,
  createLogger,
  type EventCatalog,
} from '../src';
import { fakeKafka, MemoryRegistry } from './support/fake-kafka';

// cardline_consumer_lag per partition is what kafkajs's batch says is left
// behind it; an empty batch at the end of the log says -1, which is no lag.
const catalog: EventCatalog = { get: () => undefined };

async function lagAfter(offsetLag: string): Promise<number | undefined> {
  const fake = fakeKafka();
  const metrics = new PlatformMetrics('test');
  const serde = new AvroSerde(new MemoryRegistry());
  const publisher = new EventPublisher(fake.kafka, serde, catalog);
  const runner = new ConsumerRunner({
    kafka: fake.kafka,
    group: 'test.lag',
    topics: ['test.t'],
    handlers: {},
    serde,
    catalog,
    publisher,
    logger: createLogger('test', 'silent'),
    metrics,
  });
  await runner.start();
  await fake.deliver('test.t', 2, [], offsetLag);
  await runner.stop();
  const gauge = (await metrics.registry.getSingleMetric('cardline_consumer_lag')?.get())?.values ?? [];
  return gauge.find((v) => v.labels.partition === '2' && v.labels.group === 'test.lag')?.value;
}

describe('the consumer lag gauge', () => {
  it.each([
    ['kafkajs says 7 records are left', '7', 7],
    ['caught up', '0', 0],
    ['an empty batch at the end of the log (kafkajs says -1)', '-1', 0],
    ['no answer kafkajs can give as a number', 'NaN', 0],
  ])('%s: %s → %d', async (_what, offsetLag, expected) => {
    expect(await lagAfter(offsetLag)).toBe(expected);
  });
});
