/**
 * The contact gate (docs/domain.md#collections): every outbound attempt on
 * every channel asks it first. Pure: the same attempt, history, facts, pack
 * and instant give the same answer, which names the rule that decided.
 */
import { DomainError } from '@cardline/platform/domain';
import type { ContactAttempt, ContactRecord, DebtorFacts } from './contact';
import { consentRules } from './contact-rules/consent';
import { dailyLimitRules } from './contact-rules/daily-limits';
import { disclosureRules } from './contact-rules/disclosures';
import { hourRules } from './contact-rules/hours';
import { LocalClock } from './local-time';
import { partyRules } from './contact-rules/party';
import { promiseRules } from './contact-rules/promise-suppression';
import { rollingLimitRules } from './contact-rules/rolling-limits';
import type { ContactRule, GateContext, Refusal } from './contact-rules/rule';
import { stopRules } from './contact-rules/stops';
import type { ContactRulePack, RuleId } from './policy';

export type ContactDecision =
  | { allowed: true; /** Every rule that applied to the attempt, in the order checked. */ ruleIds: RuleId[] }
  | {
      allowed: false;
      /** The first rule that refused. */
      ruleId: RuleId;
      reason: string;
      /** The first instant every rule lets the same attempt through, or null when none will without a change of facts. */
      nextAllowedAt: string | null;
    };

/** Rules in the order they are checked: who and whether first, then what the message carries, then when. */
export function rulesOf(pack: ContactRulePack): ContactRule[] {
  return [
    ...partyRules(pack),
    ...stopRules(),
    ...promiseRules(),
    ...disclosureRules(pack),
    ...consentRules(pack),
    ...hourRules(pack),
    ...rollingLimitRules(pack),
    ...dailyLimitRules(pack),
  ];
}

export function decide(
  attempt: ContactAttempt,
  history: readonly ContactRecord[],
  facts: DebtorFacts,
  pack: ContactRulePack,
  now: string,
): ContactDecision {
  const at = instant(now, 'now');
  if (facts.validationNoticeSentAt !== null) instant(facts.validationNoticeSentAt, 'validationNoticeSentAt');
  for (const s of facts.suppressions ?? []) instant(s.until, 'a suppression');
  const ctx: GateContext = {
    attempt,
    facts,
    pack,
    history: history.map((r) => ({ ...r, atMs: instant(r.at, 'a record') })).filter((r) => r.atMs <= at),
    clock: new LocalClock(facts.timeZone),
  };
  const rules = rulesOf(pack).filter((rule) => rule.appliesTo(attempt));
  const refused = firstRefusal(rules, ctx, at);
  if (!refused) return { allowed: true, ruleIds: rules.map((r) => r.id) };
  const next = earliestAllowed(rules, ctx, refused.refusal.nextAllowedAt);
  return {
    allowed: false,
    ruleId: refused.rule.id,
    reason: refused.refusal.reason,
    nextAllowedAt: next === null ? null : new Date(next).toISOString(),
  };
}

/** An unreadable time would let a record or a notice drop out of every count: refuse the question instead. */
function instant(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new DomainError('INVALID', `${what} has no readable instant: '${iso}'`);
  return ms;
}

function firstRefusal(
  rules: readonly ContactRule[],
  ctx: GateContext,
  at: number,
): { rule: ContactRule; refusal: Refusal } | null {
  for (const rule of rules) {
    const refusal = rule.check(ctx, at);
    if (refusal) return { rule, refusal };
  }
  return null;
}

/**
 * Jump from one rule's next instant to the next until all rules pass (a freed
 * slot at 22:00 waits for 08:00). History holds nothing after the decision, so
 * counts only fall as time moves on and this settles in a few steps.
 */
function earliestAllowed(
  rules: readonly ContactRule[],
  ctx: GateContext,
  from: number | null,
): number | null {
  let at = from;
  for (let step = 0; at !== null && step < MAX_STEPS; step++) {
    const refused = firstRefusal(rules, ctx, at);
    if (!refused) return at;
    const next = refused.refusal.nextAllowedAt;
    if (next !== null && next <= at)
      throw new Error(`${refused.rule.id} gave a next instant that is not later`);
    at = next;
  }
  if (at === null) return null;
  throw new Error('the contact gate found no allowed instant');
}

const MAX_STEPS = 64;
