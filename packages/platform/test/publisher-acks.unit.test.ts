import {
  isTransient,
  producerTuningFromEnv,
  splitRequests,
  unacknowledged,
  UnacknowledgedPartitionsError,
} from '@cardline/platform';

// The publisher's check of a batch's acknowledgements (events/publisher.ts):
// kafkajs can resolve a batch without one partition's messages after a leader
// change (tulios/kafkajs#1303); those are found here and sent again.
const msg = (partition: number, key: string) => ({ key, value: Buffer.from(key), partition });
const ack = (topicName: string, partition: number, errorCode = 0) => ({ topicName, partition, errorCode });

it('finds the messages of partitions the broker did not acknowledge, keeping their order', () => {
  const sent = [
    { topic: 'a', messages: [msg(0, 'k1'), msg(1, 'k2'), msg(0, 'k3')] },
    { topic: 'b', messages: [msg(0, 'k4')] },
  ];
  expect(unacknowledged(sent, [ack('a', 1), ack('b', 0)])).toEqual([
    { topic: 'a', messages: [msg(0, 'k1'), msg(0, 'k3')] },
  ]);
  expect(unacknowledged(sent, [ack('a', 0), ack('a', 1), ack('b', 0)])).toEqual([]);
});

it('an acknowledgement with an error code does not count, and a partition of another topic is not this one', () => {
  const sent = [{ topic: 'a', messages: [msg(2, 'k1')] }];
  expect(unacknowledged(sent, [ack('a', 2, 6)])).toEqual(sent);
  expect(unacknowledged(sent, [ack('b', 2)])).toEqual(sent);
});

it('a batch still unacknowledged after the retries is a transient failure the relay retries', () => {
  const err = new UnacknowledgedPartitionsError([{ topic: 'a', messages: [msg(2, 'k1'), msg(2, 'k2')] }]);
  expect(err.message).toBe('Kafka acknowledged the batch without partitions a[2]');
  expect(isTransient(err)).toBe(true);
});

it('a publish larger than the request size goes out as requests in order, each topic split where it fills one', () => {
  const a = [msg(0, 'k1'), msg(1, 'k2'), msg(0, 'k3')];
  const b = [msg(0, 'k4'), msg(0, 'k5')];
  const sent = [
    { topic: 'a', messages: a },
    { topic: 'b', messages: b },
  ];
  expect(splitRequests(sent, 2)).toEqual([
    [{ topic: 'a', messages: a.slice(0, 2) }],
    [
      { topic: 'a', messages: a.slice(2) },
      { topic: 'b', messages: b.slice(0, 1) },
    ],
    [{ topic: 'b', messages: b.slice(1) }],
  ]);
  expect(splitRequests(sent)).toEqual([sent]);
  expect(splitRequests(sent, 5)).toEqual([sent]);
});

it('producer tuning comes from the environment, and a codec kafkajs cannot write is refused at start', () => {
  expect(producerTuningFromEnv({})).toEqual({});
  expect(producerTuningFromEnv({ KAFKA_COMPRESSION: 'gzip', KAFKA_MAX_RECORDS_PER_REQUEST: '1000' })).toEqual(
    {
      compression: 'gzip',
      maxRecordsPerRequest: 1000,
    },
  );
  expect(() => producerTuningFromEnv({ KAFKA_COMPRESSION: 'zstd' })).toThrow(/none or gzip/);
  expect(() => producerTuningFromEnv({ KAFKA_MAX_RECORDS_PER_REQUEST: '0' })).toThrow(/positive integer/);
});
