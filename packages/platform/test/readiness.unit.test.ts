import type { mongo } from 'mongoose';
import {
  AvroSerde,
  EventPublisher,
  ServiceRuntime,
  createLogger,
  type EventCatalog,
  type RuntimeConfig,
} from '../src';
import { fakeKafka, MemoryRegistry } from './support/fake-kafka';

// /health/ready takes an instance out of rotation when Kafka or the store
// cannot be reached now, not only when they could not be at start.

const catalog: EventCatalog = { get: () => undefined };
const publisherOn = (kafka: ReturnType<typeof fakeKafka>['kafka']) =>
  new EventPublisher(kafka, new AvroSerde(new MemoryRegistry()), catalog);

describe('the Kafka readiness check', () => {
  it('fails while the producer is not connected', async () => {
    const fake = fakeKafka();
    await expect(publisherOn(fake.kafka).checkReachable()).rejects.toThrow('producer not connected');
    expect(fake.cluster.metadataRequests).toBe(0);
  });

  it('passes when a broker answers a metadata request', async () => {
    const fake = fakeKafka();
    const publisher = publisherOn(fake.kafka);
    await publisher.connect();
    await expect(publisher.checkReachable()).resolves.toBeUndefined();
    expect(fake.cluster.metadataRequests).toBe(1);
  });

  it('fails when the cluster cannot be reached, and passes again once it can', async () => {
    const fake = fakeKafka();
    const publisher = publisherOn(fake.kafka);
    await publisher.connect();
    const answer = fake.cluster.describe;
    fake.cluster.describe = async () => {
      throw Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19092'), {
        name: 'KafkaJSConnectionError',
      });
    };
    await expect(publisher.checkReachable()).rejects.toThrow(/ECONNREFUSED/);
    fake.cluster.describe = answer;
    await expect(publisher.checkReachable()).resolves.toBeUndefined();
  });

  it('fails when the cluster lists no brokers', async () => {
    const fake = fakeKafka();
    const publisher = publisherOn(fake.kafka);
    await publisher.connect();
    fake.cluster.describe = async () => ({ brokers: [], controller: null, clusterId: 'fake' });
    await expect(publisher.checkReachable()).rejects.toThrow('no brokers');
  });

  it('overlapping probes share one metadata request', async () => {
    const fake = fakeKafka();
    const publisher = publisherOn(fake.kafka);
    await publisher.connect();
    await Promise.all([publisher.checkReachable(), publisher.checkReachable(), publisher.checkReachable()]);
    expect(fake.cluster.metadataRequests).toBe(1);
  });
});

describe("a service's readiness", () => {
  // The runtime as ServiceRuntime.create builds it, on a store stand-in (no server needed).
  function runtime(db: Partial<mongo.Db>): ServiceRuntime {
    const config: RuntimeConfig = {
      SERVICE_NAME: 'readiness-test',
      PORT: 0,
      KAFKA_BROKERS: ['127.0.0.1:1'],
      MONGO_URL: 'mongodb://127.0.0.1:1',
      MONGO_DB: 'readiness',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
      LOG_LEVEL: 'silent',
      CLOCK: 'system',
      GROUP_SUFFIX: '',
    };
    const Runtime = ServiceRuntime as unknown as new (...args: unknown[]) => ServiceRuntime;
    return new Runtime(config, createLogger('readiness-test', 'silent'), db, async () => undefined, catalog);
  }

  it('checks Kafka and the store, and is not ready before the producer is connected', async () => {
    const report = await runtime({ command: async () => ({ ok: 1 }) }).health.check();
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({
      mongo: { ok: true },
      kafka: { ok: false, error: 'producer not connected' },
    });
  });

  it('reports the store as down when it does not answer a ping', async () => {
    const report = await runtime({
      command: async () => {
        throw new Error('Server selection timed out after 5000 ms');
      },
    }).health.check();
    expect(report.checks.mongo).toEqual({ ok: false, error: 'Server selection timed out after 5000 ms' });
  });
});
