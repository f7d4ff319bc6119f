import { consumerGroups, findEventType } from '@cardline/schemas';
import { TIMELINE_TOPICS } from '../src/adapters/kafka/handlers';
import { TIMELINE_TYPES } from '../src/domain/timeline';

describe('the timeline’s topics', () => {
  it('are every service’s event topics, as topics.json declares for ticketing.timeline (so each has its DLQ)', () => {
    const group = consumerGroups.find((g) => g.group === 'ticketing.timeline');
    expect(group?.topics).toEqual([...TIMELINE_TOPICS].sort());
  });

  it('carry every event type the timeline summarises, and each carries at least one', () => {
    const topicOf = (type: string) => findEventType(type)?.topic;
    for (const type of TIMELINE_TYPES)
      expect({ type, read: TIMELINE_TOPICS.includes(topicOf(type) ?? '') }).toEqual({ type, read: true });
    for (const topic of TIMELINE_TOPICS)
      expect({ topic, summarised: TIMELINE_TYPES.some((t) => topicOf(t) === topic) }).toEqual({
        topic,
        summarised: true,
      });
  });
});
