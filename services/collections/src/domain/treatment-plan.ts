/**
 * The strategy runner's planning (docs/domain.md#collections, "Strategy
 * runner"): for one open case, which treatment of its strategy is due now,
 * and when the runner next has work on it. Pure: the case, the configured
 * strategies and the instant decide; the application asks the contact gate
 * for each planned contact and records the answer (treatments.ts).
 */
import { suppressedUntil, type CaseState } from './case';
import type { Channel, ContactAttempt } from './contact';
import type { Market } from './policy';
import type { Strategy, StrategyBucket, StrategyStep, Treatment } from './strategy-config';
import { treatmentsDue } from './strategies';

export const DAY_MS = 86_400_000;

/** A collector's recorded contact holds automated treatments back this long (the collector is working the case). */
export const QUIET_AFTER_CONTACT_MS = DAY_MS;

/** A refusal with no next allowed instant (a cease request, consent missing) is asked again this much later. */
export const RETRY_WITHOUT_NEXT_MS = DAY_MS;

/** The channel each treatment goes out on; a hand-off (legal referral, agency placement) contacts nobody. */
export const TREATMENT_CHANNEL: Readonly<Record<Treatment, Channel | null>> = {
  SMS_REMINDER: 'SMS',
  EMAIL: 'EMAIL',
  CALL: 'CALL',
  LETTER: 'LETTER',
  WECHAT_MESSAGE: 'WECHAT',
  FIELD_VISIT: 'FIELD_VISIT',
  LEGAL_REFERRAL: null,
  AGENCY_PLACEMENT: null,
};

export type Strategies = Readonly<Record<Market, Readonly<Record<StrategyBucket, Strategy>>>>;

/** How far the case's strategy has got: the last step applied, and a refused step's next try. */
export interface TreatmentProgress {
  strategyId: string;
  lastStepDay: number;
  retryAt: number | null;
}

export interface PlannedTreatment {
  caseId: string;
  strategyId: string;
  variantId: string;
  step: StrategyStep;
  channel: Channel | null;
}

/** Days past due today: the ledger's count at its last report plus the whole days since. */
export function dayPastDue(s: CaseState, now: number): number {
  return s.daysPastDue + Math.max(0, Math.floor((now - s.ledgerAsOf) / DAY_MS));
}

/** The case's strategy and recorded variant, as configured now; null when it has none to run. */
function runningVariant(s: CaseState, strategies: Strategies) {
  if (s.status !== 'OPEN' || !s.strategy || s.market === 'UNKNOWN' || s.bucket === 'UNKNOWN') return null;
  const strategy = strategies[s.market][s.bucket];
  if (strategy.strategyId !== s.strategy.strategyId) return null;
  const variant = strategy.variants.find((v) => v.variantId === s.strategy?.variantId);
  return variant ? { strategy, variant } : null;
}

/** The last step applied under the case's current strategy (a new bucket's strategy starts from nothing). */
function progressOf(s: CaseState): { lastStepDay: number; retryAt: number | null } {
  const p = s.treatments;
  return p && p.strategyId === s.strategy?.strategyId
    ? { lastStepDay: p.lastStepDay, retryAt: p.retryAt }
    : { lastStepDay: 0, retryAt: null };
}

/** The instant before which nothing is sent: a running promise, a resume date, a refusal's retry, a recent contact. */
function heldUntil(s: CaseState): number {
  return Math.max(
    suppressedUntil(s) ?? 0,
    s.strategyResumesAt ?? 0,
    progressOf(s).retryAt ?? 0,
    s.lastContactAt === null ? 0 : s.lastContactAt + QUIET_AFTER_CONTACT_MS,
  );
}

/**
 * The treatment due now, or null. A case that missed several steps (the
 * runner was down, a promise held it) gets only the latest one due: a
 * debtor is never sent a burst of stale reminders.
 */
export function treatmentDue(s: CaseState, strategies: Strategies, now: number): PlannedTreatment | null {
  const running = runningVariant(s, strategies);
  if (!running || heldUntil(s) > now) return null;
  const due = treatmentsDue(running.variant, progressOf(s).lastStepDay, dayPastDue(s, now));
  const step = due.at(-1);
  if (!step) return null;
  return {
    caseId: s.caseId,
    strategyId: running.strategy.strategyId,
    variantId: running.variant.variantId,
    step,
    channel: TREATMENT_CHANNEL[step.treatment],
  };
}

/** When the runner next has work on the case (its timer's due field), or null when the strategy has no step left. */
export function nextTreatmentAt(s: CaseState, strategies: Strategies): number | null {
  const running = runningVariant(s, strategies);
  if (!running) return null;
  const { lastStepDay } = progressOf(s);
  const next = running.variant.steps
    .filter((st) => st.day > lastStepDay)
    .reduce<number | null>((min, st) => (min === null || st.day < min ? st.day : min), null);
  if (next === null) return null;
  // A step the ledger's count already reached is due at once, even when the report is ahead of this clock.
  const reached = next <= s.daysPastDue ? 0 : s.ledgerAsOf + (next - s.daysPastDue) * DAY_MS;
  return Math.max(reached, heldUntil(s));
}

/** Channels whose message can carry the itemised validation notice (SMS and WeChat by a link to it). */
const WRITTEN: readonly Channel[] = ['LETTER', 'EMAIL', 'SMS', 'WECHAT'];

/** The gate's question for a planned contact: to the debtor, calls by the dialer, texts with their opt-out. */
export function runnerAttempt(s: CaseState, channel: Channel): Omit<ContactAttempt, 'debtId'> {
  return {
    channel,
    party: 'DEBTOR',
    autodialled: channel === 'CALL',
    hasOptOut: channel === 'SMS' || channel === 'EMAIL',
    // The runner's first written message is the validation notice itself (US: it must come first);
    // a call cannot carry it, so a call before any notice is refused by the gate.
    carriesValidationNotice:
      s.market === 'US' && s.contactFacts.validationNoticeSentAt === null && WRITTEN.includes(channel),
  };
}
