import {
  CLOSE_AFTER_SOLVE_MS,
  DomainError,
  decide,
  fold,
  nextDueAt,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { DEFAULT_SLA, MINUTE, HOUR, DAY } from '../src/domain/sla';
import { answer, type AccountFacts } from '../src/domain/answers';
import { describe as describeEvent } from '../src/domain/timeline';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const agent = { id: 'agent-7', role: 'agent' };
const adapter = { id: 'wechat-adapter', role: 'channel_adapter' };
const p = DEFAULT_SLA;

type Meta = { now?: number; correlationId?: string };
/** A command with its time and correlation optional (defaults T0, corr-1). */
type Given<C> = C extends { kind: 'Tick' }
  ? C
  : C extends unknown
    ? Omit<C, 'now' | 'correlationId'> & Meta
    : never;
function run(s: CaseState | null, cmd: Given<CaseCommand>) {
  const full = { now: T0, correlationId: 'corr-1', ...cmd } as CaseCommand;
  const events = decide(full, s, p);
  return { events, state: fold(events, s) as CaseState };
}
const types = (events: CaseEvent[]) =>
  events.filter((e) => !e.type.startsWith('internal.')).map((e) => e.type.split('.')[2]);

const wechat = (id: string, body = 'Why was I charged a late fee?') => ({
  interactionId: `int-${id}`,
  channel: 'WECHAT' as const,
  body,
  from: 'wx-openid-123456',
  externalId: id,
});

function openedByWeChat() {
  return run(null, {
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
  }).state;
}

describe('case: SLA clocks', () => {
  it('a WeChat case waits for its first reply under the channel cap, warns at 80 %, breaches once and escalates', () => {
    const s = openedByWeChat();
    expect(s.clocks.FIRST_REPLY?.dueAt).toBe(T0 + 30 * MINUTE);
    expect(s.clocks.RESOLUTION?.dueAt).toBe(T0 + 3 * DAY);
    expect(nextDueAt(s, p)).toBe(T0 + 24 * MINUTE);

    expect(run(s, { kind: 'Tick', now: T0 + 23 * MINUTE }).events).toEqual([]);
    const warned = run(s, { kind: 'Tick', now: T0 + 24 * MINUTE });
    expect(types(warned.events)).toEqual(['sla-due-soon']);

    const breached = run(warned.state, { kind: 'Tick', now: T0 + 30 * MINUTE });
    expect(types(breached.events)).toEqual(['sla-breached', 'escalated']);
    const esc = breached.events.find((e) => e.type === 'ticketing.case.escalated.v1');
    expect(esc?.payload).toMatchObject({
      fromLevel: 'TIER1',
      toLevel: 'TIER2',
      queue: 'tier2',
      reason: 'FIRST_REPLY SLA breached',
    });
    expect(breached.state).toMatchObject({ level: 'TIER2', queue: 'tier2', assigneeId: null });
    expect(run(breached.state, { kind: 'Tick', now: T0 + 40 * MINUTE }).events).toEqual([]);
  });

  it('a breach already due skips the warning; a second breach goes to the supervisor, and no further', () => {
    const s = openedByWeChat();
    const late = run(s, { kind: 'Tick', now: T0 + 3 * DAY });
    expect(types(late.events)).toEqual(['sla-breached', 'escalated', 'sla-breached', 'escalated']);
    expect(late.state.level).toBe('SUPERVISOR');
    expect(() => run(late.state, { kind: 'Escalate', reason: 'more', actor: agent })).toThrow(DomainError);
  });

  it('pending pauses every running clock and the customer’s reply resumes it with the time it had left', () => {
    const s = openedByWeChat();
    const pending = run(s, {
      kind: 'ChangeStatus',
      to: 'PENDING',
      reason: 'asked for the statement date',
      actor: agent,
      now: T0 + 10 * MINUTE,
    });
    expect(pending.state.status).toBe('PENDING');
    expect(pending.state.clocks.FIRST_REPLY).toMatchObject({ dueAt: null, remainingMs: 20 * MINUTE });
    expect(nextDueAt(pending.state, p)).toBeNull();
    expect(run(pending.state, { kind: 'Tick', now: T0 + 10 * DAY }).events).toEqual([]);

    const back = run(pending.state, {
      kind: 'RecordInbound',
      message: wechat('m2', 'it was the 5th'),
      actor: adapter,
      now: T0 + 2 * DAY,
    });
    expect(types(back.events)).toEqual(['interaction-recorded', 'status-changed']);
    expect(back.state.status).toBe('OPEN');
    expect(back.state.clocks.FIRST_REPLY).toMatchObject({
      dueAt: T0 + 2 * DAY + 20 * MINUTE,
      remainingMs: null,
    });
    expect(back.state.clocks.RESOLUTION?.dueAt).toBe(T0 + 2 * DAY + 3 * DAY - 10 * MINUTE);
  });

  it('a reply meets the reply clocks; the customer’s next message starts the next-reply clock', () => {
    const s = openedByWeChat();
    const replied = run(s, {
      kind: 'Reply',
      interactionId: 'r1',
      channel: null,
      body: 'Let me check.',
      actor: agent,
      now: T0 + 5 * MINUTE,
    });
    expect(types(replied.events)).toEqual(['interaction-recorded', 'message-queued', 'status-changed']);
    const queued = replied.events.find((e) => e.type === 'ticketing.case.message-queued.v1');
    expect(queued?.payload).toMatchObject({ channel: 'WECHAT', purpose: 'REPLY', to: 'wx-openid-123456' });
    expect(replied.state).toMatchObject({ status: 'OPEN', firstReplyAt: T0 + 5 * MINUTE });
    expect(replied.state.clocks.FIRST_REPLY).toBeUndefined();

    const again = run(replied.state, {
      kind: 'RecordInbound',
      message: wechat('m2'),
      actor: adapter,
      now: T0 + HOUR,
    });
    expect(again.state.clocks.NEXT_REPLY?.dueAt).toBe(T0 + HOUR + 30 * MINUTE);
  });

  it('a phone case logged by an agent is answered as it opens: no first-reply clock', () => {
    const s = run(null, {
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
    }).state;
    expect(s.clocks.FIRST_REPLY).toBeUndefined();
    expect(s.clocks.RESOLUTION?.dueAt).toBe(T0 + 4 * HOUR);
    const noted = run(s, {
      kind: 'AddNote',
      interactionId: 'n1',
      note: 'CALL_NOTE',
      body: 'Customer reports the card stolen.',
      actor: agent,
    });
    expect(noted.state.status).toBe('OPEN');
    expect(() =>
      run(s, { kind: 'Reply', interactionId: 'r1', channel: null, body: 'hi', actor: agent }),
    ).toThrow(/no message address/);
  });
});

describe('case: threading, solve, CSAT, merge, close', () => {
  it('a redelivered channel message is recorded once', () => {
    const s = openedByWeChat();
    expect(run(s, { kind: 'RecordInbound', message: wechat('m1'), actor: adapter }).events).toEqual([]);
  });

  it('solve sends the survey on the customer’s channel; one answer of 1–5 is recorded', () => {
    const s = openedByWeChat();
    const solved = run(s, {
      kind: 'ChangeStatus',
      to: 'SOLVED',
      reason: 'fee explained',
      actor: agent,
      now: T0 + HOUR,
    });
    expect(types(solved.events)).toEqual(['status-changed', 'interaction-recorded', 'message-queued']);
    expect(solved.events.at(-1)?.payload).toMatchObject({ purpose: 'CSAT_SURVEY', to: 'wx-openid-123456' });
    expect(solved.state.clocks).toEqual({});
    expect(() => run(solved.state, { kind: 'RecordCsat', score: 6, comment: '', actor: adapter })).toThrow(
      /1 to 5/,
    );
    const rated = run(solved.state, { kind: 'RecordCsat', score: 4, comment: 'quick', actor: adapter });
    expect(rated.events[0]?.payload).toMatchObject({ score: 4, agentId: 'agent-7', channel: 'WECHAT' });
    expect(() => run(rated.state, { kind: 'RecordCsat', score: 5, comment: '', actor: adapter })).toThrow(
      /already/,
    );
  });

  it('the customer’s message reopens a solved case within the window; then the case closes automatically', () => {
    const solved = run(openedByWeChat(), {
      kind: 'ChangeStatus',
      to: 'SOLVED',
      reason: 'done',
      actor: agent,
      now: T0 + HOUR,
    }).state;
    const reopened = run(solved, {
      kind: 'RecordInbound',
      message: wechat('m9'),
      actor: adapter,
      now: T0 + DAY,
    });
    expect(reopened.state.status).toBe('OPEN');
    expect(reopened.state.clocks.RESOLUTION?.dueAt).toBe(T0 + DAY + 3 * DAY);

    expect(nextDueAt(solved, p)).toBe(T0 + HOUR + CLOSE_AFTER_SOLVE_MS);
    const closed = run(solved, { kind: 'Tick', now: T0 + HOUR + CLOSE_AFTER_SOLVE_MS });
    expect(closed.state.status).toBe('CLOSED');
    expect(() =>
      run(closed.state, { kind: 'RecordInbound', message: wechat('m10'), actor: adapter }),
    ).toThrow(/closed/);
    expect(() => run(closed.state, { kind: 'ChangeStatus', to: 'OPEN', reason: 'x', actor: agent })).toThrow(
      /cannot move/,
    );
  });

  it('merge carries the duplicate’s interactions over and closes it; other customers’ cases are refused', () => {
    const dup = openedByWeChat();
    const into = run(null, {
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
    }).state;
    const absorbed = run(into, { kind: 'AbsorbMerged', from: dup, actor: agent });
    expect(absorbed.state.interactions.map((i) => i.mergedFromCaseId)).toEqual([null, 'cas-1']);
    expect(absorbed.state.contacts).toEqual({ EMAIL: 'ann@example.com', WECHAT: 'wx-openid-123456' });
    expect(run(absorbed.state, { kind: 'AbsorbMerged', from: dup, actor: agent }).events).toEqual([]);
    const merged = run(dup, {
      kind: 'MergeInto',
      intoCaseId: 'cas-9',
      intoCustomerId: 'cus-1',
      actor: agent,
    });
    expect(merged.state).toMatchObject({ status: 'CLOSED', mergedInto: 'cas-9' });
    expect(() =>
      run(dup, { kind: 'MergeInto', intoCaseId: 'cas-8', intoCustomerId: 'cus-2', actor: agent }),
    ).toThrow(/same customer/);
  });

  it('the published interaction masks the address; the unmasked one stays in state for replies', () => {
    const r = run(null, {
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
    });
    const rec = r.events.find((e) => e.type === 'ticketing.case.interaction-recorded.v1');
    expect(rec?.payload).toMatchObject({ contact: 'a***@example.com' });
    expect(JSON.stringify(r.events.filter((e) => !e.type.startsWith('internal.')))).not.toContain('ann.lee');
    expect(r.state.contacts.EMAIL).toBe('ann.lee@example.com');
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
