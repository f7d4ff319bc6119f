import { Kafka as CloudEventsKafka, type CloudEventV1 } from 'cloudevents';
import type { Message } from 'kafkajs';
import { AvroSerde, EventPublisher, fromHeaders, type EventCatalog, type EventEnvelope } from '../src';
import { fakeKafka, MemoryRegistry } from './support/fake-kafka';

// What the publisher puts on Kafka must be a CloudEvent to any consumer that
// follows the Kafka protocol binding, not only to our own reader: the
// CloudEvents JavaScript SDK decodes the record here (docs/architecture.md#headers).

const info = {
  type: 'cards.card.frozen.v1',
  topic: 'cards.card',
  subject: 'cards.card-cardline.test.FrozenV1',
  schema: {
    type: 'record',
    name: 'FrozenV1',
    namespace: 'cardline.test',
    fields: [
      { name: 'cardId', type: 'string' },
      { name: 'reason', type: 'string' },
    ],
  },
};
const catalog: EventCatalog = { get: (type) => (type === info.type ? info : undefined) };

const event: EventEnvelope = {
  id: '5f0c1e8a-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
  type: info.type,
  source: 'cards',
  subject: 'card_123',
  time: new Date('2026-12-01T09:30:00.000Z'),
  correlationId: 'corr-7',
  causationId: 'req-7',
  aggregateVersion: 4,
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  payload: { cardId: 'card_123', reason: 'customer request' },
};

/** The record exactly as the publisher hands it to the producer. */
async function published(): Promise<{ record: Message; serde: AvroSerde }> {
  const fake = fakeKafka();
  const serde = new AvroSerde(new MemoryRegistry());
  const publisher = new EventPublisher(fake.kafka, serde, catalog);
  await publisher.connect();
  await publisher.publish([event]);
  const record = fake.sent[0]?.messages[0];
  if (!record) throw new Error('nothing was sent');
  return { record, serde };
}

/** The SDK's Kafka message: headers as strings, as a consumer reads the header bytes. */
function sdkMessage(record: Message) {
  const headers = Object.fromEntries(Object.entries(record.headers ?? {}).map(([k, v]) => [k, String(v)]));
  return { key: String(record.key), value: record.value, headers, body: record.value };
}

describe('CloudEvents Kafka protocol binding, binary mode', () => {
  it('the CloudEvents SDK reads a published record as a valid CloudEvent with every attribute', async () => {
    const { record, serde } = await published();
    const ce = CloudEventsKafka.toEvent(sdkMessage(record)) as CloudEventV1<Buffer> & {
      partitionkey?: string;
    };
    expect(ce).toMatchObject({
      specversion: '1.0',
      id: event.id,
      type: 'cards.card.frozen.v1',
      source: 'cards',
      subject: 'card_123',
      time: '2026-12-01T09:30:00.000Z',
      datacontenttype: 'application/avro',
      partitionkey: 'card_123',
    });
    expect(() => (ce as unknown as { validate(): boolean }).validate()).not.toThrow();
    // The data is the Confluent-framed Avro body, which our serde decodes.
    expect(await serde.decode(ce.data as Buffer, info.schema)).toEqual(event.payload);
  });

  it('writes the content type as `content-type`, the header the SDKs read', async () => {
    const { record } = await published();
    const headers = record.headers ?? {};
    expect(headers['content-type']).toBe('application/avro');
    expect(headers).not.toHaveProperty('content_type');
    for (const name of ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject'])
      expect(headers).toHaveProperty(name);
  });

  it('a record written before, with content_type, hides its content type from the SDK but not from our reader', async () => {
    const { record } = await published();
    const { 'content-type': contentType, ...rest } = record.headers ?? {};
    const legacy = { ...record, headers: { ...rest, content_type: contentType } };
    const ce = CloudEventsKafka.toEvent(sdkMessage(legacy)) as CloudEventV1<Buffer>;
    expect(ce.datacontenttype).toBeUndefined();
    const raw = Object.fromEntries(
      Object.entries(legacy.headers).map(([k, v]) => [k, Buffer.from(String(v))]),
    );
    expect(fromHeaders(raw, event.payload)).toEqual({ ...event, tracestate: undefined });
  });
});
