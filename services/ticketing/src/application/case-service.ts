import { createHash, randomUUID } from 'node:crypto';
import {
  decideAndSave,
  DomainError,
  findPans,
  scrubText,
  type Actor,
  type AggregateStore,
  type Clock,
  type EventContext,
} from '@cardline/platform';
import {
  acceptsThread,
  decide,
  fold,
  isPublished,
  nextDueAt,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type Channel,
  type HistoryEntry,
  type Interaction,
  type Priority,
  type Status,
  type Topic,
} from '../domain/case';
import type { SlaPolicy } from '../domain/sla';
import { journalWrites } from '../domain/journal';
import { upgradeStored } from '../domain/stored';
import { CSAT_SURVEY_TEXT } from '../copy/csat-survey';
import type { CaseJournal, ChannelMessageKey, ChannelMessages } from './ports';
import { everyEntry, journalPage, recordedMessage, type Page } from './journal-pages';
import { TRIAGE_MODEL } from '../domain/triage/classify';
import { acceptanceByIntent, triageIndex, type SuggestionIndex } from './triage-report';
import { phoneFingerprint } from './phone-fingerprint';

/** A command as callers give it: the time and correlation are added when it runs. */
type WithoutMeta<C> = C extends { kind: 'Tick' }
  ? { kind: 'Tick' }
  : C extends unknown
    ? Omit<C, 'now' | 'correlationId'>
    : never;
type Cmd<K extends CaseCommand['kind']> = Omit<
  Extract<CaseCommand, { kind: K }>,
  'kind' | 'now' | 'correlationId'
>;

export interface OpenInput {
  customerId: string;
  accountId: string | null;
  channel: Channel;
  topic: Topic;
  priority: Priority;
  queue: string;
  subject: string;
}

export interface MessageInput {
  channel: Exclude<Channel, 'PHONE'>;
  customerId: string;
  accountId: string | null;
  from: string;
  body: string;
  /** The channel's own message id: a redelivered message is recorded once. */
  externalId: string | null;
  /** A thread reference the channel carried (an email's case tag): used while that case takes messages. */
  caseId: string | null;
  subject: string | null;
}

export interface CaseFilter {
  customerId?: string;
  queue?: string;
  status?: Status;
  assigneeId?: string;
  level?: string;
}

const newCaseId = () => `cas_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
const newInteractionId = () => `int_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
/** Stable per channel message of one customer (ids are unique per channel and customer only), so a redelivery is recognised. */
const inboundId = (key: ChannelMessageKey | null) =>
  key
    ? `int_${createHash('sha256')
        .update(JSON.stringify([key.channel, key.customerId, key.externalId]))
        .digest('hex')
        .slice(0, 24)}`
    : newInteractionId();

/** Free text typed by staff must not carry a card number (the customer's own messages are redacted instead). */
function refusePans(field: string, text: string | undefined): void {
  if (text && findPans(text).length)
    throw new DomainError('INVALID', `${field} contains what looks like a card number: remove it`);
}

/** The fingerprints of the phone numbers on file (PHONE, SMS): the customer search finds the case by them. */
export function phoneKeys(s: Pick<CaseState, 'contacts'>, key: string): string[] {
  const found = [s.contacts.PHONE, s.contacts.SMS].flatMap((n) => (n ? [phoneFingerprint(n, key)] : []));
  return [...new Set(found.filter((f): f is string => f !== null))];
}

/** One customer the phone search found: the cases holding the number, newest first. */
export interface PhoneMatch {
  customerId: string;
  caseIds: string[];
}

/** Cases read per phone search: a number shared by more customers than this is not one to search by. */
const PHONE_CASES_READ = 200;

