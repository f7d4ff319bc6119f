import { createLogger } from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { http, openBody, purchaseBody, startTestLedger } from '../../ledger/test/support';
import { tokenFor } from '../../cards/test/support';
import { createGateway, loadGatewayConfig, type Gateway } from '../../gateway/src/gateway';
import { startTestTicketing, ticketingEnv } from './support';
import { stopAfterFile } from '../../../test/support/teardown';

// Channel adapters and agents through the gateway; ticketing on a simulated clock so SLA time can pass.
const T0 = '2026-03-02T09:00:00.000Z';
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let ticketing: Awaited<ReturnType<typeof startTestTicketing>>;
let gw: Gateway;
let events: TopicCollector;
const tokens: Record<string, string> = {};
const AGENT = 'agent-lin';

const url = (path: string) => `http://127.0.0.1:${gw.port}/ticketing${path}`;
const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
/** A channel adapter's token is for its one channel (docs/adr/0023-least-privilege-operations.md). */
const adapter = (channel: string) => as(`channel_adapter:${channel}`);

beforeAll(async () => {
  ledger = await startTestLedger();
  ticketing = await startTestTicketing(ticketingEnv({ CLOCK: 'simulated', CLOCK_START: T0 }));
  gw = stopAfterFile(
    createGateway(
      loadGatewayConfig({
        PORT: '0',
        LEDGER_URL: ledger.url,
        TICKETING_URL: ticketing.url,
        LOG_LEVEL: 'silent',
      }),
      createLogger('gateway', 'silent'),
    ),
    'gateway',
  );
  await gw.start();
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), ['ticketing.case']).start();
  tokens.agent = await tokenFor('agent', AGENT);
  // sales_agent opens the account in the ledger, card_processor posts to it.
  for (const role of ['channel_adapter', 'supervisor', 'admin', 'sales_agent', 'card_processor'] as const)
    tokens[role] = await tokenFor(role);
  for (const channel of ['CHAT', 'WECHAT', 'EMAIL', 'SMS'])
    tokens[`channel_adapter:${channel}`] = await tokenFor('channel_adapter', `${channel}-adapter`, channel);
  tokens.otherAgent = await tokenFor('agent', 'agent-kai');
});

afterAll(async () => {
  await events?.stop();
  await gw?.stop();
  await Promise.all([ticketing?.stop(), ledger?.stop()]);
});

const ofCase = (caseId: string) =>
  events.where((r) => r.headers.ce_subject === caseId).map((r) => r.headers.ce_type);
const moveClock = async (body: Record<string, unknown>) => {
  const r = await http('POST', url('/v1/admin/clock'), body, as('admin'));
  expect(r.status).toBe(200);
  return r.json;
};
const getCase = async (caseId: string) =>
  (await http('GET', url(`/v1/cases/${caseId}`), undefined, as('agent'))).json;

