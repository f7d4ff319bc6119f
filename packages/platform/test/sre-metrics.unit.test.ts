import { Gauge } from 'prom-client';
import { PlatformMetrics } from '../src/observability/metrics';
import { LagClock, lagSeconds } from '../src/observability/lag-clock';
import { summariseBacklog } from '../src/outbox/backlog';
import { DlqDepthPoller, dlqDepthPollerFor, dlqReplayGroup, waitingLetters } from '../src/consumer/dlq-depth';

const labels = { group: 'cards.read-models', topic: 'cards.card', partition: '3' };
const lagGauge = () =>
  new Gauge({
    name: 'lag',
    help: 'lag',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [],
  });

describe('consumer lag in seconds', () => {
  it('is the age of the oldest record the group has not finished, read at scrape time', async () => {
    let now = 10_000;
    const gauge = lagGauge();
    const clock = new LagClock(() => now);
    clock.working(labels, 4_000);
    clock.report(gauge);
    expect((await gauge.get()).values).toEqual([{ labels, value: 6 }]);
    now = 70_000;
    clock.report(gauge);
    expect((await gauge.get()).values).toEqual([{ labels, value: 66 }]);
  });

  it('reads 0 once the group caught up with the high watermark', () => {
    const clock = new LagClock(() => 50_000);
    clock.working(labels, 1_000);
    clock.caughtUp(labels);
    const set = jest.fn();
    clock.report({ set, reset: () => undefined } as never);
    expect(set).toHaveBeenCalledWith(labels, 0);
  });

  it("drops a group's partitions after a rebalance, so a moved partition's age stops growing here", async () => {
    const gauge = lagGauge();
    const clock = new LagClock(() => 9_000);
    clock.working(labels, 1_000);
    clock.working({ ...labels, group: 'cards.other' }, 1_000);
    clock.forget(labels.group);
    clock.report(gauge);
    expect((await gauge.get()).values).toEqual([{ labels: { ...labels, group: 'cards.other' }, value: 8 }]);
  });

  it('is never negative when the producer clock runs ahead', () => {
    expect(lagSeconds(12_000, 10_000)).toBe(0);
    expect(lagSeconds(null, 10_000)).toBe(0);
  });

  it('is exported under its name with the group, topic and partition labels', async () => {
    const metrics = new PlatformMetrics('cards');
    metrics.lagClock.working(labels, Date.now() - 5_000);
    const text = await metrics.registry.getSingleMetricAsString('cardline_consumer_lag_seconds');
    const line = text.split('\n').find((l) => l.startsWith('cardline_consumer_lag_seconds{'));
    expect(line).toContain('group="cards.read-models"');
    expect(line).toContain('partition="3"');
    expect(line).toContain('service="cards"');
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(5);
  });
});

describe('outbox backlog', () => {
  it('counts the unpublished events and the age of the oldest', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const docs = [
      { outbox: [{ time: new Date('2026-12-01T11:59:00Z') }, { time: new Date('2026-12-01T11:58:30Z') }] },
      { outbox: [{ time: '2026-12-01T11:59:50Z' }] },
    ];
    expect(summariseBacklog(docs, now)).toEqual({ events: 3, oldestAgeSeconds: 90 });
  });

  it('reads 0 when nothing waits or the service clock is ahead of the wall clock', () => {
    expect(summariseBacklog([], 0)).toEqual({ events: 0, oldestAgeSeconds: 0 });
    expect(summariseBacklog([{ outbox: [{ time: new Date(5_000) }] }], 1_000)).toEqual({
      events: 1,
      oldestAgeSeconds: 0,
    });
  });
});

describe('DLQ depth', () => {
  it('counts the letters past the replay cursor, partition by partition', () => {
    const offsets = [
      { partition: 0, low: '0', high: '10' },
      { partition: 1, low: '4', high: '6' },
    ];
    expect(waitingLetters(offsets, [{ partition: 0, offset: '7' }])).toBe(3 + 2);
  });

  it('counts every retained letter when no replay ran (committed offset -1)', () => {
    expect(waitingLetters([{ partition: 0, low: '2', high: '9' }], [{ partition: 0, offset: '-1' }])).toBe(7);
  });

  it("uses the CLI's replay cursor group", () => {
    expect(dlqReplayGroup('cards.card.dlq.cards.read-models')).toBe(
      'cardline-cli.dlq-replay.cards.card.dlq.cards.read-models',
    );
  });
});

