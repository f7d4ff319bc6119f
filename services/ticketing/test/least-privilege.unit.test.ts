import { DeciderSpecification, type Decider, type Principal } from '@cardline/platform';
import {
  DomainError,
  decide,
  evolve,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { parseContactRef, resolveContactRef, sameAddress } from '../src/domain/contacts';
import { DEFAULT_SLA, HOUR, type Channel } from '../src/domain/sla';
import { CSAT_SURVEY_TEXT } from '../src/copy/csat-survey';
import { requireOwnChannel } from '../src/adapters/http/routes';

// Least privilege on cases (docs/adr/0023-least-privilege-operations.md):
// what a message from a new address may change, and who may answer a survey.
const T0 = Date.parse('2026-03-02T09:00:00Z');
const agent = { id: 'agent-7', role: 'agent' };
const otherAgent = { id: 'agent-8', role: 'agent' };
const adapter = { id: 'email-adapter', role: 'channel_adapter' };

type At<C = CaseCommand> = C extends { kind: 'Tick' }
  ? C
  : C extends unknown
    ? Omit<C, 'now' | 'correlationId'> & { now?: number }
    : never;
const caseDecider: Decider<At, CaseEvent, CaseState | null> = {
  decide: (cmd, s) => decide({ now: T0, correlationId: 'corr-1', ...cmd } as CaseCommand, s, DEFAULT_SLA),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

const email = (id: string, from = 'pat@example.com') => ({
  interactionId: `int-${id}`,
  channel: 'EMAIL' as const,
  body: 'About my statement',
  from,
  externalId: id,
});
const openedByEmail = () =>
  given().after({
    kind: 'Open',
    caseId: 'cas-1',
    customerId: 'cus-1',
    accountId: null,
    channel: 'EMAIL',
    topic: 'GENERAL',
    priority: 'NORMAL',
    queue: 'general',
    subject: 'statement',
    live: false,
    first: email('m1'),
    actor: adapter,
  });
/** Where each queued message goes: its contact reference resolved as the adapter would, right after queueing. */
const queuedTo = (g: { events: CaseEvent[]; state: CaseState | null }) =>
  g.events.flatMap((e) => {
    if (e.type !== 'ticketing.case.message-queued.v1') return [];
    const ref = parseContactRef(e.payload.contactRef);
    return [ref && g.state ? resolveContactRef(g.state, ref.channel as Channel) : null];
  });

describe('a reply address changes only when an agent confirms it', () => {
  it('a message from another address is recorded, and its address is a pending change: replies keep going to the one on file', () => {
    const changed = openedByEmail().after({
      kind: 'RecordInbound',
      message: email('m2', 'attacker@example.net'),
      actor: adapter,
    });
    expect(changed.events).toContainEqual({
      type: 'internal.interaction-meta',
      payload: {
        interactionId: 'int-m2',
        channel: 'EMAIL',
        externalId: 'm2',
        address: null,
        correlationId: 'corr-1',
      },
    });
    expect(changed.events).toContainEqual({
      type: 'internal.contact-change-pending',
      payload: { channel: 'EMAIL', address: 'attacker@example.net', actor: adapter, at: T0 },
    });
    expect(changed.state?.contacts).toEqual({ EMAIL: 'pat@example.com' });
    expect(changed.state?.pendingContacts).toEqual({ EMAIL: 'attacker@example.net' });
    expect(changed.state?.history.at(-1)).toMatchObject({
      action: 'CONTACT_CHANGE_PENDING',
      detail: 'EMAIL a***@example.net',
    });
    const replied = changed.after({
      kind: 'Reply',
      interactionId: 'int-r1',
      channel: 'EMAIL',
      body: 'We are on it.',
      actor: agent,
    });
    expect(queuedTo(replied)).toEqual(['pat@example.com']);
  });

  it('the same address in another spelling is no change', () => {
    expect(sameAddress('EMAIL', 'Pat@Example.com ', 'pat@example.com')).toBe(true);
    expect(sameAddress('SMS', '+1 415 555 0102', '+14155550102')).toBe(true);
    expect(sameAddress('WECHAT', 'wx-1', 'wx-2')).toBe(false);
    const again = openedByEmail().after({
      kind: 'RecordInbound',
      message: email('m2', 'PAT@example.com'),
      actor: adapter,
    });
    expect(again.events.map((e) => e.type)).not.toContain('internal.contact-change-pending');
    expect(again.state?.contacts).toEqual({ EMAIL: 'pat@example.com' });
  });

  it('an agent confirms the pending address (replies go there from then on) or rejects it', () => {
    const pending = openedByEmail().after({
      kind: 'RecordInbound',
      message: email('m2', 'pat.new@example.com'),
      actor: adapter,
    });
    const confirmed = pending.after({
      kind: 'DecideContactChange',
      channel: 'EMAIL',
      accept: true,
      actor: agent,
    });
    expect(confirmed.state?.contacts).toEqual({ EMAIL: 'pat.new@example.com' });
    expect(confirmed.state?.pendingContacts).toEqual({});
    expect(confirmed.state?.history.at(-1)).toMatchObject({
      action: 'CONTACT_CHANGE_CONFIRMED',
      actor: agent,
    });
    const rejected = pending.after({
      kind: 'DecideContactChange',
      channel: 'EMAIL',
      accept: false,
      actor: agent,
    });
    expect(rejected.state?.contacts).toEqual({ EMAIL: 'pat@example.com' });
    expect(rejected.state?.pendingContacts).toEqual({});
    openedByEmail()
      .when({ kind: 'DecideContactChange', channel: 'EMAIL', accept: true, actor: agent })
      .thenThrows('INVALID_STATE', /no contact change pending on EMAIL/);
  });
});

describe('who records a CSAT answer', () => {
  const solved = () =>
    openedByEmail().after({
      kind: 'ChangeStatus',
      to: 'SOLVED',
      reason: 'explained',
      actor: agent,
      now: T0 + HOUR,
      survey: CSAT_SURVEY_TEXT,
    });

  it('the survey went out on the customer’s channel: only that channel’s adapter records the answer', () => {
    expect(solved().state?.surveyChannel).toBe('EMAIL');
    solved()
      .when({ kind: 'RecordCsat', score: 1, comment: '', via: 'SMS', actor: adapter })
      .thenThrows('FORBIDDEN', /went out on EMAIL/);
    solved()
      .when({ kind: 'RecordCsat', score: 1, comment: '', via: null, actor: adapter })
      .thenThrows('FORBIDDEN', /went out on EMAIL/);
    solved()
      .when({ kind: 'RecordCsat', score: 4, comment: '', via: 'EMAIL', actor: adapter })
      .thenEventsMatch([
        { type: 'ticketing.case.csat-recorded.v1', payload: { score: 4, agentId: 'agent-7' } },
      ]);
  });

  it('with no survey sent in writing, no channel adapter can answer one', () => {
    const byPhone = given()
      .after({
        kind: 'Open',
        caseId: 'cas-2',
        customerId: 'cus-1',
        accountId: null,
        channel: 'PHONE',
        topic: 'GENERAL',
        priority: 'NORMAL',
        queue: 'general',
        subject: 'call',
        live: true,
        first: null,
        actor: agent,
      })
      .after({ kind: 'ChangeStatus', to: 'SOLVED', reason: 'done', actor: agent, survey: CSAT_SURVEY_TEXT });
    byPhone
      .when({ kind: 'RecordCsat', score: 5, comment: '', via: 'SMS', actor: adapter })
      .thenThrows('FORBIDDEN', /no survey went out/);
    byPhone
      .when({ kind: 'RecordCsat', score: 5, comment: 'from the IVR', via: null, actor: otherAgent })
      .thenEventsMatch([{ type: 'ticketing.case.csat-recorded.v1', payload: { score: 5 } }]);
  });

  it('an agent cannot rate a case they solved or hold', () => {
    solved()
      .when({ kind: 'RecordCsat', score: 5, comment: '', via: null, actor: agent })
      .thenThrows('FORBIDDEN', /solved or hold/);
    solved()
      .after({ kind: 'ChangeStatus', to: 'OPEN', reason: 'more', actor: agent })
      .after({ kind: 'Triage', assigneeId: 'agent-8', actor: agent })
      .after({ kind: 'ChangeStatus', to: 'SOLVED', reason: 'done', actor: agent, survey: CSAT_SURVEY_TEXT })
      .when({ kind: 'RecordCsat', score: 5, comment: '', via: null, actor: otherAgent })
      .thenThrows('FORBIDDEN', /solved or hold/);
  });
});

describe('a channel adapter acts on its own channel', () => {
  const principal = (channel?: string): Principal => ({
    subject: 'wechat-adapter',
    roles: ['channel_adapter'],
    ...(channel ? { channel } : {}),
  });
  const as = (p: Principal, role: string, channel: string) => () =>
    requireOwnChannel(p, { id: p.subject, role: role as 'channel_adapter' }, channel);

  it('posts on the channel its token names only', () => {
    expect(as(principal('WECHAT'), 'channel_adapter', 'WECHAT')).not.toThrow();
    expect(as(principal('WECHAT'), 'channel_adapter', 'EMAIL')).toThrow(/for the WECHAT channel, not EMAIL/);
    expect(as(principal(), 'channel_adapter', 'EMAIL')).toThrow(/must name its channel/);
  });

  it('an admin posts on any', () => {
    expect(as({ subject: 'root', roles: ['admin'] }, 'admin', 'SMS')).not.toThrow();
  });
});

describe('a queued message names the contact point by reference, never the address (issue 16, item 5)', () => {
  it('a reply on the shared topic carries `<caseId>:<channel>`, which ticketing resolves to the address on file', () => {
    const replied = openedByEmail().after({
      kind: 'Reply',
      interactionId: 'int-r1',
      channel: 'EMAIL',
      body: 'We are on it.',
      actor: agent,
    });
    const queued = replied.events.filter((e) => e.type === 'ticketing.case.message-queued.v1');
    expect(queued.map((e) => e.payload)).toEqual([expect.objectContaining({ contactRef: 'cas-1:EMAIL' })]);
    expect(JSON.stringify(queued)).not.toContain('pat@example.com');
    expect(queuedTo(replied)).toEqual(['pat@example.com']);
  });

  it('a reference that is not one, or names no address on file, resolves to nothing', () => {
    const s = openedByEmail().state;
    expect(parseContactRef('no-channel')).toBeNull();
    expect(parseContactRef('cas-1:')).toBeNull();
    expect(parseContactRef('cas-1:SMS')).toEqual({ caseId: 'cas-1', channel: 'SMS' });
    expect(s && resolveContactRef(s, 'SMS')).toBeNull();
  });
});
