import { Kafka, logLevel, type Admin, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import {
  AvroSerde,
  EventPublisher,
  HttpRegistryClient,
  createKafka,
  createLogger,
  kafkaAuth,
  kafkaSaslFromEnv,
  type EventCatalog,
  type KafkaSasl,
} from '@cardline/platform';
import { eventTypes } from '@cardline/schemas';
import { serverEnv, unique } from './env';
import { stopAfterFile } from './teardown';

/**
 * The credentials of a Kafka principal for the tests' own clients: `admin`
 * is the tests' (KAFKA_SASL_*), a service's its KAFKA_PASSWORD_<SERVICE>;
 * null on a plaintext broker (docs/adr/0029-kafka-principals-acls.md).
 */
export function saslOf(principal: string): KafkaSasl | null {
  const admin = kafkaSaslFromEnv();
  if (principal === 'admin' || !admin) return admin;
  const password = process.env[`KAFKA_PASSWORD_${principal.toUpperCase()}`];
  if (!password)
    throw new Error(`no KAFKA_PASSWORD_${principal.toUpperCase()} for the ${principal} principal`);
  return { username: principal, password };
}

const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

const rawKafka = (principal: string, clientId: string) =>
  new Kafka({ clientId, brokers: brokers(), ...kafkaAuth(saslOf(principal)), logLevel: logLevel.NOTHING });

/** A connected admin client as the admin principal, disconnected after the file. */
export async function adminClient(): Promise<Admin> {
  const admin = rawKafka('admin', unique('test-admin')).admin();
  stopAfterFile({ stop: () => admin.disconnect() }, 'admin client');
  await admin.connect();
  return admin;
}

/**
 * A connected publisher of enveloped events (Avro, CloudEvents headers) as
 * one principal, disconnected after the file: what a service's relay sends,
 * with whatever `ce_source` the test puts on the envelope.
 */
export async function producerAs(
  principal: string,
  catalog: EventCatalog = eventTypes,
): Promise<EventPublisher> {
  const publisher = new EventPublisher(
    createKafka({
      clientId: unique(`test-${principal}`),
      brokers: brokers(),
      logger: createLogger(`test-${principal}`, 'warn'),
      sasl: saslOf(principal),
    }),
    new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL)),
    catalog,
  );
  stopAfterFile({ stop: () => publisher.disconnect() }, `${principal} publisher`);
  await publisher.connect();
  return publisher;
}

/** A connected kafkajs producer as one principal, for bytes that are not an event; disconnected after the file. */
export async function rawProducerAs(principal: string): Promise<Producer> {
  const producer = rawKafka(principal, unique(`test-raw-${principal}`)).producer();
  stopAfterFile({ stop: () => producer.disconnect() }, `${principal} raw producer`);
  await producer.connect();
  return producer;
}

export interface Collected {
  topic: string;
  partition: number;
  message: KafkaMessage;
  headers: Record<string, string>;
}

/**
 * Reads topics from the beginning with a throwaway group and keeps every
 * record, so tests can assert on exactly what was published.
 */
export class TopicCollector {
  readonly records: Collected[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: string[],
    private readonly topics: string[],
  ) {
    stopAfterFile(this, `collector of ${topics.join(', ')}`);
  }

  async start(): Promise<this> {
    const kafka = new Kafka({
      clientId: unique('collector'),
      brokers: this.brokers,
      ...kafkaAuth(),
      logLevel: logLevel.NOTHING,
    });
    this.consumer = kafka.consumer({ groupId: unique('collector'), maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) =>
      this.consumer?.on(this.consumer.events.GROUP_JOIN, () => resolve()),
    );
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          headers[k] = String(Array.isArray(v) ? v[0] : v);
        this.records.push({ topic, partition, message, headers });
      },
    });
    await joined;
    return this;
  }

  where(pred: (r: Collected) => boolean): Collected[] {
    return this.records.filter(pred);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
