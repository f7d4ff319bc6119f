import type { FactId, Step, Text } from './scenarios/scenario';

/** A step's evidence seen in the sandbox at a time (ms). */
export interface Occurrence {
  stepId: string;
  at: number;
}

export type MissReason = 'not-done' | 'out-of-order' | 'forbidden-done';

export interface StepResult {
  id: string;
  rule: string;
  label: Text;
  met: boolean;
  reason?: MissReason;
  /** First occurrence, when there was one. */
  at?: number;
}

export interface Score {
  /** Steps met out of all, as a whole percentage. */
  score: number;
  met: number;
  total: number;
  steps: StepResult[];
  /** Ids of the steps missed, in scenario order. */
  missed: string[];
  /** From the start to the last required step done, when any was. */
  resolvedInMs: number | null;
}

/**
 * Scores a run from what the sandbox recorded (docs/adr/0033-console-training-mode.md):
 * a required step is met when it occurred after the first occurrence of each
 * step it must follow; a forbidden one when it never occurred; a fact when the
 * sandbox shows it.
 */
export function scoreRun(
  steps: readonly Step[],
  occurrences: readonly Occurrence[],
  facts: ReadonlySet<FactId>,
  startedAt: number,
): Score {
  const first = new Map<string, number>();
  for (const o of occurrences) {
    const seen = first.get(o.stepId);
    if (seen === undefined || o.at < seen) first.set(o.stepId, o.at);
  }
  const results = steps.map((s): StepResult => judge(s, first, facts));
  const met = results.filter((r) => r.met);
  const doneAt = steps
    .filter((s) => !s.forbidden && s.evidence.kind === 'call')
    .flatMap((s) => {
      const r = results.find((x) => x.id === s.id);
      return r?.met && r.at !== undefined ? [r.at] : [];
    });
  return {
    score: steps.length === 0 ? 100 : Math.round((100 * met.length) / steps.length),
    met: met.length,
    total: steps.length,
    steps: results,
    missed: results.filter((r) => !r.met).map((r) => r.id),
    resolvedInMs: doneAt.length === 0 ? null : Math.max(...doneAt) - startedAt,
  };
}

function judge(s: Step, first: ReadonlyMap<string, number>, facts: ReadonlySet<FactId>): StepResult {
  const base = { id: s.id, rule: s.rule, label: s.label };
  if (s.evidence.kind === 'fact')
    return facts.has(s.evidence.fact) ? { ...base, met: true } : { ...base, met: false, reason: 'not-done' };
  const at = first.get(s.id);
  if (s.forbidden)
    return at === undefined ? { ...base, met: true } : { ...base, met: false, reason: 'forbidden-done', at };
  if (at === undefined) return { ...base, met: false, reason: 'not-done' };
  const inOrder = (s.after ?? []).every((p) => {
    const before = first.get(p);
    return before !== undefined && before < at;
  });
  return inOrder ? { ...base, met: true, at } : { ...base, met: false, reason: 'out-of-order', at };
}