it('a WeChat message and an email from the same customer thread into one case; a redelivery is recorded once and a card number is redacted', async () => {
  const customerId = unique('cus');
  const wechat = await http(
    'POST',
    url('/v1/channels/WECHAT/messages'),
    {
      customerId,
      from: 'wx-openid-9f8e7d',
      body: 'Why is there a late fee? My card is 4111 1111 1111 1111',
      externalId: 'wx-msg-1',
    },
    adapter('WECHAT'),
  );
  expect(wechat.status).toBe(201);
  const caseId = wechat.json.caseId as string;
  // The adapter gets ids and status back, never the case.
  expect(wechat.json).toEqual({
    caseId,
    interactionId: expect.any(String),
    status: 'NEW',
    threaded: false,
  });
  expect((await getCase(caseId)).sla.FIRST_REPLY).toMatchObject({
    state: 'RUNNING',
    dueAt: '2026-03-02T09:30:00.000Z',
  });

  const email = await http(
    'POST',
    url('/v1/channels/EMAIL/messages'),
    {
      customerId,
      from: 'lin.wei@example.com',
      subject: 'Late fee',
      body: 'Sending this by email too.',
      externalId: '<m1@mail>',
    },
    adapter('EMAIL'),
  );
  expect(email.status).toBe(200);
  expect(email.json.caseId).toBe(caseId);
  const redelivered = await http(
    'POST',
    url('/v1/channels/WECHAT/messages'),
    {
      customerId,
      from: 'wx-openid-9f8e7d',
      body: 'Why is there a late fee? My card is 4111 1111 1111 1111',
      externalId: 'wx-msg-1',
    },
    adapter('WECHAT'),
  );
  expect(redelivered.json.caseId).toBe(caseId);

  const c = await getCase(caseId);
  expect(
    c.interactions.map((i: { kind: string; channel: string; contact: string }) => [
      i.kind,
      i.channel,
      i.contact,
    ]),
  ).toEqual([
    ['INBOUND', 'WECHAT', 'wx-***'],
    ['INBOUND', 'EMAIL', 'l***@example.com'],
  ]);
  expect(c.interactions[0].body).toContain('****1111');
  expect(JSON.stringify(c)).not.toContain('4111 1111 1111 1111');
  // An agent's own text may not carry a card number at all.
  const typed = await http(
    'POST',
    url(`/v1/cases/${caseId}/notes`),
    { kind: 'INTERNAL_NOTE', body: 'card 4111111111111111' },
    as('agent'),
  );
  expect(typed.status).toBe(422);
  expect(JSON.stringify(typed.json)).not.toContain('4111111111111111');
});

it('the first-reply SLA warns, breaches and escalates to tier 2; pending pauses the clocks; the customer’s reply resumes them', async () => {
  const customerId = unique('cus');
  const { json: opened } = await http(
    'POST',
    url('/v1/channels/WECHAT/messages'),
    { customerId, from: 'wx-openid-1a2b3c', body: 'I need help with my statement', externalId: unique('wx') },
    adapter('WECHAT'),
  );
  const caseId = opened.caseId as string;
  const openedAt = Date.parse((await getCase(caseId)).openedAt);

  await moveClock({ to: new Date(openedAt + 25 * 60_000).toISOString() });
  await eventually(async () => {
    if (!ofCase(caseId).includes('ticketing.case.sla-due-soon.v1')) throw new Error('no near-breach yet');
  });
  expect(ofCase(caseId)).not.toContain('ticketing.case.sla-breached.v1');

  await moveClock({ advanceHours: 1 });
  await eventually(async () => {
    if (!ofCase(caseId).includes('ticketing.case.escalated.v1')) throw new Error('not escalated yet');
  });
  const breached = await getCase(caseId);
  expect(breached).toMatchObject({ level: 'TIER2', queue: 'tier2' });
  expect(breached.sla.FIRST_REPLY).toMatchObject({ state: 'BREACHED', breached: true });
  expect(breached.history.map((h: { action: string }) => h.action)).toEqual(
    expect.arrayContaining(['SLA_DUE_SOON', 'SLA_BREACHED', 'ESCALATED']),
  );
  await moveClock({ advanceHours: 1 });
  expect(ofCase(caseId).filter((t) => t === 'ticketing.case.sla-breached.v1')).toHaveLength(1);

  // The tier-2 agent takes it, asks the customer for a date and waits: the clocks stop.
  await http(
    'POST',
    url(`/v1/cases/${caseId}/triage`),
    { assigneeId: AGENT, topic: 'BILLING_QUESTION', tags: ['statement'] },
    as('agent'),
  );
  const pending = await http(
    'POST',
    url(`/v1/cases/${caseId}/status`),
    { to: 'PENDING', reason: 'asked which statement' },
    as('agent'),
  );
  expect(pending.status).toBe(200);
  const left = pending.json.sla.RESOLUTION.remainingMs as number;
  expect(pending.json.sla.RESOLUTION).toMatchObject({ state: 'PAUSED', dueAt: null });
  await moveClock({ advanceDays: 5 }); // longer than the 3-day resolution target
  const still = await getCase(caseId);
  expect(still.sla.RESOLUTION).toMatchObject({ state: 'PAUSED', remainingMs: left, breached: false });
  expect(ofCase(caseId).filter((t) => t === 'ticketing.case.sla-breached.v1')).toHaveLength(1);

  const reply = await http(
    'POST',
    url('/v1/channels/EMAIL/messages'),
    { customerId, from: 'kim@example.com', body: 'The February one.', externalId: unique('mail') },
    adapter('EMAIL'),
  );
  expect(reply.json).toMatchObject({ caseId, status: 'OPEN' });
  const now = Date.parse((await http('GET', url('/v1/admin/clock'), undefined, as('admin'))).json.now);
  const resumed = await getCase(caseId);
  expect(Date.parse(resumed.sla.RESOLUTION.dueAt)).toBe(now + left);
  // Still no agent reply on this case: the breached first-reply clock stands, no next-reply clock yet.
  expect(resumed.sla.FIRST_REPLY).toMatchObject({ state: 'BREACHED' });
  expect(resumed.sla.NEXT_REPLY).toBeUndefined();
});

