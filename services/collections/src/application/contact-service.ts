import { randomUUID } from 'node:crypto';
import { DomainError, type Actor, type Clock, type EventContext } from '@cardline/platform';
import type { CaseEvent, CaseState } from '../domain/case';
import type { ContactFacts, AttemptRequest } from '../domain/contacts';
import type { Channel, Outcome } from '../domain/contact';
import { check } from '../domain/language-check';
import type { LanguageCategory } from '../domain/phrase-lists/category';
import { DEFAULT_RULE_PACKS, type ContactRulePack, type Market } from '../domain/policy';
import type { CaseService, Saved } from './case-service';
import type { ContactDecisionRecord, ContactLog, DecisionFilter } from './ports';
import { contactVerdicts, type ContactVerdict, type VerdictQuestion } from './contact-verdicts';

/** A note or message text holding a listed phrase: refused (422) naming the category, and not recorded. */
export class LanguageRefused extends DomainError {
  constructor(
    readonly category: LanguageCategory,
    what: string,
  ) {
    super('INVALID', `the ${what} holds ${category.toLowerCase()} language`);
  }
}

export type Decided = Extract<CaseEvent, { type: 'collections.case.contact-decided.v1' }>['payload'];

/** The gate's history reaches back further than any window of a pack (7 × 24 h, one local day). */
export const HISTORY_MS = 8 * 86_400_000;

/**
 * Contact use cases (docs/adr/0016-contact-gate.md): every outbound attempt
 * asks the gate through the Case aggregate, and every answer goes to the
 * decision log; outcomes go to the contact records the gate counts.
 * The log is written after the case is saved, by the attempt id (a retry
 * writes it once).
 */
export class ContactService {
  constructor(
    private readonly cases: CaseService,
    private readonly log: ContactLog,
    private readonly clock: Clock,
    private readonly packs: Readonly<Record<Market, ContactRulePack>> = DEFAULT_RULE_PACKS,
    private readonly newAttemptId: () => string = () => `att_${randomUUID()}`,
  ) {}

  recordFacts(
    caseId: string,
    change: Partial<ContactFacts>,
    actor: Actor,
    ctx: EventContext,
  ): Promise<Saved> {
    return this.cases.decideAndSave(
      caseId,
      () => ({ kind: 'RecordContactFacts', change, actor, now: this.now() }),
      ctx,
    );
  }

  /** Asks the gate about one attempt; the decision, allowed or refused, is recorded either way. */
  async requestContact(
    caseId: string,
    c: { attempt: AttemptRequest; contactRef: string | null; message: string | null; actor: Actor },
    ctx: EventContext,
  ): Promise<{ state: CaseState; decision: Decided }> {
    screen(c.message, 'message');
    const s = await this.cases.require(caseId);
    const now = this.now();
    const history = await this.log.historyOf(s, new Date(now - HISTORY_MS));
    const attemptId = this.newAttemptId();
    const { state, events } = await this.cases.decideAndSave(
      caseId,
      () => ({
        kind: 'DecideContact',
        attemptId,
        attempt: c.attempt,
        contactRef: c.contactRef,
        history,
        packs: this.packs,
        actor: c.actor,
        now,
      }),
      ctx,
    );
    const decided = events.find((e) => e.type === 'collections.case.contact-decided.v1');
    if (!decided) throw new Error(`case ${caseId} recorded no decision`);
    const d = decided.payload;
    await this.log.appendDecision(decisionRecord(d, c.attempt));
    return { state, decision: d };
  }

  /** The outcome of an allowed attempt: the contact record, append-only. */
  async recordOutcome(
    caseId: string,
    attemptId: string,
    c: { outcome: Outcome; recordingRef: string | null; note: string | null; actor: Actor },
    ctx: EventContext,
  ): Promise<Saved> {
    screen(c.note, 'note');
    const saved = await this.cases.decideAndSave(
      caseId,
      () => ({
        kind: 'RecordContactOutcome',
        attemptId,
        outcome: c.outcome,
        recordingRef: c.recordingRef,
        hasNote: c.note !== null,
        actor: c.actor,
        now: this.now(),
      }),
      ctx,
    );
    const made = saved.events.find((e) => e.type === 'collections.case.contact-attempted.v1');
    if (made) {
      const p = made.payload;
      await this.log.appendAttempt({
        attemptId: p.attemptId,
        caseId: p.caseId,
        accountId: p.accountId,
        customerId: saved.state.customerId,
        channel: p.channel as AttemptRequest['channel'],
        direction: 'OUTBOUND',
        party: p.party as AttemptRequest['party'],
        outcome: c.outcome,
        collector: p.collector,
        at: new Date(p.attemptedAt),
        recordedAt: new Date(p.recordedAt),
        contactRef: p.contactRef,
        recordingRef: p.recordingRef,
        note: c.note,
      });
    }
    return saved;
  }

  /** The gate's answer now per channel, nothing recorded (contact-verdicts.ts). */
  async verdicts(
    caseId: string,
    q: { question: VerdictQuestion; channels: readonly Channel[]; actor: Actor },
  ): Promise<{ state: CaseState; at: number; verdicts: ContactVerdict[] }> {
    const s = await this.cases.require(caseId);
    const at = this.now();
    const verdicts = await contactVerdicts(
      s,
      { ...q, now: at, since: new Date(at - HISTORY_MS) },
      this.log,
      this.packs,
    );
    return { state: s, at, verdicts };
  }

  decisions(f: DecisionFilter): Promise<ContactDecisionRecord[]> {
    return this.log.decisions(f);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** The decision log's entry for a published decision (the strategy runner writes it the same way). */
export function decisionRecord(d: Decided, attempt: AttemptRequest): ContactDecisionRecord {
  return {
    attemptId: d.attemptId,
    caseId: d.caseId,
    accountId: d.accountId,
    channel: attempt.channel,
    party: attempt.party,
    market: d.market,
    allowed: d.allowed,
    ruleIds: d.ruleIds,
    reason: d.reason,
    nextAllowedAt: d.nextAllowedAt === null ? null : new Date(d.nextAllowedAt),
    requestedBy: d.requestedBy,
    decidedAt: new Date(d.decidedAt),
  };
}

function screen(text: string | null, what: string): void {
  if (text === null) return;
  const r = check(text);
  if (!r.ok) throw new LanguageRefused(r.category, what);
}
