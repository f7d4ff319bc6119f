import type { Line, Text } from './scenarios/scenario';
import type { Occurrence } from './scoring';

/** What the simulated customer has said so far: the opening lines, then each line once its step occurred, in that order. */
export function linesSaid(
  script: readonly Line[],
  occurrences: readonly Occurrence[],
  startedAt: number,
): Text[] {
  const first = new Map<string, number>();
  for (const o of occurrences) first.set(o.stepId, Math.min(o.at, first.get(o.stepId) ?? Infinity));
  return script
    .map((l, i) => ({ l, i, at: l.after === undefined ? startedAt : first.get(l.after) }))
    .filter((x): x is { l: Line; i: number; at: number } => x.at !== undefined)
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.l.say);
}