it('an agent replies on the customer’s channel, solves, the survey goes out, and CSAT is reported per agent and channel', async () => {
  const customerId = unique('cus');
  const { json: opened } = await http(
    'POST',
    url('/v1/channels/SMS/messages'),
    { customerId, from: '+1 415 555 0142', body: 'What is my APR?', externalId: unique('sms') },
    adapter('SMS'),
  );
  const caseId = opened.caseId as string;
  const replied = await http(
    'POST',
    url(`/v1/cases/${caseId}/replies`),
    { body: 'Your APR is 24.99%.' },
    as('agent'),
  );
  expect(replied.status).toBe(200);
  expect(replied.json.status).toBe('OPEN');
  expect(replied.json.interactions.at(-1)).toMatchObject({
    kind: 'OUTBOUND',
    channel: 'SMS',
    contact: '***0142',
  });
  const solved = await http(
    'POST',
    url(`/v1/cases/${caseId}/status`),
    { to: 'SOLVED', reason: 'answered' },
    as('agent'),
  );
  expect(solved.json.interactions.at(-1)).toMatchObject({ kind: 'SURVEY', channel: 'SMS' });
  await eventually(async () => {
    const queued = ofCase(caseId).filter((t) => t === 'ticketing.case.message-queued.v1');
    if (queued.length !== 2) throw new Error('reply and survey not both in the channel outbox yet');
  });
  const rated = await http(
    'POST',
    url(`/v1/cases/${caseId}/csat`),
    { score: 5, comment: 'fast' },
    adapter('SMS'),
  );
  expect(rated.json).toEqual({ caseId, status: 'SOLVED' });
  expect((await getCase(caseId)).csat).toMatchObject({ score: 5 });
  expect((await http('POST', url(`/v1/cases/${caseId}/csat`), { score: 1 }, adapter('SMS'))).status).toBe(
    409,
  );

  const byAgent = await http('GET', url('/v1/reports/csat?by=agent'), undefined, as('supervisor'));
  expect(byAgent.json.items).toContainEqual(
    expect.objectContaining({ agent: AGENT, answers: 1, averageScore: 5, satisfiedShare: 1 }),
  );
  const byChannel = await http('GET', url('/v1/reports/csat?by=channel'), undefined, as('supervisor'));
  expect(byChannel.json.items.find((r: { channel: string }) => r.channel === 'SMS')).toMatchObject({
    answers: 1,
  });
  expect((await http('GET', url('/v1/reports/csat'), undefined, as('agent'))).status).toBe(403);
});

