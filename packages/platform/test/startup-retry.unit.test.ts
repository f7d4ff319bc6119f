import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import {
  createLogger,
  isRetriableKafkaError,
  KafkaStartupError,
  retryKafkaStartup,
} from '@cardline/platform';

const logger = createLogger('startup-retry-test', 'silent');
const notCoordinator = () =>
  new KafkaJSProtocolError({
    message: 'This is not the correct coordinator for this group',
    type: 'NOT_COORDINATOR',
    code: 16,
    retriable: true,
  } as never);

describe('which start-up errors mean "not yet"', () => {
  it('a coordinator that is not ready yet is retriable, also when kafkajs wrapped it after its own retries', () => {
    expect(isRetriableKafkaError(notCoordinator())).toBe(true);
    const exhausted = new KafkaJSNumberOfRetriesExceeded(notCoordinator(), { retryCount: 5, retryTime: 100 });
    expect(exhausted.retriable).toBe(false);
    expect(isRetriableKafkaError(exhausted)).toBe(true);
  });

  it('a topic not hosted yet and a refused connection are retriable', () => {
    expect(isRetriableKafkaError({ name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION' })).toBe(
      true,
    );
    expect(isRetriableKafkaError({ name: 'Error', code: 'ECONNREFUSED' })).toBe(true);
  });

  it('a programming error is not, even wrapped by kafkajs', () => {
    expect(isRetriableKafkaError(new TypeError('x is not a function'))).toBe(false);
    expect(isRetriableKafkaError(new KafkaJSNonRetriableError(new TypeError('boom') as never))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});

describe('retryKafkaStartup', () => {
  it('retries a loading coordinator until it answers', async () => {
    let calls = 0;
    const result = await retryKafkaStartup(
      async () => {
        if (++calls < 4) throw notCoordinator();
        return 'joined';
      },
      { logger, what: 'fetch offsets', initialMs: 1, maxMs: 2 },
    );
    expect(result).toBe('joined');
    expect(calls).toBe(4);
  });

  it('fails at once on an error that is not retriable', async () => {
    let calls = 0;
    const fn = async () => {
      calls++;
      throw new TypeError('bad argument');
    };
    await expect(retryKafkaStartup(fn, { logger, what: 'seek' })).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });

  it('gives up at its deadline with a message naming the step and the last error', async () => {
    const fn = async () => {
      throw notCoordinator();
    };
    const err = await retryKafkaStartup(fn, {
      logger,
      what: 'consumer group g: fetch committed offsets',
      deadlineMs: 50,
      initialMs: 5,
      maxMs: 10,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaStartupError);
    expect((err as Error).message).toMatch(
      /^consumer group g: fetch committed offsets: Kafka still not ready after \d+ s and \d+ attempts \(last error: This is not the correct coordinator for this group\)$/,
    );
    expect((err as Error).cause).toBeInstanceOf(KafkaJSProtocolError);
  });
});
