import type { Gauge } from 'prom-client';

type Labels = { group: string; topic: string; partition: string };

/**
 * Consumer lag in seconds per group and partition: the age of the oldest
 * record the group has not finished, read at scrape time so a handler stuck
 * on one record shows a growing lag (docs/architecture.md, "Observability").
 * A partition the group has caught up on reads 0.
 */
export class LagClock {
  private readonly oldest = new Map<string, { labels: Labels; at: number | null }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The group is now working on a record written at `writtenAtMs`. */
  working(labels: Labels, writtenAtMs: number): void {
    this.oldest.set(key(labels), { labels, at: Number.isFinite(writtenAtMs) ? writtenAtMs : null });
  }

  /** The group has processed everything up to the partition's high watermark. */
  caughtUp(labels: Labels): void {
    this.oldest.set(key(labels), { labels, at: null });
  }

  /** After a rebalance: the group's partitions may be another member's now. */
  forget(group: string): void {
    for (const [k, v] of this.oldest) if (v.labels.group === group) this.oldest.delete(k);
  }

  /** Writes every partition's age into the gauge (its collect callback), dropping forgotten ones. */
  report(gauge: Gauge<keyof Labels>): void {
    gauge.reset();
    for (const { labels, at } of this.oldest.values()) gauge.set(labels, lagSeconds(at, this.now()));
  }
}

/** Seconds since `writtenAtMs` (never negative: producer clocks drift), 0 when caught up. */
export function lagSeconds(writtenAtMs: number | null, nowMs: number): number {
  return writtenAtMs === null ? 0 : Math.max(0, (nowMs - writtenAtMs) / 1000);
}

const key = (l: Labels) => `${l.group}\u0000${l.topic}\u0000${l.partition}`;
