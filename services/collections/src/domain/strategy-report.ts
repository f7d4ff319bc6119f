/**
 * The champion/challenger report (docs/domain.md#collections, "Strategies"):
 * per variant, how many cases, how many were cured, the amount recovered
 * and the contacts it took. Pure: the caller reads the cases and counts
 * their contacts from the contact records.
 */
import type { CaseState } from './case';

export interface CaseOutcome {
  variantId: string;
  cured: boolean;
  /** Minor units paid on the case (returned payments subtracted). */
  amountRecovered: number;
  contactsUsed: number;
}

export interface VariantReport {
  variantId: string;
  cases: number;
  cured: number;
  /** Cured cases per case, basis points (0–10,000), rounded down. */
  cureRateBps: number;
  amountRecovered: number;
  contactsUsed: number;
  /** Contacts per cured case, null when none was cured. */
  contactsPerCure: number | null;
}

/** One case's outcome; a case without a variant counts as UNASSIGNED. */
export function outcomeOf(s: CaseState, contactsUsed: number): CaseOutcome {
  return {
    variantId: s.strategy?.variantId ?? 'UNASSIGNED',
    cured: s.status === 'CLOSED',
    amountRecovered: s.payments.reduce((sum, p) => sum + p.amount, 0),
    contactsUsed,
  };
}

/** Every variant seen, in name order. */
export function compareVariants(outcomes: readonly CaseOutcome[]): VariantReport[] {
  const by = new Map<string, CaseOutcome[]>();
  for (const o of outcomes) by.set(o.variantId, [...(by.get(o.variantId) ?? []), o]);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, os]) => {
      const cured = os.filter((o) => o.cured).length;
      const contactsUsed = os.reduce((sum, o) => sum + o.contactsUsed, 0);
      return {
        variantId,
        cases: os.length,
        cured,
        cureRateBps: Math.floor((cured * 10_000) / os.length),
        amountRecovered: os.reduce((sum, o) => sum + o.amountRecovered, 0),
        contactsUsed,
        contactsPerCure: cured === 0 ? null : contactsUsed / cured,
      };
    });
}
