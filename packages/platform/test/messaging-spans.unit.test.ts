import { SpanKind, trace } from '@opentelemetry/api';
import {
  AvroSerde,
  ConsumerRunner,
  EventPublisher,
  createLogger,
  currentTraceHeaders,
  type EventCatalog,
  type EventEnvelope,
} from '../src';
import { asConsumed, fakeKafka, MemoryRegistry } from './support/fake-kafka';
import { recordSpans } from './support/tracing';

// The spans around a Kafka hop follow the OpenTelemetry messaging semantic
// conventions: `send <topic>` on the producer, `process <topic>` in the
// consumer group, with the attributes that let an SRE find the record.

const exporter = recordSpans();

const info = {
  type: 'test.thing.happened.v1',
  topic: 'test.thing',
  subject: 'test.thing-cardline.test.HappenedV1',
  schema: {
    type: 'record',
    name: 'HappenedV1',
    namespace: 'cardline.test',
    fields: [{ name: 'thingId', type: 'string' }],
  },
};
const catalog: EventCatalog = { get: (type) => (type === info.type ? info : undefined) };

function tracedEvent(): EventEnvelope {
  const stored = trace.getTracer('test').startActiveSpan('request', (span) => {
    const h = currentTraceHeaders();
    span.end();
    return h;
  });
  return {
    id: '0b8e7c4a-5f1d-4c3e-9a2b-6d7e8f901234',
    type: info.type,
    source: 'test',
    subject: 'thing-1',
    time: new Date('2026-12-01T09:00:00.000Z'),
    correlationId: 'corr-1',
    causationId: null,
    aggregateVersion: 1,
    ...stored,
    payload: { thingId: 'thing-1' },
  };
}

it('an event is sent in a producer span `send <topic>` with the messaging attributes, and the group processes it in `process <topic>`, its child', async () => {
  const fake = fakeKafka();
  const serde = new AvroSerde(new MemoryRegistry());
  const publisher = new EventPublisher(fake.kafka, serde, catalog);
  await publisher.connect();
  const e = tracedEvent();
  await publisher.publish([e]);

  const send = exporter.getFinishedSpans().find((s) => s.name === 'send test.thing');
  expect(send?.kind).toBe(SpanKind.PRODUCER);
  expect(send?.attributes).toEqual({
    'messaging.system': 'kafka',
    'messaging.system.name': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.destination.name': 'test.thing',
    'messaging.message.id': e.id,
    'kafka.message.key': 'thing-1',
    'cloudevents.event_type': info.type,
  });

  const handled: EventEnvelope[] = [];
  const runner = new ConsumerRunner({
    kafka: fake.kafka,
    group: 'test.things',
    topics: ['test.thing'],
    handlers: { [info.type]: async (ev: EventEnvelope) => void handled.push(ev) },
    serde,
    catalog,
    publisher,
    logger: createLogger('test', 'silent'),
  });
  await runner.start();
  const record = fake.sent[0]?.messages[0];
  if (!record) throw new Error('nothing was sent');
  await fake.deliver('test.thing', 3, [asConsumed(record, '42')]);
  expect(handled.map((h) => h.payload)).toEqual([{ thingId: 'thing-1' }]);

  const processed = exporter.getFinishedSpans().find((s) => s.name === 'process test.thing');
  expect(processed?.kind).toBe(SpanKind.CONSUMER);
  expect(processed?.attributes).toEqual({
    'messaging.system': 'kafka',
    'messaging.system.name': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': 'test.thing',
    'messaging.destination.partition.id': '3',
    'messaging.consumer.group.name': 'test.things',
    'messaging.message.id': e.id,
    'kafka.offset': 42,
    'kafka.message.key': 'thing-1',
    'cloudevents.event_type': info.type,
  });
  expect(processed?.spanContext().traceId).toBe(send?.spanContext().traceId);
  expect(processed?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
  await runner.stop();
});