/** Fields queried outside the aggregate (queues, threading, timers, CSAT report, phone search). */
function indexFields(s: CaseState, p: SlaPolicy, phoneKey: string): Record<string, unknown> {
  return {
    phoneKeys: phoneKeys(s, phoneKey),
    customerId: s.customerId,
    status: s.status,
    queue: s.queue,
    assigneeId: s.assigneeId,
    level: s.level,
    priority: s.priority,
    channel: s.channel,
    openedAt: s.openedAt,
    solvedAt: s.solvedAt,
    solvedBy: s.solvedBy,
    csatScore: s.csat?.score ?? null,
    ...triageIndex(s),
    externalIds: s.interactions.flatMap((i) => (i.externalId ? [`${i.channel}:${i.externalId}`] : [])),
    nextDueAt: (() => {
      const t = nextDueAt(s, p);
      return t === null ? null : new Date(t);
    })(),
  };
}

/**
 * Ticketing's use cases: load, decide, save with outbox (decideAndSave).
 * Threading picks the customer's case that still takes messages; the timer
 * calls tick() for SLA firings and the auto-close. The case keeps its newest
 * interactions and history; the journal has them all (domain/journal.ts).
 */
export class CaseService {
  constructor(
    private readonly store: AggregateStore<CaseState>,
    private readonly journal: CaseJournal,
    private readonly policy: SlaPolicy,
    private readonly clock: Clock,
    private readonly messages: ChannelMessages,
    /** Keys the phone fingerprints (TICKETING_PHONE_KEY). */
    private readonly phoneKey: string,
  ) {}

