/**
 * Champion/challenger assignment and the treatments a strategy calls for
 * (docs/domain.md#collections, "Strategies"). The variant comes from a
 * stable hash of the account salted with the experiment, so an account
 * gets the same variant on every run and instance, and the split follows
 * the shares. The case records the variant (strategy-assigned), so the
 * report compares what each variant achieved.
 */
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import type { Strategy, StrategyStep, StrategyVariant } from './strategy-config';

/** FNV-1a, 32 bits: stable across processes and releases (never Math.random, never a salted runtime hash). */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The account's variant: its hash, 0–99, falls in one variant's share (in order). */
export function variantFor(accountId: string, strategy: Strategy): StrategyVariant {
  const slot = stableHash(`${strategy.experimentId}:${accountId}`) % 100;
  let upTo = 0;
  for (const v of strategy.variants) {
    upTo += v.sharePct;
    if (slot < upTo) return v;
  }
  const champion = strategy.variants[0];
  if (!champion) throw new Error(`strategy ${strategy.strategyId} has no variants`);
  return champion;
}

/** The steps due after `fromDay` (exclusive) up to `toDay` (inclusive) days past due, in day order. */
export function treatmentsDue(variant: StrategyVariant, fromDay: number, toDay: number): StrategyStep[] {
  return variant.steps.filter((s) => s.day > fromDay && s.day <= toDay).sort((a, b) => a.day - b.day);
}

/** Records the strategy and variant for the case's bucket, once per bucket; nothing when unchanged or closed. */
export function assignStrategy(cmd: CaseCommandOf<'AssignStrategy'>, s: CaseState): CaseEvent[] {
  // An unknown market or bucket has no strategy: the case waits unassigned rather than guess.
  if (s.status === 'CLOSED' || s.market === 'UNKNOWN' || s.bucket === 'UNKNOWN') return [];
  const strategy = cmd.strategies[s.market][s.bucket];
  const variant = variantFor(s.accountId, strategy);
  const current = s.strategy;
  if (current?.strategyId === strategy.strategyId && current.variantId === variant.variantId) return [];
  return [
    {
      type: 'collections.case.strategy-assigned.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        strategyId: strategy.strategyId,
        experimentId: strategy.experimentId,
        variantId: variant.variantId,
        bucket: s.bucket,
        assignedAt: cmd.now,
      },
    },
  ];
}
