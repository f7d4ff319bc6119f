import { isTransient, unacknowledged, UnacknowledgedPartitionsError } from '@cardline/platform';

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
