import type { Kafka } from 'kafkajs';
import type { Gauge } from 'prom-client';

/** The group whose offsets are `cardline dlq replay`'s cursor on a DLQ (docs/architecture.md, "Failures and dead letters"). */
export const dlqReplayGroup = (dlq: string): string => `cardline-cli.dlq-replay.${dlq}`;

type Offsets = { partition: number; low: string; high: string };
type Committed = { partition: number; offset: string };

/**
 * Letters a DLQ holds that were not replayed yet: per partition, the high
 * watermark minus the replay cursor (or the low watermark when no replay ran
 * or retention passed it). See docs/architecture.md, "Failures and dead letters".
 */
export function waitingLetters(offsets: Offsets[], committed: Committed[]): number {
  const cursor = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  return offsets.reduce((n, o) => {
    const start = Math.max(Number(o.low), cursor.get(o.partition) ?? -1);
    return n + Math.max(0, Number(o.high) - start);
  }, 0);
}

interface Watched {
  group: string;
  /** Each consumed topic with its DLQ. */
  dlqs: { topic: string; dlq: string }[];
  gauge: Gauge<'group' | 'topic'>;
}

/**
 * Polls the DLQs of every group of one Kafka client for `cardline_dlq_depth`
 * in one admin session per round, however many groups a service runs (a
 * session per group every 30 s was a connection and metadata fetch each on
 * the broker). The session closes after each round, so nothing stays
 * connected between rounds or after the last group left.
 */
export class DlqDepthPoller {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Pick<Kafka, 'admin'>,
    private readonly intervalMs = 30000,
  ) {}

  /** Adds a group (polled at once, then every round); the returned stop removes it and waits for a round in flight. */
  watch(w: Watched): () => Promise<void> {
    this.watched.add(w);
    this.polling = this.polling.then(() => this.poll([w]));
    if (!this.timer) {
      this.timer = setInterval(() => {
        this.polling = this.polling.then(() => this.poll([...this.watched]));
      }, this.intervalMs);
      this.timer.unref();
    }
    return async () => {
      this.watched.delete(w);
      if (this.watched.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
      await this.polling;
    };
  }

  private async poll(groups: Watched[]): Promise<void> {
    if (groups.length === 0) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      // One DLQ that cannot be read (not created yet) leaves the others' depth current.
      for (const { group, dlqs, gauge } of groups)
        for (const { topic, dlq } of dlqs)
          await Promise.all([
            admin.fetchTopicOffsets(dlq),
            admin.fetchOffsets({ groupId: dlqReplayGroup(dlq), topics: [dlq] }),
          ])
            .then(([offsets, [cursor]]) =>
              gauge.set({ group, topic }, waitingLetters(offsets, cursor?.partitions ?? [])),
            )
            .catch(() => undefined);
    } catch {
      // The broker is away: the gauges keep their last values until a round gets through.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

const pollers = new WeakMap<object, DlqDepthPoller>();

/** The one poller of a Kafka client, so all its groups share its rounds. */
export function dlqDepthPollerFor(kafka: Pick<Kafka, 'admin'>, intervalMs?: number): DlqDepthPoller {
  let p = pollers.get(kafka);
  if (!p) pollers.set(kafka, (p = new DlqDepthPoller(kafka, intervalMs)));
  return p;
}