describe('the SRE metric names', () => {
  it.each([
    'cardline_consumer_lag_seconds',
    'cardline_consumer_lag',
    'cardline_outbox_pending',
    'cardline_outbox_backlog_events',
    'cardline_outbox_oldest_pending_age_seconds',
    'cardline_dlq_depth',
    'cardline_dlq_messages_total',
    'cardline_timer_backlog_documents',
    'cardline_timer_parked_documents',
    'http_request_duration_seconds',
  ])('%s is registered', (name) => {
    expect(new PlatformMetrics('cards').registry.getSingleMetric(name)).toBeDefined();
  });
});

describe('the DLQ depth poller', () => {
  const fakeKafka = () => {
    // Per admin session, the DLQs it read.
    const sessions = { opened: 0, open: 0, read: [] as string[][] };
    const admin = () => {
      const read: string[] = [];
      return {
        connect: async () => {
          sessions.opened += 1;
          sessions.open += 1;
          sessions.read.push(read);
        },
        disconnect: async () => {
          sessions.open -= 1;
        },
        fetchTopicOffsets: async (dlq: string) => {
          read.push(dlq);
          return [{ partition: 0, low: '0', high: dlq.startsWith('a') ? '3' : '5' }];
        },
        fetchOffsets: async () => [{ topic: 'x', partitions: [{ partition: 0, offset: '1' }] }],
      };
    };
    return { kafka: { admin } as unknown as Parameters<typeof dlqDepthPollerFor>[0], sessions };
  };
  const gauge = () =>
    new Gauge({
      name: `dlq_depth_${Math.random().toString(36).slice(2)}`,
      help: 'h',
      labelNames: ['group', 'topic'],
      registers: [],
    });
  const valueOf = async (g: Gauge<'group' | 'topic'>) =>
    (await g.get()).values.map((v) => [v.labels.group, v.value]);

  it('polls every group of a client in one admin session per round, and none after the last group left', async () => {
    const { kafka, sessions } = fakeKafka();
    const poller = new DlqDepthPoller(kafka, 40);
    const g = gauge();
    const stops = [
      poller.watch({ group: 'g1', dlqs: [{ topic: 'a', dlq: 'a.dlq.g1' }], gauge: g }),
      poller.watch({ group: 'g2', dlqs: [{ topic: 'b', dlq: 'b.dlq.g2' }], gauge: g }),
      poller.watch({ group: 'g3', dlqs: [{ topic: 'b', dlq: 'b.dlq.g3' }], gauge: g }),
    ];
    await new Promise((r) => setTimeout(r, 10));
    expect(sessions.opened).toBe(3); // one first look per group as it joins
    await new Promise((r) => setTimeout(r, 150));
    const rounds = sessions.read.slice(3);
    expect(rounds.length).toBeGreaterThanOrEqual(1);
    for (const read of rounds) expect(read).toEqual(['a.dlq.g1', 'b.dlq.g2', 'b.dlq.g3']);
    expect(await valueOf(g)).toEqual([
      ['g1', 2],
      ['g2', 4],
      ['g3', 4],
    ]);
    for (const stop of stops) await stop();
    const after = sessions.opened;
    await new Promise((r) => setTimeout(r, 100));
    expect(sessions.opened).toBe(after);
    expect(sessions.open).toBe(0);
  });

  it('is one poller per Kafka client', () => {
    const a = fakeKafka().kafka;
    expect(dlqDepthPollerFor(a)).toBe(dlqDepthPollerFor(a));
    expect(dlqDepthPollerFor(a)).not.toBe(dlqDepthPollerFor(fakeKafka().kafka));
  });
});
