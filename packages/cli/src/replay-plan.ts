import type { PartitionRange } from './read-window';

/** What `events replay` would do to one partition of the sandbox group. */
export interface PartitionMove {
  partition: number;
  /** The group's committed offset now; null when it has none (a new group). */
  committed: number | null;
  /** Where the group will resume: the window's first offset. */
  target: number;
  /** Records in the window, [target, window end). */
  inWindow: number;
  /** Records from the target to the partition's end now: what the group will read again, or for the first time. */
  toEnd: number;
  moves: boolean;
}

export interface ReplayPlan {
  topic: string;
  group: string;
  partitions: PartitionMove[];
  records: { inWindow: number; toEnd: number };
}

/**
 * The offsets a replay sets, per partition: the window's start, so the
 * group reads the window again from its first record (and on past the
 * window's end: a group's offset has no stop). Pure, so the dry run shows
 * exactly what the real run commits.
 */
export function planReplay(o: {
  topic: string;
  group: string;
  ranges: PartitionRange[];
  highs: { partition: number; high: string }[];
  committed: { partition: number; offset: string }[];
}): ReplayPlan {
  const high = new Map(o.highs.map((h) => [h.partition, Number(h.high)]));
  const committed = new Map(
    o.committed.filter((c) => Number(c.offset) >= 0).map((c) => [c.partition, Number(c.offset)]),
  );
  const partitions = [...o.ranges]
    .sort((a, b) => a.partition - b.partition)
    .map((r) => {
      const end = high.get(r.partition) ?? r.start;
      const now = committed.get(r.partition) ?? null;
      return {
        partition: r.partition,
        committed: now,
        target: r.start,
        inWindow: Math.max(0, (r.end ?? end) - r.start),
        toEnd: Math.max(0, end - r.start),
        moves: now !== r.start,
      };
    });
  return {
    topic: o.topic,
    group: o.group,
    partitions,
    records: {
      inWindow: partitions.reduce((n, p) => n + p.inWindow, 0),
      toEnd: partitions.reduce((n, p) => n + p.toEnd, 0),
    },
  };
}

/**
 * Why a group may not be replayed into, or null: a group a service
 * declares (topics.json) or the CLI's own cursors is production's, and a
 * group with members would race the reset (Kafka refuses it anyway).
 */
export function refusal(group: string, declared: readonly string[], state: string): string | null {
  if (declared.includes(group))
    return `${group} is a production consumer group (packages/schemas/topics.json): replay into a sandbox group, e.g. sandbox.${group}`;
  if (group.startsWith('cardline-cli.')) return `${group} is one of the CLI's own cursors`;
  if (state !== 'Empty' && state !== 'Dead')
    return `${group} is ${state}, with members: stop its consumers first (offsets move only on an inactive group)`;
  return null;
}

/** The dry run's diff: one line per partition, then the totals. */
export function planText(p: ReplayPlan): string {
  const lines = p.partitions.map(
    (m) =>
      `  partition ${String(m.partition).padStart(3)}  ${String(m.committed ?? 'none').padStart(10)} -> ${String(m.target).padEnd(10)} ${m.moves ? 'moves' : 'stays'}  ${m.inWindow} in window, ${m.toEnd} to the end`,
  );
  return [
    `replay ${p.topic} into group ${p.group}:`,
    ...lines,
    `  ${p.partitions.filter((m) => m.moves).length} of ${p.partitions.length} partitions move; ${p.records.inWindow} records in the window, ${p.records.toEnd} to read from the new offsets`,
  ].join('\n');
}
