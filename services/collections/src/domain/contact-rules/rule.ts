/** The shape every contact rule has; the gate (../contact-gate.ts) runs them in order. */
import type { ContactAttempt, ContactRecord, DebtorFacts } from '../contact';
import type { LocalClock } from '../local-time';
import type { ContactRulePack, RuleId } from '../policy';

/** A history record with its instant parsed, as the rules read it. */
export interface TimedRecord extends ContactRecord {
  atMs: number;
}

export interface GateContext {
  attempt: ContactAttempt;
  facts: DebtorFacts;
  pack: ContactRulePack;
  /** Records up to the moment of the decision, of all the debtor's debts. */
  history: readonly TimedRecord[];
  /** The debtor's wall clock (the zone is checked by ALL.TIME_ZONE before any rule reads it). */
  clock: LocalClock;
}

export interface Refusal {
  reason: string;
  /**
   * The first instant this rule alone would let the attempt through, later
   * than the one asked about; null when only a change of facts can (consent,
   * an opt-out in the message, a withdrawn cease request).
   */
  nextAllowedAt: number | null;
}

export interface ContactRule {
  id: RuleId;
  appliesTo(attempt: ContactAttempt): boolean;
  /** Null when the attempt passes at instant `at`. */
  check(ctx: GateContext, at: number): Refusal | null;
}

export const DAY_MS = 86_400_000;

export const always = (): boolean => true;

/** A refusal no passing of time lifts. */
export const never = (reason: string): Refusal => ({ reason, nextAllowedAt: null });