  /**
   * The customers with this number on file on a case, newest case first: the
   * search compares fingerprints, never the number (phone-fingerprint.ts).
   */
  async customersByPhone(phone: string): Promise<PhoneMatch[]> {
    const key = phoneFingerprint(phone, this.phoneKey);
    if (!key) throw new DomainError('INVALID', 'a phone number has at least 7 digits');
    const docs = await this.store.collection
      .find({ phoneKeys: key }, { projection: { customerId: 1 } })
      .sort({ openedAt: -1 })
      .limit(PHONE_CASES_READ)
      .toArray();
    const byCustomer = new Map<string, string[]>();
    for (const d of docs) {
      const customerId = d.customerId as string;
      byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), d._id]);
    }
    return [...byCustomer].map(([customerId, caseIds]) => ({ customerId, caseIds }));
  }

  /**
   * Cases saved before the phone search carry no fingerprints: give them
   * theirs at start (state only, no event), so the numbers already on file
   * are found. Cases saved since carry them from every save.
   */
  async backfillPhoneKeys(): Promise<number> {
    const docs = await this.store.collection
      .find(
        {
          phoneKeys: { $exists: false },
          $or: [{ 'state.contacts.PHONE': { $exists: true } }, { 'state.contacts.SMS': { $exists: true } }],
        },
        { projection: { 'state.contacts': 1 } },
      )
      .toArray();
    for (const d of docs)
      await this.store.collection.updateOne(
        { _id: d._id, phoneKeys: { $exists: false } },
        { $set: { phoneKeys: phoneKeys(d.state, this.phoneKey) } },
      );
    return docs.length;
  }

  async get(caseId: string): Promise<CaseState | null> {
    const loaded = await this.store.load(caseId);
    return loaded && upgradeStored(loaded.state);
  }

  async require(caseId: string): Promise<CaseState> {
    const s = await this.get(caseId);
    if (!s) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
    return s;
  }

  async list(filter: CaseFilter, limit = 100): Promise<CaseState[]> {
    const docs = await this.store.collection
      .find({ ...filter } as Record<string, unknown>, { projection: { state: 1 } })
      .sort({ openedAt: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => upgradeStored(d.state));
  }

  /** Every interaction of the case, oldest first, `limit` a page from after number `after`. */
  async interactions(caseId: string, after: number, limit: number): Promise<Page<Interaction>> {
    const s = await this.require(caseId);
    const older = (a: number, t: number, l: number) => this.journal.interactions(caseId, a, t, l);
    return journalPage(s.interactions, s.interactionCount, older, after, limit);
  }

  /** Every history entry of the case, paged like interactions. */
  async history(caseId: string, after: number, limit: number): Promise<Page<HistoryEntry>> {
    const s = await this.require(caseId);
    const older = (a: number, t: number, l: number) => this.journal.history(caseId, a, t, l);
    return journalPage(s.history, s.historyCount, older, after, limit);
  }

  /** An agent opens a case: on a phone call the customer is being answered as it opens. */
  async open(input: OpenInput, actor: Actor, ctx: EventContext): Promise<CaseState> {
    refusePans('subject', input.subject);
    const caseId = newCaseId();
    return this.decideAndSave(caseId, ctx, {
      kind: 'Open',
      caseId,
      ...input,
      live: input.channel === 'PHONE',
      first: null,
      actor,
    });
  }

  /**
   * An inbound message from a channel adapter: recorded once, threaded into
   * the customer's case that still takes messages, or a new case. A channel
   * message id finds only its own customer's case (ids are unique per channel
   * and customer, not across customers).
   */
  async receive(
    m: MessageInput,
    actor: Actor,
    ctx: EventContext,
  ): Promise<{ state: CaseState; threaded: boolean; interactionId: string }> {
    const key = m.externalId
      ? { channel: m.channel, customerId: m.customerId, externalId: m.externalId }
      : null;
    const body = scrubText(m.body);
    const message = {
      interactionId: inboundId(key),
      channel: m.channel,
      body,
      from: m.from,
      externalId: m.externalId,
    };
    const answer = async (state: CaseState, threaded: boolean) => {
      if (key) await this.messages.record(key, state.caseId);
      return { state, threaded, interactionId: message.interactionId };
    };
    if (key) {
      const seen = await this.caseWithMessage(key);
      if (seen) return { state: seen, threaded: true, interactionId: message.interactionId };
    }
    const target = await this.threadFor(m);
    if (target) {
      try {
        return answer(
          await this.decideAndSave(target.caseId, ctx, { kind: 'RecordInbound', message, actor }),
          true,
        );
      } catch (err) {
        // Closed between the lookup and the write: the message opens a new case instead.
        if (!(err instanceof DomainError && err.code === 'INVALID_STATE')) throw err;
      }
    }
    const caseId = newCaseId();
    const subject = scrubText(m.subject ?? body).slice(0, 120);
    const state = await this.decideAndSave(caseId, ctx, {
      kind: 'Open',
      caseId,
      customerId: m.customerId,
      accountId: m.accountId,
      channel: m.channel,
      topic: 'GENERAL',
      priority: 'NORMAL',
      queue: 'general',
      subject,
      live: false,
      first: message,
      actor,
    });
    return answer(state, false);
  }

  /**
   * The customer's case that recorded this channel message: by its key, or
   * (recorded before keys were kept) on the case or in its journal, always
   * of this customer.
   */
  private async caseWithMessage(key: ChannelMessageKey): Promise<CaseState | null> {
    const { channel, customerId, externalId } = key;
    const recorded = await this.messages.caseOf(key);
    const byKey = recorded ? await this.get(recorded) : null;
    if (byKey && byKey.customerId === customerId) return byKey;
    const kept = await this.store.collection.findOne({ customerId, externalIds: `${channel}:${externalId}` });
    if (kept) return upgradeStored(kept.state);
    for (const at of await this.journal.messagesAt(channel, externalId)) {
      const s = await this.get(at.caseId);
      if (s && s.customerId === customerId && recordedMessage(s, at.seq, externalId)) return s;
    }
    return null;
  }

  private async threadFor(m: MessageInput): Promise<CaseState | null> {
    const now = this.clock.now().getTime();
    const takes = (s: CaseState) => s.customerId === m.customerId && acceptsThread(s, this.policy, now);
    if (m.caseId) {
      const ref = await this.get(m.caseId);
      if (ref && takes(ref)) return ref;
    }
    const candidates = await this.store.collection
      .find(
        { customerId: m.customerId, status: { $in: ['NEW', 'OPEN', 'PENDING', 'SOLVED'] } },
        { projection: { state: 1 } },
      )
      .sort({ openedAt: -1 })
      .limit(20)
      .toArray();
    // An open case wins over a recently solved one; among equals the newest.
    const states = candidates.map((d) => upgradeStored(d.state)).filter(takes);
    return states.find((s) => s.status !== 'SOLVED') ?? states[0] ?? null;
  }

  reply(caseId: string, c: { channel: Channel | null; body: string }, actor: Actor, ctx: EventContext) {
    refusePans('body', c.body);
    return this.decideAndSave(caseId, ctx, { kind: 'Reply', interactionId: newInteractionId(), ...c, actor });
  }

  note(
    caseId: string,
    c: { note: 'CALL_NOTE' | 'INTERNAL_NOTE'; body: string },
    actor: Actor,
    ctx: EventContext,
  ) {
    refusePans('body', c.body);
    return this.decideAndSave(caseId, ctx, {
      kind: 'AddNote',
      interactionId: newInteractionId(),
      ...c,
      actor,
    });
  }

  changeStatus(caseId: string, c: Omit<Cmd<'ChangeStatus'>, 'survey'>, ctx: EventContext) {
    refusePans('reason', c.reason);
    return this.decideAndSave(caseId, ctx, { kind: 'ChangeStatus', ...c, survey: CSAT_SURVEY_TEXT });
  }

  triage(caseId: string, c: Cmd<'Triage'>, ctx: EventContext) {
    return this.decideAndSave(caseId, ctx, { kind: 'Triage', ...c });
  }

  escalate(caseId: string, c: Cmd<'Escalate'>, ctx: EventContext) {
    refusePans('reason', c.reason);
    return this.decideAndSave(caseId, ctx, { kind: 'Escalate', ...c });
  }

  /**
   * Merges a duplicate into another case of the same customer: the survivor
   * takes the duplicate's interactions first, then the duplicate closes. Both
   * steps are idempotent, so a retry after a crash in between completes it.
   */
  async merge(fromId: string, intoId: string, actor: Actor, ctx: EventContext): Promise<CaseState> {
    if (fromId === intoId) throw new DomainError('INVALID', 'a case cannot be merged into itself');
    const from = await this.require(fromId);
    const into = await this.require(intoId);
    if (from.mergedInto === intoId) return into;
    // The duplicate's every interaction, less those the survivor already has (a retried merge).
    const every = (id: string) => everyEntry((after) => this.interactions(id, after, 500));
    const [carried, have] = await Promise.all([every(fromId), every(intoId)]);
    const had = new Set(have.map((i) => i.interactionId));
    const interactions = carried.filter((i) => !had.has(i.interactionId));
    await this.decideAndSave(intoId, ctx, { kind: 'AbsorbMerged', from: { ...from, interactions }, actor });
    await this.decideAndSave(fromId, ctx, {
      kind: 'MergeInto',
      intoCaseId: intoId,
      intoCustomerId: into.customerId,
      actor,
    });
    return this.require(intoId);
  }

  /** The triage model's reading of a message (application/triage-service.ts). */
  recordClassification(caseId: string, c: Omit<Cmd<'RecordClassification'>, 'actor'>, ctx: EventContext) {
    return this.decideAndSave(caseId, ctx, { kind: 'RecordClassification', ...c, actor: TRIAGE_MODEL });
  }

  reviewSuggestion(caseId: string, c: Cmd<'ReviewSuggestion'>, ctx: EventContext) {
    refusePans('reason', c.reason ?? undefined);
    return this.decideAndSave(caseId, ctx, { kind: 'ReviewSuggestion', ...c });
  }

  /** Suggestions per intent and what agents did with them, from the cases' triage index fields. */
  async triageReport(since: number | null) {
    const filter: Record<string, unknown> = { suggestionCount: { $gt: 0 } };
    if (since !== null) filter.lastClassifiedAt = { $gte: since };
    const docs = await this.store.collection.find(filter, { projection: { suggestions: 1 } }).toArray();
    const rows = (docs as unknown as { suggestions?: SuggestionIndex[] }[]).flatMap(
      (d) => d.suggestions ?? [],
    );
    return acceptanceByIntent(rows.filter((r) => since === null || r.at >= since));
  }

  /** `via`: the channel of the adapter's token, null when a person records the answer. */
  recordCsat(
    caseId: string,
    c: { score: number; comment: string; via: string | null },
    actor: Actor,
    ctx: EventContext,
  ) {
    return this.decideAndSave(caseId, ctx, {
      kind: 'RecordCsat',
      score: c.score,
      comment: scrubText(c.comment),
      via: c.via,
      actor,
    });
  }

  /** An agent confirms or rejects the reply address a customer's message came from (domain/contacts.ts). */
  decideContactChange(caseId: string, c: Cmd<'DecideContactChange'>, ctx: EventContext) {
    return this.decideAndSave(caseId, ctx, { kind: 'DecideContactChange', ...c });
  }

  /** The durable timer: SLA near-breach and breach (with escalation), and the auto-close after solve. */
  async tick(caseId: string, now: number): Promise<void> {
    const s = await this.get(caseId);
    if (!s) return;
    await this.decideAndSave(
      caseId,
      { correlationId: s.correlationIds[0] ?? caseId, causationId: null },
      { kind: 'Tick' },
      now,
    );
  }

  /**
   * CSAT results per agent, queue or channel: answers, average and the share
   * of 4–5 scores. Reads only the answered cases' index fields; summed here
   * because FerretDB's $group summed field paths as 0 (see ADR 0011).
   */
  async csatReport(by: 'agent' | 'queue' | 'channel', since: number | null) {
    const field = { agent: 'solvedBy', queue: 'queue', channel: 'channel' }[by];
    const filter: Record<string, unknown> = { csatScore: { $ne: null } };
    if (since !== null) filter.solvedAt = { $gte: since };
    const docs = await this.store.collection
      .find(filter, { projection: { [field]: 1, csatScore: 1 } })
      .toArray();
    const groups = new Map<string, { answers: number; total: number; satisfied: number }>();
    for (const d of docs as unknown as Record<string, unknown>[]) {
      const key = String(d[field] ?? '');
      const score = Number(d.csatScore);
      const g = groups.get(key) ?? { answers: 0, total: 0, satisfied: 0 };
      groups.set(key, {
        answers: g.answers + 1,
        total: g.total + score,
        satisfied: g.satisfied + Number(score >= 4),
      });
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, g]) => ({
        [by]: key,
        answers: g.answers,
        averageScore: Math.round((g.total / g.answers) * 100) / 100,
        satisfiedShare: Math.round((g.satisfied / g.answers) * 1000) / 1000,
      }));
  }

  private async decideAndSave(
    caseId: string,
    ctx: EventContext,
    c: WithoutMeta<CaseCommand>,
    at?: number,
  ): Promise<CaseState> {
    const r = await decideAndSave<CaseState, CaseEvent>({
      store: this.store,
      id: caseId,
      ctx,
      decide: async (stored) => {
        const s = stored && upgradeStored(stored);
        const now = at ?? this.clock.now().getTime();
        const cmd = { ...c, now, correlationId: ctx.correlationId } as CaseCommand;
        const events = decide(cmd, s, this.policy);
        // Before the save: a case no longer keeps what it drops (domain/journal.ts).
        if (events.length) await this.journal.write(caseId, journalWrites(s, events));
        return events;
      },
      fold: (events, s) => fold(events, s && upgradeStored(s)),
      isPublished,
      index: (s) => indexFields(s, this.policy, this.phoneKey),
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `case ${caseId} already exists`),
    });
    if (!r.state) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
    return r.state;
  }
}
