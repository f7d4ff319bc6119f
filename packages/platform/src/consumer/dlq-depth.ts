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

/**
 * Polls a group's DLQs for `cardline_dlq_depth` (the dead-letter counter
 * counts arrivals; this is the backlog an operator still has to replay).
 * Each poll opens and closes its own admin session, so nothing stays
 * connected between polls or after stop.
 */
export class DlqDepthProbe {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: {
      kafka: Kafka;
      group: string;
      /** Each consumed topic with its DLQ. */
      dlqs: { topic: string; dlq: string }[];
      gauge: Gauge<'group' | 'topic'>;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.polling = this.poll().catch(() => undefined);
    };
    tick();
    this.timer = setInterval(tick, this.o.intervalMs ?? 30000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  private async poll(): Promise<void> {
    const admin = this.o.kafka.admin();
    await admin.connect();
    try {
      // One DLQ that cannot be read (not created yet) leaves the others' depth current.
      for (const { topic, dlq } of this.o.dlqs)
        await Promise.all([
          admin.fetchTopicOffsets(dlq),
          admin.fetchOffsets({ groupId: dlqReplayGroup(dlq), topics: [dlq] }),
        ])
          .then(([offsets, [cursor]]) =>
            this.o.gauge.set(
              { group: this.o.group, topic },
              waitingLetters(offsets, cursor?.partitions ?? []),
            ),
          )
          .catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}
