import fc from 'fast-check';
import { scoreRun, type Occurrence } from '../src/scoring';
import type { FactId, Step } from '../src/scenarios/scenario';

const label = { en: 'x', zh: 'x' };
const call = (id: string, over: Partial<Step> = {}): Step => ({
  id,
  rule: `RULE.${id}`,
  label,
  evidence: { kind: 'call', service: 'cards', method: 'POST', route: `/v1/${id}` },
  ...over,
});
const at = (stepId: string, t: number): Occurrence => ({ stepId, at: t });

describe('a training run is scored from what the sandbox recorded (docs/adr/0033-console-training-mode.md)', () => {
  const steps: Step[] = [
    call('report'),
    call('replace', { after: ['report'] }),
    { id: 'dispute', rule: 'R', label, evidence: { kind: 'fact', fact: 'fraudDisputesOpened' } },
    call('no-enrol', { forbidden: true }),
  ];

  it('every step met: full score, and the time to resolve is the last required call', () => {
    const s = scoreRun(
      steps,
      [at('report', 1_000), at('replace', 5_000)],
      new Set<FactId>(['fraudDisputesOpened']),
      0,
    );
    expect(s).toMatchObject({ score: 100, met: 4, total: 4, missed: [], resolvedInMs: 5_000 });
  });

  it('a step done before the one it must follow is missed as out of order', () => {
    const s = scoreRun(
      steps,
      [at('replace', 1_000), at('report', 2_000)],
      new Set<FactId>(['fraudDisputesOpened']),
      0,
    );
    expect(s.missed).toEqual(['replace']);
    expect(s.steps.find((x) => x.id === 'replace')).toMatchObject({
      met: false,
      reason: 'out-of-order',
      at: 1_000,
    });
    expect(s.score).toBe(75);
  });

  it('a step whose prerequisite never happened is out of order, not done', () => {
    const s = scoreRun([call('a'), call('b', { after: ['a'] })], [at('b', 1)], new Set(), 0);
    expect(s.steps.map((x) => x.reason)).toEqual(['not-done', 'out-of-order']);
  });

  it('a forbidden call that happened and a fact the sandbox does not show are missed', () => {
    const s = scoreRun(steps, [at('report', 1), at('replace', 2), at('no-enrol', 3)], new Set(), 0);
    expect(s.missed).toEqual(['dispute', 'no-enrol']);
    expect(s.steps.find((x) => x.id === 'no-enrol')?.reason).toBe('forbidden-done');
    expect(s.steps.find((x) => x.id === 'dispute')?.reason).toBe('not-done');
  });

  it('nothing done: no time to resolve, only the forbidden step met', () => {
    const s = scoreRun(steps, [], new Set(), 0);
    expect(s).toMatchObject({
      met: 1,
      resolvedInMs: null,
      score: 25,
      missed: ['report', 'replace', 'dispute'],
    });
  });

  // The oracle reads the rule as written: a required step is met when some
  // occurrence of it comes after some occurrence of each prerequisite, and
  // no occurrence of it comes before all of a prerequisite's, i.e. its first
  // one follows each prerequisite's first one.
  it('agrees with a direct reading of the rules on any run', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const stepArb = fc
      .tuple(fc.subarray(ids, { maxLength: 2 }), fc.boolean(), fc.boolean())
      .map(([after, forbidden, fact]) => ({ after, forbidden, fact }));
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: ids.length, maxLength: ids.length }),
        fc.array(fc.record({ stepId: fc.constantFrom(...ids), at: fc.integer({ min: 0, max: 50 }) }), {
          maxLength: 20,
        }),
        fc.subarray(['fraudDisputesOpened', 'lateFeeDisputed'] as FactId[]),
        (shapes, occurrences, facts) => {
          const built: Step[] = shapes.map((sh, i) => {
            const id = ids[i] as string;
            if (sh.fact)
              return {
                id,
                rule: 'R',
                label,
                evidence: { kind: 'fact', fact: i % 2 ? 'lateFeeDisputed' : 'fraudDisputesOpened' },
              };
            return call(id, { after: sh.after.filter((x) => x !== id), forbidden: sh.forbidden });
          });
          const factSet = new Set(facts);
          const got = scoreRun(built, occurrences, factSet, 0);
          const times = (id: string) => occurrences.filter((o) => o.stepId === id).map((o) => o.at);
          const oracle = built.map((s) => {
            if (s.evidence.kind === 'fact') return factSet.has(s.evidence.fact);
            const mine = times(s.id);
            if (s.forbidden) return mine.length === 0;
            if (mine.length === 0) return false;
            return (s.after ?? []).every((p) => {
              const theirs = times(p);
              return theirs.length > 0 && mine.every((m) => theirs.some((t) => t < m));
            });
          });
          expect(got.steps.map((s) => s.met)).toEqual(oracle);
          expect(got.met).toBe(oracle.filter(Boolean).length);
          expect(got.score).toBe(Math.round((100 * got.met) / built.length));
          expect(got.missed).toEqual(built.filter((_, i) => !oracle[i]).map((s) => s.id));
        },
      ),
      { numRuns: 500 },
    );
  });
});
