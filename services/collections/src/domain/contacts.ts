/**
 * Contact on a case (docs/domain.md#collections, docs/adr/0016-contact-gate.md):
 * the facts the gate reads, each outbound attempt asked of the gate with its
 * answer recorded allowed or refused, and the outcome of an allowed attempt.
 * The debt the gate counts by is the account; a running promise suppresses it.
 */
import { DomainError } from '@cardline/platform/domain';
import { suppressedUntil, type CaseCommandOf, type CaseEvent, type CaseState } from './case';
import type { Channel, ContactAttempt, ContactRecord, DebtorFacts, Party } from './contact';
import { decide as askGate, type ContactDecision } from './contact-gate';
import { refuse } from './guards';
import type { ContactRulePack, Market } from './policy';

/** What the gate must know of the debtor, as recorded on the case. */
export interface ContactFacts {
  ceaseRequested: boolean;
  attorneyOnFile: boolean;
  doNotContact: Channel[];
  /** Unknown counts as a mobile, so autodialling waits for consent (fail closed, ADR 0016). */
  mobile: boolean;
  autodialConsentOnMobile: boolean;
  validationNoticeSentAt: number | null;
  /** Null: the ledger account's zone. */
  timeZone: string | null;
}

export const NO_FACTS: ContactFacts = {
  ceaseRequested: false,
  attorneyOnFile: false,
  doNotContact: [],
  mobile: true,
  autodialConsentOnMobile: false,
  validationNoticeSentAt: null,
  timeZone: null,
};

/** An allowed attempt whose outcome is not recorded yet: the gate counts it as unanswered meanwhile. */
export interface PendingContact {
  attemptId: string;
  channel: Channel;
  party: Party;
  contactRef: string | null;
  decidedAt: number;
}

/** Pending attempts older than every window the packs count in are dropped. */
export const PENDING_KEPT_MS = 8 * 86_400_000;

export type AttemptRequest = Omit<ContactAttempt, 'debtId'>;

const iso = (ms: number) => new Date(ms).toISOString();

export function recordContactFacts(cmd: CaseCommandOf<'RecordContactFacts'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED') throw refuse(s, 'record contact facts');
  const before = s.contactFacts;
  const after: ContactFacts = { ...before, ...cmd.change };
  const changed = (Object.keys(cmd.change) as (keyof ContactFacts)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (changed.length === 0) return [];
  return [
    {
      type: 'collections.case.contact-facts-changed.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        changed,
        ...after,
        timeZone: after.timeZone ?? s.timeZone,
        actor: cmd.actor,
        changedAt: cmd.now,
      },
    },
  ];
}

/** Who carries the facts of an account's earlier case over to its new one. */
const CARRIED_BY = { id: 'collections', role: 'system' };

/**
 * A new case of the same account starts from the facts of its last one: a
 * cease request or an attorney does not lapse because the account was cured
 * once. Nothing when they are the defaults.
 */
export function carriedFacts(
  opened: { caseId: string; accountId: string; timeZone: string; openedAt: number },
  prior: ContactFacts | undefined,
): CaseEvent[] {
  if (!prior) return [];
  const changed = (Object.keys(NO_FACTS) as (keyof ContactFacts)[]).filter(
    (k) => JSON.stringify(prior[k]) !== JSON.stringify(NO_FACTS[k]),
  );
  if (changed.length === 0) return [];
  return [
    {
      type: 'collections.case.contact-facts-changed.v1',
      payload: {
        caseId: opened.caseId,
        accountId: opened.accountId,
        changed,
        ...prior,
        timeZone: prior.timeZone ?? opened.timeZone,
        actor: CARRIED_BY,
        changedAt: opened.openedAt,
      },
    },
  ];
}

/** The facts as the gate reads them at this moment. */
export function debtorFacts(s: CaseState): DebtorFacts {
  const f = s.contactFacts;
  const until = suppressedUntil(s);
  return {
    timeZone: f.timeZone ?? s.timeZone,
    ceaseRequested: f.ceaseRequested,
    attorneyOnFile: f.attorneyOnFile,
    doNotContact: f.doNotContact,
    mobile: f.mobile,
    autodialConsentOnMobile: f.autodialConsentOnMobile,
    validationNoticeSentAt: f.validationNoticeSentAt === null ? null : iso(f.validationNoticeSentAt),
    suppressions: until === null ? [] : [{ debtId: s.accountId, until: iso(until) }],
  };
}