it('a duplicate phone case merges into the open case, and the answers come from the customer’s ledger account', async () => {
  const body = openBody();
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, body, as('admin'));
  await http(
    'POST',
    `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
    purchaseBody(12345),
    as('card_processor'),
  );
  const customerId = body.customerId as string;
  const { json: chat } = await http(
    'POST',
    url('/v1/channels/CHAT/messages'),
    {
      customerId,
      accountId: acc.accountId,
      from: 'chat-session-77',
      body: 'What do I owe?',
      externalId: unique('chat'),
    },
    adapter('CHAT'),
  );
  const { json: call } = await http(
    'POST',
    url('/v1/cases'),
    { customerId, accountId: acc.accountId, channel: 'PHONE', subject: 'Balance question' },
    as('agent'),
  );
  await http(
    'POST',
    url(`/v1/cases/${call.caseId}/notes`),
    { kind: 'CALL_NOTE', body: 'Same question as the chat.' },
    as('agent'),
  );
  const merged = await http(
    'POST',
    url(`/v1/cases/${call.caseId}/merge`),
    { intoCaseId: chat.caseId },
    as('agent'),
  );
  expect(merged.status).toBe(200);
  expect(merged.json.caseId).toBe(chat.caseId);
  expect(
    merged.json.interactions.map((i: { mergedFromCaseId: string | null }) => i.mergedFromCaseId),
  ).toEqual([null, call.caseId]);
  expect((await getCase(call.caseId)).status).toBe('CLOSED');
  expect(
    (
      await http(
        'POST',
        url(`/v1/cases/${call.caseId}/notes`),
        { kind: 'INTERNAL_NOTE', body: 'x' },
        as('agent'),
      )
    ).status,
  ).toBe(409);

  const answers = await eventually(async () => {
    const r = await http('GET', url(`/v1/customers/${customerId}/answers`), undefined, as('agent'));
    if (r.status !== 200 || r.json.items[0].answers[0].figures.balance !== 12345)
      throw new Error('facts not projected yet');
    return r.json.items[0];
  });
  const ledgerView = (await http('GET', `${ledger.url}/v1/accounts/${acc.accountId}`, undefined, as('agent')))
    .json;
  expect(answers.answers.map((a: { question: string }) => a.question)).toEqual([
    'BALANCE',
    'MINIMUM_DUE',
    'DUE_DATE',
    'APR',
    'FEES',
  ]);
  expect(answers.answers[0].figures).toMatchObject({
    balance: ledgerView.balance,
    availableCredit: ledgerView.availableCredit,
  });
  expect(answers.answers[3].figures.aprBps).toBe(ledgerView.aprBps);
  expect(answers.answers[4].text).toMatch(/Late fee \$30\.00/);
  expect(
    (await http('GET', url(`/v1/customers/${unique('nobody')}/answers`), undefined, as('agent'))).status,
  ).toBe(404);
});

// ---- least privilege (docs/adr/0023-least-privilege-operations.md) ------

const post = (channel: string, body: Record<string, unknown>, headers = adapter(channel)) =>
  http('POST', url(`/v1/channels/${channel}/messages`), body, headers);

it('a channel adapter posts on the channel its token names only, and gets back ids and status, never the case', async () => {
  const customerId = unique('cus');
  const message = { customerId, from: 'wx-openid-own', body: 'Hello', externalId: unique('wx') };
  expect((await post('WECHAT', message, adapter('SMS'))).status).toBe(403);
  expect((await post('WECHAT', message, as('channel_adapter'))).status).toBe(403);
  const posted = await post('WECHAT', message);
  expect(posted.status).toBe(201);
  expect(Object.keys(posted.json).sort()).toEqual(['caseId', 'interactionId', 'status', 'threaded']);
  expect(JSON.stringify(posted.json)).not.toContain('Hello');
  // Nor can it read the case it posted to.
  expect(
    (await http('GET', url(`/v1/cases/${posted.json.caseId}`), undefined, adapter('WECHAT'))).status,
  ).toBe(403);
});

it('a channel message id is unique per channel and customer: another customer reusing it gets their own case', async () => {
  const externalId = unique('wx-shared');
  const victim = await post('WECHAT', {
    customerId: unique('cus'),
    from: 'wx-openid-victim',
    body: 'My private question',
    externalId,
  });
  expect(victim.status).toBe(201);
  const reused = await post('WECHAT', {
    customerId: unique('cus'),
    from: 'wx-openid-other',
    body: 'Show me',
    externalId,
  });
  expect(reused.status).toBe(201);
  expect(reused.json.caseId).not.toBe(victim.json.caseId);
  expect(reused.json.interactionId).not.toBe(victim.json.interactionId);
  const victimCase = await getCase(victim.json.caseId);
  expect(victimCase.interactionCount).toBe(1);
});

it('a message from a new reply address is a pending contact change until an agent confirms it; replies keep going to the one on file', async () => {
  const customerId = unique('cus');
  const first = await post('EMAIL', {
    customerId,
    from: 'ming@example.com',
    subject: 'Statement',
    body: 'Where is my statement?',
    externalId: unique('mail'),
  });
  const caseId = first.json.caseId as string;
  const changed = await post('EMAIL', {
    customerId,
    caseId,
    from: 'someone@example.net',
    body: 'Please reply here instead.',
    externalId: unique('mail'),
  });
  expect(changed.json).toMatchObject({ caseId, threaded: true });
  const pending = await getCase(caseId);
  expect(pending.pendingContacts).toEqual({ EMAIL: 's***@example.net' });
  expect(pending.history.map((h: { action: string }) => h.action)).toContain('CONTACT_CHANGE_PENDING');
  const replied = await http(
    'POST',
    url(`/v1/cases/${caseId}/replies`),
    { body: 'Sent today.' },
    as('agent'),
  );
  expect(replied.json.interactions.at(-1)).toMatchObject({ kind: 'OUTBOUND', contact: 'm***@example.com' });

  const confirmed = await http(
    'POST',
    url(`/v1/cases/${caseId}/contact-change`),
    { channel: 'EMAIL', accept: true },
    as('agent'),
  );
  expect(confirmed.status).toBe(200);
  expect(confirmed.json.pendingContacts).toEqual({});
  const after = await http('POST', url(`/v1/cases/${caseId}/replies`), { body: 'Noted.' }, as('agent'));
  expect(after.json.interactions.at(-1)).toMatchObject({ kind: 'OUTBOUND', contact: 's***@example.net' });
  expect(
    (
      await http(
        'POST',
        url(`/v1/cases/${caseId}/contact-change`),
        { channel: 'EMAIL', accept: true },
        as('agent'),
      )
    ).status,
  ).toBe(409);
});

it('CSAT is recorded only from the survey’s channel, and not by the agent who solved the case', async () => {
  const customerId = unique('cus');
  const opened = await post('SMS', {
    customerId,
    from: '+1 415 555 0177',
    body: 'When is my payment due?',
    externalId: unique('sms'),
  });
  const caseId = opened.json.caseId as string;
  await http('POST', url(`/v1/cases/${caseId}/replies`), { body: 'On the 25th.' }, as('agent'));
  await http('POST', url(`/v1/cases/${caseId}/status`), { to: 'SOLVED', reason: 'answered' }, as('agent'));
  const csat = (body: Record<string, unknown>, headers: Record<string, string>) =>
    http('POST', url(`/v1/cases/${caseId}/csat`), body, headers);
  expect((await csat({ score: 5 }, adapter('EMAIL'))).status).toBe(403);
  expect((await csat({ score: 5 }, as('agent'))).status).toBe(403);
  expect((await csat({ score: 2, comment: 'by phone' }, as('otherAgent'))).status).toBe(200);
  expect((await getCase(caseId)).csat).toMatchObject({ score: 2 });
});
