import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  DomainError,
  SYSTEM,
  decide,
  evolve,
  isPublished,
  nextDueAt,
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type Channel,
  type InteractionKind,
  type Level,
  type Metric,
  type Status,
} from '../src/domain/case';
import { DEFAULT_SLA, MINUTE, HOUR, DAY, type SlaClock } from '../src/domain/sla';
import { productTerms } from '@cardline/schemas';
import { answer, type AccountFacts } from '../src/domain/answers';
// Tests may reach across services: this one pins the ledger's charges to the published terms.
import { DEFAULT_POLICIES as LEDGER_POLICIES } from '../../ledger/src/domain/policy';
import { describe as describeEvent } from '../src/domain/timeline';
import { CSAT_SURVEY_TEXT } from '../src/copy/csat-survey';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const agent = { id: 'agent-7', role: 'agent' };
const adapter = { id: 'wechat-adapter', role: 'channel_adapter' };
const p = DEFAULT_SLA;

type Meta = { now?: number; correlationId?: string };
/** A command with its time and correlation optional (defaults T0, corr-1). */
type CaseCommandAt<C = CaseCommand> = C extends { kind: 'Tick' }
  ? C
  : C extends unknown
    ? Omit<C, 'now' | 'correlationId'> & Meta
    : never;
const caseDecider: Decider<CaseCommandAt, CaseEvent, CaseState | null> = {
  decide: (cmd, s) => decide({ now: T0, correlationId: 'corr-1', ...cmd } as CaseCommand, s, p),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

const wechat = (id: string, body = 'Why was I charged a late fee?') => ({
  interactionId: `int-${id}`,
  channel: 'WECHAT' as const,
  body,
  from: 'wx-openid-123456',
  externalId: id,
});
const openByWeChat: CaseCommandAt = {
  kind: 'Open',
  caseId: 'cas-1',
  customerId: 'cus-1',
  accountId: null,
  channel: 'WECHAT',
  topic: 'GENERAL',
  priority: 'NORMAL',
  queue: 'general',
  subject: 'late fee',
  live: false,
  first: wechat('m1'),
  actor: adapter,
};
const openedByWeChat = () => given().after(openByWeChat);

// ---- the events a case records, with what a test changes ----------------

const ids = { caseId: 'cas-1', customerId: 'cus-1' };
const clock = (targetMs: number, dueAt: number | null, over: Partial<SlaClock> = {}): SlaClock => ({
  targetMs,
  dueAt,
  remainingMs: null,
  warned: false,
  breached: false,
  ...over,
});
const clocksChanged = (clocks: Partial<Record<Metric, SlaClock>>, at: number): CaseEvent => ({
  type: 'internal.clocks-changed',
  payload: { clocks, at },
});
/** A WeChat case's clocks as it opens at T0: first reply 30 minutes (the channel cap), resolution 3 days. */
const firstReply = clock(30 * MINUTE, T0 + 30 * MINUTE);
const resolution = clock(3 * DAY, T0 + 3 * DAY);
const statusChanged = (
  from: Status,
  to: Status,
  reason: string,
  actor: Actor,
  changedAt: number,
  caseId = 'cas-1',
): CaseEvent => ({
  type: 'ticketing.case.status-changed.v1',
  payload: { ...ids, caseId, from, to, reason, actor, changedAt },
});
const recorded = (
  i: { interactionId: string; kind: InteractionKind; channel: Channel; body: string; contact: string | null },
  actor: Actor,
  recordedAt: number,
  over: { caseId?: string; mergedFromCaseId?: string | null } = {},
): CaseEvent => ({
  type: 'ticketing.case.interaction-recorded.v1',
  payload: { ...ids, mergedFromCaseId: null, ...i, actor, recordedAt, ...over },
});
/** What the published record leaves out: the correlation, the channel's message id, the unmasked address. */
const meta = (
  interactionId: string,
  channel: Channel,
  externalId: string | null,
  address: string | null,
  correlationId = 'corr-1',
): CaseEvent => ({
  type: 'internal.interaction-meta',
  payload: { interactionId, channel, externalId, address, correlationId },
});
const inbound = (id: string, body: string, at: number): CaseEvent[] => [
  recorded(
    { interactionId: `int-${id}`, kind: 'INBOUND', channel: 'WECHAT', body, contact: 'wx-***' },
    adapter,
    at,
  ),
  meta(`int-${id}`, 'WECHAT', id, 'wx-openid-123456'),
];
const correlated: CaseEvent = { type: 'internal.correlated', payload: { correlationId: 'corr-1' } };
const slaEvent = (
  type: 'ticketing.case.sla-due-soon.v1' | 'ticketing.case.sla-breached.v1',
  metric: Metric,
  dueAt: number,
  firedAt: number,
): CaseEvent => ({
  type,
  payload: {
    ...ids,
    priority: 'NORMAL',
    channel: 'WECHAT',
    queue: 'general',
    assigneeId: null,
    metric,
    dueAt,
    firedAt,
  },
});
const escalated = (
  fromLevel: Level,
  toLevel: Level,
  queue: string,
  reason: string,
  at: number,
): CaseEvent => ({
  type: 'ticketing.case.escalated.v1',
  payload: { ...ids, fromLevel, toLevel, queue, reason, actor: SYSTEM, escalatedAt: at },
});

describe('case: SLA clocks', () => {
  it('a WeChat case waits for its first reply under the channel cap, warns at 80 %, breaches once and escalates', () => {
    const s = openedByWeChat();
    expect(s.state?.clocks.FIRST_REPLY?.dueAt).toBe(T0 + 30 * MINUTE);
    expect(s.state?.clocks.RESOLUTION?.dueAt).toBe(T0 + 3 * DAY);
    expect(nextDueAt(s.state as CaseState, p)).toBe(T0 + 24 * MINUTE);

    s.when({ kind: 'Tick', now: T0 + 23 * MINUTE }).thenNothingHappened();
    const warned = s
      .when({ kind: 'Tick', now: T0 + 24 * MINUTE })
      .then([
        slaEvent('ticketing.case.sla-due-soon.v1', 'FIRST_REPLY', T0 + 30 * MINUTE, T0 + 24 * MINUTE),
        clocksChanged(
          { FIRST_REPLY: { ...firstReply, warned: true }, RESOLUTION: resolution },
          T0 + 24 * MINUTE,
        ),
      ]);

    const breached = warned
      .when({ kind: 'Tick', now: T0 + 30 * MINUTE })
      .then([
        slaEvent('ticketing.case.sla-breached.v1', 'FIRST_REPLY', T0 + 30 * MINUTE, T0 + 30 * MINUTE),
        escalated('TIER1', 'TIER2', 'tier2', 'FIRST_REPLY SLA breached', T0 + 30 * MINUTE),
        clocksChanged(
          { FIRST_REPLY: { ...firstReply, warned: true, breached: true }, RESOLUTION: resolution },
          T0 + 30 * MINUTE,
        ),
      ]);
    expect(breached.state).toMatchObject({ level: 'TIER2', queue: 'tier2', assigneeId: null });
    breached.when({ kind: 'Tick', now: T0 + 40 * MINUTE }).thenNothingHappened();
  });

  it('a breach already due skips the warning; a second breach goes to the supervisor, and no further', () => {
    const late = openedByWeChat()
      .when({ kind: 'Tick', now: T0 + 3 * DAY })
      .then([
        slaEvent('ticketing.case.sla-breached.v1', 'FIRST_REPLY', T0 + 30 * MINUTE, T0 + 3 * DAY),
        escalated('TIER1', 'TIER2', 'tier2', 'FIRST_REPLY SLA breached', T0 + 3 * DAY),
        slaEvent('ticketing.case.sla-breached.v1', 'RESOLUTION', T0 + 3 * DAY, T0 + 3 * DAY),
        escalated('TIER2', 'SUPERVISOR', 'supervisors', 'RESOLUTION SLA breached', T0 + 3 * DAY),
        clocksChanged(
          {
            FIRST_REPLY: { ...firstReply, warned: true, breached: true },
            RESOLUTION: { ...resolution, warned: true, breached: true },
          },
          T0 + 3 * DAY,
        ),
      ]);
    expect(late.state?.level).toBe('SUPERVISOR');
    late.when({ kind: 'Escalate', reason: 'more', actor: agent }).thenThrows('INVALID_STATE', 'supervisor');
  });

  it('pending pauses every running clock and the customer’s reply resumes it with the time it had left', () => {
    // Answered at 09:05; the customer writes again at 09:08 (next reply due in 30 minutes); pending at 09:10.
    const answered = openedByWeChat().after(
      {
        kind: 'Reply',
        interactionId: 'r1',
        channel: null,
        body: 'Which one?',
        actor: agent,
        now: T0 + 5 * MINUTE,
      },
      { kind: 'RecordInbound', message: wechat('m2', 'a moment'), actor: adapter, now: T0 + 8 * MINUTE },
    );
    expect(answered.state?.clocks.NEXT_REPLY?.dueAt).toBe(T0 + 38 * MINUTE);
    const pending = answered
      .when({
        kind: 'ChangeStatus',
        to: 'PENDING',
        reason: 'asked for the statement date',
        actor: agent,
        now: T0 + 10 * MINUTE,
      })
      .then([
        statusChanged('OPEN', 'PENDING', 'asked for the statement date', agent, T0 + 10 * MINUTE),
        clocksChanged(
          {
            NEXT_REPLY: clock(30 * MINUTE, null, { remainingMs: 28 * MINUTE }),
            RESOLUTION: clock(3 * DAY, null, { remainingMs: 3 * DAY - 10 * MINUTE }),
          },
          T0 + 10 * MINUTE,
        ),
      ]);
    expect(pending.state?.status).toBe('PENDING');
    expect(pending.state?.clocks.NEXT_REPLY).toMatchObject({ dueAt: null, remainingMs: 28 * MINUTE });
    expect(nextDueAt(pending.state as CaseState, p)).toBeNull();
    pending.when({ kind: 'Tick', now: T0 + 10 * DAY }).thenNothingHappened();

    const back = pending
      .when({
        kind: 'RecordInbound',
        message: wechat('m3', 'it was the 5th'),
        actor: adapter,
        now: T0 + 2 * DAY,
      })
      .then([
        ...inbound('m3', 'it was the 5th', T0 + 2 * DAY),
        statusChanged('PENDING', 'OPEN', 'customer replied', adapter, T0 + 2 * DAY),
        clocksChanged(
          {
            NEXT_REPLY: clock(30 * MINUTE, T0 + 2 * DAY + 28 * MINUTE),
            RESOLUTION: clock(3 * DAY, T0 + 2 * DAY + 3 * DAY - 10 * MINUTE),
          },
          T0 + 2 * DAY,
        ),
      ]);
    expect(back.state?.status).toBe('OPEN');
    expect(back.state?.clocks.NEXT_REPLY).toMatchObject({
      dueAt: T0 + 2 * DAY + 28 * MINUTE,
      remainingMs: null,
    });
    expect(back.state?.clocks.RESOLUTION?.dueAt).toBe(T0 + 2 * DAY + 3 * DAY - 10 * MINUTE);
  });

  it('pending before any agent reply does not pause the first-reply clock: the first-reply SLA cannot be dodged', () => {
    const pending = openedByWeChat()
      .when({ kind: 'ChangeStatus', to: 'PENDING', reason: 'waiting', actor: agent, now: T0 + 10 * MINUTE })
      .then([
        statusChanged('NEW', 'PENDING', 'waiting', agent, T0 + 10 * MINUTE),
        clocksChanged(
          {
            FIRST_REPLY: firstReply,
            RESOLUTION: clock(3 * DAY, null, { remainingMs: 3 * DAY - 10 * MINUTE }),
          },
          T0 + 10 * MINUTE,
        ),
      ]);
    expect(nextDueAt(pending.state as CaseState, p)).toBe(T0 + 24 * MINUTE);
    pending.when({ kind: 'Tick', now: T0 + 30 * MINUTE }).then([
      slaEvent('ticketing.case.sla-breached.v1', 'FIRST_REPLY', T0 + 30 * MINUTE, T0 + 30 * MINUTE),
      escalated('TIER1', 'TIER2', 'tier2', 'FIRST_REPLY SLA breached', T0 + 30 * MINUTE),
      clocksChanged(
        {
          FIRST_REPLY: { ...firstReply, warned: true, breached: true },
          RESOLUTION: clock(3 * DAY, null, { remainingMs: 3 * DAY - 10 * MINUTE }),
        },
        T0 + 30 * MINUTE,
      ),
    ]);
    // Through OPEN too: an assignment opens the case, and pending still leaves the first reply running.
    openedByWeChat()
      .after({ kind: 'Triage', assigneeId: 'agent-7', actor: agent, now: T0 + MINUTE })
      .when({ kind: 'ChangeStatus', to: 'PENDING', reason: 'waiting', actor: agent, now: T0 + 10 * MINUTE })
      .thenEventsMatch([
        { type: 'ticketing.case.status-changed.v1', payload: { from: 'OPEN', to: 'PENDING' } },
        { type: 'internal.clocks-changed', payload: { clocks: { FIRST_REPLY: firstReply } } },
      ]);
  });

  it('a reply meets the reply clocks; the customer’s next message starts the next-reply clock', () => {
    const replied = openedByWeChat()
      .when({
        kind: 'Reply',
        interactionId: 'r1',
        channel: null,
        body: 'Let me check.',
        actor: agent,
        now: T0 + 5 * MINUTE,
      })
      .then([
        recorded(
          {
            interactionId: 'r1',
            kind: 'OUTBOUND',
            channel: 'WECHAT',
            body: 'Let me check.',
            contact: 'wx-***',
          },
          agent,
          T0 + 5 * MINUTE,
        ),
        meta('r1', 'WECHAT', null, null),
        {
          type: 'ticketing.case.message-queued.v1',
          payload: {
            caseId: 'cas-1',
            interactionId: 'r1',
            channel: 'WECHAT',
            purpose: 'REPLY',
            contactRef: 'cas-1:WECHAT',
            body: 'Let me check.',
            queuedAt: T0 + 5 * MINUTE,
          },
        },
        statusChanged('NEW', 'OPEN', 'agent replied', agent, T0 + 5 * MINUTE),
        clocksChanged({ RESOLUTION: resolution }, T0 + 5 * MINUTE),
      ]);
    expect(replied.state).toMatchObject({ status: 'OPEN', firstReplyAt: T0 + 5 * MINUTE });
    expect(replied.state?.clocks.FIRST_REPLY).toBeUndefined();

    const again = replied
      .when({ kind: 'RecordInbound', message: wechat('m2'), actor: adapter, now: T0 + HOUR })
      .then([
        ...inbound('m2', 'Why was I charged a late fee?', T0 + HOUR),
        clocksChanged(
          { RESOLUTION: resolution, NEXT_REPLY: clock(30 * MINUTE, T0 + HOUR + 30 * MINUTE) },
          T0 + HOUR,
        ),
      ]);
    expect(again.state?.clocks.NEXT_REPLY?.dueAt).toBe(T0 + HOUR + 30 * MINUTE);
  });

  it('a priority change re-targets running clocks to the new priority’s targets, from when they started', () => {
    const triaged = (priority: 'URGENT' | 'HIGH' | 'LOW', at: number): CaseEvent => ({
      type: 'ticketing.case.triaged.v1',
      payload: {
        ...ids,
        queue: 'general',
        assigneeId: null,
        priority,
        topic: 'GENERAL',
        tags: [],
        actor: agent,
        changedAt: at,
      },
    });
    // NORMAL → URGENT: resolution 4 hours from the opening, not 3 days; first reply keeps the WeChat cap.
    const urgent = openedByWeChat()
      .when({ kind: 'Triage', priority: 'URGENT', actor: agent, now: T0 + 10 * MINUTE })
      .then([
        triaged('URGENT', T0 + 10 * MINUTE),
        clocksChanged(
          { FIRST_REPLY: firstReply, RESOLUTION: clock(4 * HOUR, T0 + 4 * HOUR) },
          T0 + 10 * MINUTE,
        ),
      ]);
    expect(nextDueAt(urgent.state as CaseState, p)).toBe(T0 + 24 * MINUTE);
    urgent
      .when({ kind: 'Tick', now: T0 + 4 * HOUR })
      .thenEventsMatch([
        { type: 'ticketing.case.sla-breached.v1', payload: { metric: 'FIRST_REPLY', priority: 'URGENT' } },
        { type: 'ticketing.case.escalated.v1' },
        { type: 'ticketing.case.sla-breached.v1', payload: { metric: 'RESOLUTION', dueAt: T0 + 4 * HOUR } },
        { type: 'ticketing.case.escalated.v1' },
        { type: 'internal.clocks-changed' },
      ]);
    // A paused clock keeps the time it has used: 1 hour of the 1-day HIGH target.
    openedByWeChat()
      .after(
        {
          kind: 'Reply',
          interactionId: 'r1',
          channel: null,
          body: 'Which statement?',
          actor: agent,
          now: T0 + 5 * MINUTE,
        },
        { kind: 'ChangeStatus', to: 'PENDING', reason: 'asked', actor: agent, now: T0 + HOUR },
      )
      .when({ kind: 'Triage', priority: 'HIGH', actor: agent, now: T0 + 2 * HOUR })
      .then([
        triaged('HIGH', T0 + 2 * HOUR),
        clocksChanged({ RESOLUTION: clock(DAY, null, { remainingMs: DAY - HOUR }) }, T0 + 2 * HOUR),
      ]);
    // A longer target re-arms the warning the shorter one had given; an unchanged target keeps it.
    const reply: CaseCommandAt = {
      kind: 'Reply',
      interactionId: 'r1',
      channel: null,
      body: 'Looking into it.',
      actor: agent,
      now: T0 + 5 * MINUTE,
    };
    const warned = openedByWeChat().after(reply, { kind: 'Tick', now: T0 + 60 * HOUR });
    expect(warned.state?.clocks.RESOLUTION?.warned).toBe(true);
    warned
      .when({ kind: 'Triage', priority: 'LOW', actor: agent, now: T0 + 61 * HOUR })
      .then([
        triaged('LOW', T0 + 61 * HOUR),
        clocksChanged({ RESOLUTION: clock(7 * DAY, T0 + 7 * DAY) }, T0 + 61 * HOUR),
      ]);
    warned
      .when({ kind: 'Triage', topic: 'BILLING_QUESTION', actor: agent, now: T0 + 61 * HOUR })
      .thenEventsMatch([{ type: 'ticketing.case.triaged.v1' }]);
  });

  it('a phone case logged by an agent is answered as it opens: no first-reply clock', () => {
    const opened = given()
      .when({
        kind: 'Open',
        caseId: 'cas-2',
        customerId: 'cus-1',
        accountId: 'acc-1',
        channel: 'PHONE',
        topic: 'LOST_CARD',
        priority: 'URGENT',
        queue: 'cards',
        subject: 'stolen card',
        live: true,
        first: null,
        actor: agent,
      })
      .then([
        {
          type: 'ticketing.case.opened.v1',
          payload: {
            caseId: 'cas-2',
            customerId: 'cus-1',
            accountId: 'acc-1',
            channel: 'PHONE',
            topic: 'LOST_CARD',
            priority: 'URGENT',
            queue: 'cards',
            subject: 'stolen card',
            firstReplyDueAt: null,
            resolutionDueAt: T0 + 4 * HOUR,
            actor: agent,
            openedAt: T0,
          },
        },
        clocksChanged({ RESOLUTION: clock(4 * HOUR, T0 + 4 * HOUR) }, T0),
        correlated,
      ]);
    const s = opened.state;
    expect(s?.clocks.FIRST_REPLY).toBeUndefined();
    expect(s?.clocks.RESOLUTION?.dueAt).toBe(T0 + 4 * HOUR);
    const noted = opened
      .when({
        kind: 'AddNote',
        interactionId: 'n1',
        note: 'CALL_NOTE',
        body: 'Customer reports the card stolen.',
        actor: agent,
      })
      .then([
        recorded(
          {
            interactionId: 'n1',
            kind: 'CALL_NOTE',
            channel: 'PHONE',
            body: 'Customer reports the card stolen.',
            contact: null,
          },
          agent,
          T0,
          { caseId: 'cas-2' },
        ),
        meta('n1', 'PHONE', null, null),
        statusChanged('NEW', 'OPEN', 'agent spoke with the customer', agent, T0, 'cas-2'),
        clocksChanged({ RESOLUTION: clock(4 * HOUR, T0 + 4 * HOUR) }, T0),
      ]);
    expect(noted.state?.status).toBe('OPEN');
    opened
      .when({ kind: 'Reply', interactionId: 'r1', channel: null, body: 'hi', actor: agent })
      .thenThrows('INVALID', /no message address/);
  });
});

describe('case: threading, solve, CSAT, merge, close', () => {
  it('a WeChat message opens a case with its clocks; the published record masks the sender’s address', () => {
    given()
      .when(openByWeChat)
      .then([
        {
          type: 'ticketing.case.opened.v1',
          payload: {
            ...ids,
            accountId: null,
            channel: 'WECHAT',
            topic: 'GENERAL',
            priority: 'NORMAL',
            queue: 'general',
            subject: 'late fee',
            firstReplyDueAt: T0 + 30 * MINUTE,
            resolutionDueAt: T0 + 3 * DAY,
            actor: adapter,
            openedAt: T0,
          },
        },
        clocksChanged({ RESOLUTION: resolution, FIRST_REPLY: firstReply }, T0),
        correlated,
        ...inbound('m1', 'Why was I charged a late fee?', T0),
      ]);
  });

  it('a redelivered channel message is recorded once', () => {
    openedByWeChat()
      .when({ kind: 'RecordInbound', message: wechat('m1'), actor: adapter })
      .thenNothingHappened();
  });

  it('solving sends the survey on the customer’s channel; one answer of 1–5 is recorded', () => {
    const survey = CSAT_SURVEY_TEXT;
    expect(survey).toBe(
      'How satisfied were you with how we handled your request? Reply with a score from 1 to 5.',
    );
    const solved = openedByWeChat()
      // The survey's copy is the application's (src/copy/csat-survey.ts); the decider sends what it is given.
      .when({
        kind: 'ChangeStatus',
        to: 'SOLVED',
        reason: 'fee explained',
        actor: agent,
        now: T0 + HOUR,
        survey,
      })
      .then([
        statusChanged('NEW', 'SOLVED', 'fee explained', agent, T0 + HOUR),
        clocksChanged({}, T0 + HOUR),
        recorded(
          {
            interactionId: 'cas-1:csat-survey',
            kind: 'SURVEY',
            channel: 'WECHAT',
            body: survey,
            contact: 'wx-***',
          },
          agent,
          T0 + HOUR,
        ),
        meta('cas-1:csat-survey', 'WECHAT', null, null, ''),
        {
          type: 'ticketing.case.message-queued.v1',
          payload: {
            caseId: 'cas-1',
            interactionId: 'cas-1:csat-survey',
            channel: 'WECHAT',
            purpose: 'CSAT_SURVEY',
            contactRef: 'cas-1:WECHAT',
            body: survey,
            queuedAt: T0 + HOUR,
          },
        },
      ]);
    expect(solved.state?.clocks).toEqual({});
    solved
      .when({ kind: 'RecordCsat', score: 6, comment: '', via: 'WECHAT', actor: adapter })
      .thenThrows('INVALID', /1 to 5/);
    const rated = solved
      .when({ kind: 'RecordCsat', score: 4, comment: 'quick', via: 'WECHAT', actor: adapter })
      .then([
        {
          type: 'ticketing.case.csat-recorded.v1',
          payload: {
            ...ids,
            score: 4,
            comment: 'quick',
            agentId: 'agent-7',
            queue: 'general',
            channel: 'WECHAT',
            respondedAt: T0,
          },
        },
      ]);
    rated
      .when({ kind: 'RecordCsat', score: 5, comment: '', via: 'WECHAT', actor: adapter })
      .thenThrows('INVALID_STATE', /already/);
  });

  it('the customer’s message reopens a solved case within the window; then the case closes automatically', () => {
    const solved = openedByWeChat().after({
      kind: 'ChangeStatus',
      to: 'SOLVED',
      reason: 'done',
      actor: agent,
      now: T0 + HOUR,
    });
    const reopened = solved
      .when({ kind: 'RecordInbound', message: wechat('m9'), actor: adapter, now: T0 + DAY })
      .then([
        ...inbound('m9', 'Why was I charged a late fee?', T0 + DAY),
        statusChanged(
          'SOLVED',
          'OPEN',
          'reopened by the customer within the reopen window',
          adapter,
          T0 + DAY,
        ),
        clocksChanged({ RESOLUTION: clock(3 * DAY, T0 + DAY + 3 * DAY) }, T0 + DAY),
      ]);
    expect(reopened.state?.status).toBe('OPEN');
    expect(reopened.state?.clocks.RESOLUTION?.dueAt).toBe(T0 + DAY + 3 * DAY);

    const windowEnds = T0 + HOUR + p.reopenWindowMs;
    expect(nextDueAt(solved.state as CaseState, p)).toBe(windowEnds);
    const closed = solved
      .when({ kind: 'Tick', now: windowEnds })
      .then([statusChanged('SOLVED', 'CLOSED', 'closed automatically after solve', SYSTEM, windowEnds)]);
    expect(closed.state?.status).toBe('CLOSED');
    closed
      .when({ kind: 'RecordInbound', message: wechat('m10'), actor: adapter })
      .thenThrows('INVALID_STATE', /closed/);
    closed
      .when({ kind: 'ChangeStatus', to: 'OPEN', reason: 'x', actor: agent })
      .thenThrows('INVALID_STATE', /cannot move/);
  });

  it('a solved case closes when the policy’s reopen window ends, not before: one figure for both', () => {
    const solvedAt = T0 + HOUR;
    const solved = openedByWeChat().after({
      kind: 'ChangeStatus',
      to: 'SOLVED',
      reason: 'done',
      actor: agent,
      now: solvedAt,
    });
    expect(p.reopenWindowMs).toBe(7 * DAY);
    expect(nextDueAt(solved.state as CaseState, p)).toBe(solvedAt + 7 * DAY);
    solved.when({ kind: 'Tick', now: solvedAt + 4 * DAY }).thenNothingHappened();
    solved.when({ kind: 'Tick', now: solvedAt + 7 * DAY - 1 }).thenNothingHappened();
    // Day 6: still inside the window, so the customer's message reopens the case.
    solved
      .when({ kind: 'RecordInbound', message: wechat('m6'), actor: adapter, now: solvedAt + 6 * DAY })
      .thenEventsMatch([
        { type: 'ticketing.case.interaction-recorded.v1' },
        { type: 'internal.interaction-meta' },
        { type: 'ticketing.case.status-changed.v1', payload: { from: 'SOLVED', to: 'OPEN' } },
        { type: 'internal.clocks-changed' },
      ]);
    const closed = solved
      .when({ kind: 'Tick', now: solvedAt + 7 * DAY })
      .thenEventsMatch([
        { type: 'ticketing.case.status-changed.v1', payload: { from: 'SOLVED', to: 'CLOSED' } },
      ]);
    // The window is the same figure wherever it is read: a shorter one closes sooner.
    const short = { ...p, reopenWindowMs: 2 * DAY };
    expect(nextDueAt(solved.state as CaseState, short)).toBe(solvedAt + 2 * DAY);
    expect(closed.state?.status).toBe('CLOSED');
  });

  it('merging carries the duplicate’s interactions over and closes it; other customers’ cases are refused', () => {
    const dup = openedByWeChat();
    const into = given().after({
      kind: 'Open',
      caseId: 'cas-9',
      customerId: 'cus-1',
      accountId: null,
      channel: 'EMAIL',
      topic: 'GENERAL',
      priority: 'NORMAL',
      queue: 'general',
      subject: 'fee',
      live: false,
      first: {
        interactionId: 'int-e1',
        channel: 'EMAIL',
        body: 'late fee?',
        from: 'ann@example.com',
        externalId: 'e1',
      },
      actor: adapter,
    });
    const absorb: CaseCommandAt = { kind: 'AbsorbMerged', from: dup.state as CaseState, actor: agent };
    const absorbed = into.when(absorb).then([
      // Carried over with its original actor and time; the merge is the duplicate's own record.
      recorded(
        {
          interactionId: 'int-m1',
          kind: 'INBOUND',
          channel: 'WECHAT',
          body: 'Why was I charged a late fee?',
          contact: 'wx-***',
        },
        adapter,
        T0,
        { caseId: 'cas-9', mergedFromCaseId: 'cas-1' },
      ),
      meta('int-m1', 'WECHAT', 'm1', null),
      {
        type: 'internal.contacts-merged',
        payload: { contacts: { EMAIL: 'ann@example.com', WECHAT: 'wx-openid-123456' } },
      },
    ]);
    expect(absorbed.state?.interactions.map((i) => i.mergedFromCaseId)).toEqual([null, 'cas-1']);
    expect(absorbed.state?.contacts).toEqual({ EMAIL: 'ann@example.com', WECHAT: 'wx-openid-123456' });
    absorbed.when(absorb).thenNothingHappened();
    const merged = dup
      .when({ kind: 'MergeInto', intoCaseId: 'cas-9', intoCustomerId: 'cus-1', actor: agent })
      .then([
        {
          type: 'ticketing.case.merged.v1',
          payload: { caseId: 'cas-1', intoCaseId: 'cas-9', customerId: 'cus-1', actor: agent, mergedAt: T0 },
        },
        statusChanged('NEW', 'CLOSED', 'merged into cas-9', agent, T0),
        clocksChanged({}, T0),
      ]);
    expect(merged.state).toMatchObject({ status: 'CLOSED', mergedInto: 'cas-9' });
    dup
      .when({ kind: 'MergeInto', intoCaseId: 'cas-8', intoCustomerId: 'cus-2', actor: agent })
      .thenThrows('INVALID', /same customer/);
  });

  it('the published interaction masks the address; the unmasked one stays in state for replies', () => {
    const r = given()
      .when({
        kind: 'Open',
        caseId: 'cas-3',
        customerId: 'cus-1',
        accountId: null,
        channel: 'EMAIL',
        topic: 'GENERAL',
        priority: 'NORMAL',
        queue: 'general',
        subject: 's',
        live: false,
        first: {
          interactionId: 'i',
          channel: 'EMAIL',
          body: 'b',
          from: 'ann.lee@example.com',
          externalId: null,
        },
        actor: adapter,
      })
      .thenEventsMatch([
        { type: 'ticketing.case.opened.v1' },
        { type: 'internal.clocks-changed' },
        { type: 'internal.correlated' },
        recorded(
          { interactionId: 'i', kind: 'INBOUND', channel: 'EMAIL', body: 'b', contact: 'a***@example.com' },
          adapter,
          T0,
          { caseId: 'cas-3' },
        ),
        meta('i', 'EMAIL', null, 'ann.lee@example.com'),
      ]);
    expect(JSON.stringify(r.decided.filter(isPublished))).not.toContain('ann.lee');
    expect(r.state?.contacts.EMAIL).toBe('ann.lee@example.com');
  });
});

describe('answers and timeline lines', () => {
  const facts: AccountFacts = {
    accountId: 'acc-1',
    customerId: 'cus-1',
    productCode: 'CLASSIC',
    market: 'US',
    currency: 'USD',
    creditLimit: 500000,
    aprBps: 2499,
    balance: 123456,
    availableCredit: 376544,
    lastStatement: {
      statementId: 'st-1',
      periodEnd: T0,
      closingBalance: 100000,
      minimumDue: 3500,
      dueDate: T0 + 25 * DAY,
    },
    paidSinceStatement: 1000,
    timeZone: 'UTC',
    asOf: T0,
  };

  it('minimum due counts payments since the statement; fees come from the product terms', () => {
    expect(answer('MINIMUM_DUE', facts).figures).toMatchObject({ minimumDue: 3500, remaining: 2500 });
    expect(answer('MINIMUM_DUE', { ...facts, paidSinceStatement: 5000 }).text).toMatch(/has been paid/);
    expect(answer('BALANCE', facts).text).toBe(
      'The current balance is $1234.56, with $3765.44 of the $5000.00 credit limit available.',
    );
    expect(answer('APR', facts).text).toMatch(/24.99%/);
    expect(answer('FEES', facts).text).toMatch(/Late fee \$30.00, or \$41.00/);
    expect(answer('FEES', { ...facts, market: 'CN', currency: 'CNY' }).text).toMatch(
      /Late fee 5.00% of the unpaid minimum/,
    );
    expect(answer('DUE_DATE', { ...facts, lastStatement: null }).figures).toEqual({ dueDate: null });
  });

  it('answers print due dates in the account’s time zone: the ledger’s due date is the end of the local day', () => {
    // Statement of 2 March (New York), due at the end of 27 March New York time: 03:59:59.999 on the 28th in UTC.
    const ny: AccountFacts = {
      ...facts,
      timeZone: 'America/New_York',
      lastStatement: {
        statementId: 'st-2',
        periodEnd: Date.parse('2026-03-03T04:59:59.999Z'),
        closingBalance: 100000,
        minimumDue: 3500,
        dueDate: Date.parse('2026-03-28T03:59:59.999Z'),
      },
    };
    expect(answer('DUE_DATE', ny).text).toBe(
      'The payment on the statement of 2026-03-02 is due on 2026-03-27; the statement balance is $1000.00.',
    );
    expect(answer('MINIMUM_DUE', ny).text).toMatch(/still to pay by 2026-03-27\.$/);
    // Shanghai: the end of 20 March there is 15:59:59.999 UTC the same day.
    const cn = {
      ...ny,
      timeZone: 'Asia/Shanghai',
      lastStatement: { ...ny.lastStatement!, dueDate: Date.parse('2026-03-20T15:59:59.999Z') },
    };
    expect(answer('DUE_DATE', cn).text).toMatch(/due on 2026-03-20;/);
  });

  it('fee figures come from the one published product-terms source, which is what the ledger charges', () => {
    for (const [market, productCode, currency] of [
      ['US', 'CLASSIC', 'USD'],
      ['US', 'GOLD', 'USD'],
      ['CN', 'CLASSIC', 'CNY'],
      ['CN', 'GOLD', 'CNY'],
    ] as const) {
      const t = productTerms(market, productCode);
      if (!t) throw new Error(`no published terms for ${market} ${productCode}`);
      expect(answer('FEES', { ...facts, market, productCode, currency }).figures).toEqual({
        annualFee: t.annualFee,
        lateFeeFirst: t.lateFee.first,
        lateFeeRepeat: t.lateFee.repeat,
        lateFeePercentOfUnpaidBps: t.lateFee.percentOfUnpaidBps,
        foreignTransactionFeeBps: t.foreignTransactionFeeBps,
        cashAdvanceFeeBps: t.cashAdvanceFeeBps,
        currency,
      });
      expect(answer('FEES', { ...facts, market, productCode, currency }).text).toContain(
        `payment is due ${t.paymentDueDays} days after the statement closes`,
      );
      // Until the ledger reads these terms itself, its policy must charge the same figures.
      const ledger = LEDGER_POLICIES[market];
      expect(t.lateFee).toEqual(ledger.lateFee);
      expect(t.minimumPayment).toEqual(ledger.minimumDue);
      expect(t.paymentDueDays).toBe(ledger.dueDate.firstDaysAfterClose);
    }
    expect(answer('FEES', facts).text).toBe(
      'Annual fee $0.00. Late fee $30.00, or $41.00 if another payment was late in the previous 6 cycles, never more than the minimum due. Foreign transaction fee 3.00%. Cash advance fee 5.00%. Minimum payment: the greater of $25.00 or 1% of the balance plus interest and fees; payment is due 25 days after the statement closes.',
    );
    expect(answer('FEES', { ...facts, market: 'CN', currency: 'CNY' }).text).toContain(
      'Minimum payment: the greater of ¥50.00 or 10% of the balance;',
    );
  });

  it('timeline lines name the account or customer; unknown types are left out', () => {
    expect(
      describeEvent('cards.card.reported-stolen.v1', {
        cardId: 'c',
        accountId: 'acc-1',
        customerId: 'cus-1',
      }),
    ).toEqual({
      accountId: 'acc-1',
      customerId: 'cus-1',
      summary: 'Card reported stolen and blocked',
    });
    expect(describeEvent('ticketing.case.triaged.v1', { caseId: 'x' })).toBeNull();
  });
});