export function decideContact(cmd: CaseCommandOf<'DecideContact'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED') throw refuse(s, 'contact the debtor');
  const attempt: ContactAttempt = { ...cmd.attempt, debtId: s.accountId };
  const decision = gateAnswer(attempt, historyWithPending(cmd.history, s), s, cmd.packs, cmd.now);
  return [
    {
      type: 'collections.case.contact-decided.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        attemptId: cmd.attemptId,
        channel: attempt.channel,
        party: attempt.party,
        autodialled: attempt.autodialled,
        contactRef: cmd.contactRef,
        market: s.market,
        allowed: decision.allowed,
        ruleIds: decision.allowed ? decision.ruleIds : [decision.ruleId],
        reason: decision.allowed ? null : decision.reason,
        nextAllowedAt:
          decision.allowed || decision.nextAllowedAt === null ? null : Date.parse(decision.nextAllowedAt),
        requestedBy: cmd.actor,
        decidedAt: cmd.now,
      },
    },
  ];
}

function gateAnswer(
  attempt: ContactAttempt,
  history: ContactRecord[],
  s: CaseState,
  packs: Readonly<Record<Market, ContactRulePack>>,
  now: number,
): ContactDecision {
  // Without a market no pack applies, and no contact can be shown lawful.
  if (s.market === 'UNKNOWN')
    return {
      allowed: false,
      ruleId: 'ALL.MARKET',
      reason: 'the account’s market is not known',
      nextAllowedAt: null,
    };
  return askGate(attempt, history, debtorFacts(s), packs[s.market], iso(now));
}

/** Allowed attempts still waiting for their outcome count as unanswered calls made at the decision. */
function historyWithPending(history: readonly ContactRecord[], s: CaseState): ContactRecord[] {
  return [
    ...history,
    ...s.pendingContacts.map((p) => ({
      at: iso(p.decidedAt),
      debtId: s.accountId,
      channel: p.channel,
      direction: 'OUTBOUND' as const,
      outcome: 'NO_ANSWER' as const,
    })),
  ];
}

export function recordContactOutcome(cmd: CaseCommandOf<'RecordContactOutcome'>, s: CaseState): CaseEvent[] {
  const pending = s.pendingContacts.find((p) => p.attemptId === cmd.attemptId);
  if (!pending)
    throw new DomainError(
      'NOT_FOUND',
      `no allowed attempt ${cmd.attemptId} awaits an outcome on case ${s.caseId}`,
    );
  return [
    {
      type: 'collections.case.contact-attempted.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        attemptId: pending.attemptId,
        channel: pending.channel,
        direction: 'OUTBOUND',
        party: pending.party,
        outcome: cmd.outcome,
        contactRef: pending.contactRef,
        recordingRef: cmd.recordingRef,
        hasNote: cmd.hasNote,
        collector: cmd.actor,
        attemptedAt: pending.decidedAt,
        recordedAt: cmd.now,
      },
    },
  ];
}

type ContactEvent = Extract<
  CaseEvent,
  {
    type:
      | 'collections.case.contact-facts-changed.v1'
      | 'collections.case.contact-decided.v1'
      | 'collections.case.contact-attempted.v1';
  }
>;

/** The contact events folded into the case (case.ts evolve hands them here). */
export function evolveContacts(s: CaseState, e: ContactEvent): CaseState {
  switch (e.type) {
    case 'collections.case.contact-facts-changed.v1': {
      const p = e.payload;
      return {
        ...s,
        contactFacts: {
          ceaseRequested: p.ceaseRequested,
          attorneyOnFile: p.attorneyOnFile,
          doNotContact: p.doNotContact as Channel[],
          mobile: p.mobile,
          autodialConsentOnMobile: p.autodialConsentOnMobile,
          validationNoticeSentAt: p.validationNoticeSentAt,
          timeZone: p.timeZone === s.timeZone ? null : p.timeZone,
        },
      };
    }
    case 'collections.case.contact-decided.v1': {
      const p = e.payload;
      const kept = s.pendingContacts.filter((c) => c.decidedAt > p.decidedAt - PENDING_KEPT_MS);
      if (!p.allowed) return { ...s, pendingContacts: kept };
      const pending: PendingContact = {
        attemptId: p.attemptId,
        channel: p.channel as Channel,
        party: p.party as Party,
        contactRef: p.contactRef,
        decidedAt: p.decidedAt,
      };
      return { ...s, pendingContacts: [...kept, pending] };
    }
    case 'collections.case.contact-attempted.v1':
      return {
        ...s,
        pendingContacts: s.pendingContacts.filter((c) => c.attemptId !== e.payload.attemptId),
        lastContactAt: Math.max(s.lastContactAt ?? 0, e.payload.attemptedAt),
      };
  }
}
