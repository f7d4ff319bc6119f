import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLES, type Role } from '@cardline/platform';
import { eventually, unique } from './support/env';
import { stopAfterFile } from './support/teardown';
import { ResponseChecker, observed, type OpenApiDoc } from './support/openapi';
import { startStack, type Stack } from './support/stack';
import {
  asRole,
  ledgerCallers,
  openBody,
  purchaseBody,
  type LedgerCallers,
} from '../services/ledger/test/support';
import { tokenFor } from '../services/cards/test/support';
import type { Gateway } from '../services/gateway/src/gateway';

// The five services in this process on the real servers, behind the gateway,
// driven through a day's work (an account, its cards, a dispute, a case) and
// the refusals on the way (401, 403, 404, 405, 409, 413, 422, 429, 503, 504).
// Every response is checked against the gateway's merged OpenAPI document:
// its status is one the operation documents and its body valid against that
// status's schema (test/support/openapi.ts). Ticketing runs on the system
// clock, the others on their simulated ones (test/support/stack.ts).

let stack: Stack;
let hanging: Server;
/** The gateway every flow goes through; the others show the edge's own refusals. */
let gw: Gateway;
let strict: Gateway;
let down: Gateway;
let slow: Gateway;
let callers: LedgerCallers;
let checker: ResponseChecker;
/** Whatever a response did that the document does not allow, each test asserting it empty. */
const violations: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  hanging = createServer(() => undefined); // accepts and never answers
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
  stopAfterFile(
    {
      stop: async () => {
        hanging.closeAllConnections();
        await new Promise((r) => hanging.close(r));
      },
    },
    'hanging upstream',
  );
  // Polling for what other services have projected makes many calls: the main gateway must not limit them.
  gw = await stack.gateway({ RATE_LIMIT_PER_MINUTE: '100000' });
  strict = await stack.gateway({ RATE_LIMIT_PER_MINUTE: '1' });
  const nowhere = 'http://127.0.0.1:9';
  down = await stack.gateway({
    LEDGER_URL: nowhere,
    CARDS_URL: nowhere,
    DISPUTES_URL: nowhere,
    TICKETING_URL: nowhere,
    COLLECTIONS_URL: nowhere,
    SALES_URL: nowhere,
  });
  slow = await stack.gateway({
    DISPUTES_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
    UPSTREAM_TIMEOUT_MS: '500',
  });
  callers = await ledgerCallers();
});

afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** A channel adapter's token, for its one channel (docs/adr/0023-least-privilege-operations.md). */
const adapterOf = async (channel: string) => ({
  authorization: `Bearer ${await tokenFor('channel_adapter', `${channel.toLowerCase()}-adapter`, channel)}`,
});

/** One call through a gateway; its response is checked against the merged document. */
async function call(
  method: string,
  path: string,
  o: {
    as?: Role | Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
    via?: Gateway;
  } = {},
): Promise<Answer> {
  const url = `http://127.0.0.1:${(o.via ?? gw).port}${path}`;
  const who = o.as === undefined ? {} : typeof o.as === 'string' ? await asRole(o.as) : o.as;
  const headers: Record<string, string> = { ...who, ...o.headers };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
  });
  const seen = observed(method, url, res, await res.text());
  violations.push(...checker.check(seen));
  return { status: res.status, json: seen.body, headers: res.headers };
}

/** A status, or throw (inside eventually: try again). */
function expectStatus(a: Answer, status: number): Answer {
  if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${JSON.stringify(a.json)}`);
  return a;
}

const flow: {
  accountId: string;
  customerId: string;
  cardId: string;
  transactionId: string;
  caseId: string;
} = { accountId: '', customerId: '', cardId: '', transactionId: '', caseId: '' };

it('serves one document with every service in it', async () => {
  const res = await fetch(`http://127.0.0.1:${gw.port}/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as OpenApiDoc & { 'x-unavailable'?: string[] };
  expect(doc['x-unavailable']).toBeUndefined();
  checker = new ResponseChecker(doc);
  expect(checker.unchecked().length).toBeGreaterThan(50);
});

it('ledger and cards: an account, its card and its transactions, as documented', async () => {
  const body = openBody();
  const opened = expectStatus(await call('POST', '/ledger/v1/accounts', { as: callers.sales, body }), 201);
  flow.accountId = opened.json.accountId;
  flow.customerId = body.customerId as string;
  const acc = flow.accountId;
  expect(opened.headers.get('location')).toBe(`/ledger/v1/accounts/${acc}`);
  expectStatus(
    await call('POST', '/ledger/v1/accounts', { as: callers.sales, body: { ...body, accountId: acc } }),
    409,
  );
  expectStatus(await call('POST', '/ledger/v1/accounts', { as: 'agent', body: openBody() }), 403);
  expectStatus(await call('POST', '/ledger/v1/accounts', { body: openBody() }), 401);
  expectStatus(
    await call('POST', '/ledger/v1/accounts', { as: callers.sales, body: { ...body, creditLimit: -1 } }),
    422,
  );
  expectStatus(await call('GET', `/ledger/v1/accounts/${acc}`, { as: callers.reader }), 200);
  expectStatus(await call('GET', `/ledger/v1/accounts/acc_nope`, { as: callers.reader }), 404);

  // Cards issues the first card from the ledger's event; it is inactive until activated.
  const card = await eventually(async () => {
    const r = expectStatus(await call('GET', `/cards/v1/accounts/${acc}/cards`, { as: 'agent' }), 200);
    if (!r.json.items[0]) throw new Error('no card yet');
    return r.json.items[0] as { cardId: string };
  });
  flow.cardId = card.cardId;
  expectStatus(await call('POST', `/cards/v1/cards/${card.cardId}/activate`, { as: 'agent', body: {} }), 200);
  // Customer search by the card's last four: this card among those ending so.
  const last4 = expectStatus(await call('GET', `/cards/v1/cards/${card.cardId}`, { as: 'agent' }), 200).json
    .last4 as string;
  const found = expectStatus(await call('GET', `/cards/v1/cards?last4=${last4}`, { as: 'agent' }), 200);
  expect(found.json.items.map((c: { cardId: string }) => c.cardId)).toContain(card.cardId);
  expectStatus(await call('GET', '/cards/v1/cards?last4=12', { as: 'agent' }), 422);
  expectStatus(await call('GET', `/cards/v1/cards/${card.cardId}`, { as: 'collector' }), 200);
  await eventually(async () => {
    const r = expectStatus(
      await call('GET', `/ledger/v1/accounts/${acc}/cards`, { as: callers.reader }),
      200,
    );
    if (r.json.items[0]?.status !== 'ACTIVE') throw new Error('the ledger has not seen the activation');
  });

  // The card processor's postings: a retry with the same key is replayed; the key with another body is refused.
  const key = { 'idempotency-key': unique('purchase') };
  const purchase = { ...purchaseBody(4200), cardId: card.cardId };
  const posted = expectStatus(
    await call('POST', `/ledger/v1/accounts/${acc}/transactions`, {
      as: callers.processor,
      body: purchase,
      headers: key,
    }),
    201,
  );
  expect(posted.json.status).toBe('POSTED');
  flow.transactionId = posted.json.transactionId;
  const replayed = expectStatus(
    await call('POST', `/ledger/v1/accounts/${acc}/transactions`, {
      as: callers.processor,
      body: purchase,
      headers: key,
    }),
    201,
  );
  expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  expect(replayed.json).toEqual(posted.json);
  expectStatus(
    await call('POST', `/ledger/v1/accounts/${acc}/transactions`, {
      as: callers.processor,
      body: { ...purchase, amount: 4300 },
      headers: key,
    }),
    422,
  );
  const declined = expectStatus(
    await call('POST', `/ledger/v1/accounts/${acc}/transactions`, {
      as: callers.processor,
      body: { ...purchaseBody(900_000), cardId: card.cardId },
    }),
    201,
  );
  expect(declined.json).toMatchObject({ status: 'DECLINED', declineReason: 'INSUFFICIENT_CREDIT' });
  expectStatus(
    await call('POST', `/ledger/v1/accounts/acc_nope/transactions`, {
      as: callers.processor,
      body: purchase,
    }),
    404,
  );
  await eventually(async () => {
    const r = expectStatus(
      await call('GET', `/ledger/v1/accounts/${acc}/transactions?limit=1`, { as: callers.reader }),
      200,
    );
    if (r.json.items.length !== 1 || r.json.next === null) throw new Error('postings not projected yet');
  });
  expectStatus(
    await call('GET', `/ledger/v1/accounts/${acc}/transactions?limit=0`, { as: callers.reader }),
    422,
  );
  expectStatus(await call('GET', `/ledger/v1/accounts/${acc}/statements`, { as: callers.reader }), 200);
  expectStatus(
    await call('GET', `/ledger/v1/accounts/${acc}/statements/stmt_nope`, { as: callers.reader }),
    404,
  );
  expectStatus(
    await call('GET', `/ledger/v1/accounts/${acc}/transactions?statementId=stmt_nope`, {
      as: callers.reader,
    }),
    404,
  );
  expectStatus(await call('GET', '/ledger/v1/admin/clock', { as: callers.admin }), 200);
  expectStatus(
    await call('POST', '/ledger/v1/admin/clock', { as: callers.admin, body: { advanceHours: 0 } }),
    200,
  );
  expectStatus(await call('POST', '/ledger/v1/admin/end-of-day', { as: callers.admin }), 200);
  expect(violations.splice(0)).toEqual([]);
});

it('cards: freeze and its refusals, a second card reported damaged, then lost and replaced', async () => {
  const { accountId, cardId } = flow;
  const key = { 'idempotency-key': unique('freeze') };
  const freeze = { reason: 'customer call' };
  expectStatus(
    await call('POST', `/cards/v1/cards/${cardId}/freeze`, { as: 'agent', body: freeze, headers: key }),
    200,
  );
  const again = expectStatus(
    await call('POST', `/cards/v1/cards/${cardId}/freeze`, { as: 'agent', body: freeze, headers: key }),
    200,
  );
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  const refused = expectStatus(
    await call('POST', `/cards/v1/cards/${cardId}/freeze`, { as: 'agent', body: freeze }),
    409,
  );
  expect(refused.json.currentStatus).toBe('FROZEN');
  expectStatus(await call('POST', `/cards/v1/cards/${cardId}/unfreeze`, { as: 'agent', body: {} }), 200);
  expectStatus(await call('GET', `/cards/v1/cards/${cardId}/fraud-trace`, { as: 'agent' }), 409);
  expectStatus(
    await call('POST', `/cards/v1/cards/${cardId}/fraud-report`, {
      as: 'agent',
      body: { transactionIds: ['txn_x'] },
    }),
    409,
  );
  expectStatus(await call('POST', `/cards/v1/cards/${cardId}/replacement`, { as: 'agent', body: {} }), 409);
  expectStatus(await call('GET', '/cards/v1/cards/crd_nope', { as: 'agent' }), 404);

  // An additional card is a supervisor's call, to the address on file; a damaged card's
  // same-number plastic goes there only (docs/adr/0023-least-privilege-operations.md).
  const elsewhere = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
  expectStatus(
    await call('POST', `/cards/v1/accounts/${accountId}/cards`, { as: 'agent', body: { speed: 'EXPRESS' } }),
    403,
  );
  const second = expectStatus(
    await call('POST', `/cards/v1/accounts/${accountId}/cards`, {
      as: 'supervisor',
      body: { speed: 'EXPRESS' },
    }),
    201,
  ).json.cardId as string;
  expectStatus(
    await call('POST', `/cards/v1/cards/${second}/report-damaged`, {
      as: 'agent',
      body: { deliveryAddress: elsewhere },
    }),
    422,
  );
  expectStatus(
    await call('POST', `/cards/v1/cards/${second}/report-damaged`, { as: 'agent', body: {} }),
    200,
  );
  // Before the cards clock (2026-01-12): the last time the customer used the card.
  const lastUsedAt = '2026-01-11T12:00:00Z';
  expectStatus(
    await call('POST', `/cards/v1/cards/${second}/report-lost`, { as: 'agent', body: { lastUsedAt } }),
    200,
  );
  expectStatus(
    await call('POST', `/cards/v1/cards/${second}/report-stolen`, { as: 'agent', body: { lastUsedAt } }),
    409,
  );
  expectStatus(await call('GET', `/cards/v1/cards/${second}/fraud-trace`, { as: 'dispute_analyst' }), 200);
  expectStatus(
    await call('POST', `/cards/v1/cards/${second}/fraud-report`, {
      as: 'agent',
      body: { transactionIds: ['txn_x'] },
    }),
    422,
  );
  const replaced = expectStatus(
    await call('POST', `/cards/v1/cards/${second}/replacement`, { as: 'agent', body: { speed: 'EXPRESS' } }),
    201,
  );
  const replacement = replaced.json.replacement.cardId as string;
  expect(replaced.headers.get('location')).toBe(`/cards/v1/cards/${replacement}`);
  expectStatus(
    await call('POST', `/cards/v1/cards/${second}/close`, { as: 'agent', body: { reason: 'lost' } }),
    403,
  );
  expectStatus(
    await call('POST', `/cards/v1/cards/${replacement}/close`, {
      as: 'supervisor',
      body: { reason: 'customer asked' },
    }),
    200,
  );
  expectStatus(await call('GET', `/cards/v1/accounts/${accountId}/cards`, { as: 'agent' }), 200);
  expectStatus(await call('GET', '/cards/v1/admin/clock', { as: 'admin' }), 200);
  expectStatus(await call('POST', '/cards/v1/admin/clock', { as: 'admin', body: { advanceHours: 1 } }), 200);
  expect(violations.splice(0)).toEqual([]);
});

it('disputes: a dispute on the purchase, acknowledged, credited and won, with the refusals of each step', async () => {
  const { accountId, transactionId } = flow;
  // Disputes knows the account and the purchase once it has read the ledger's events: until then, 404.
  const opened = await eventually(async () =>
    expectStatus(
      await call('POST', '/disputes/v1/disputes', {
        as: 'agent',
        body: { accountId, transactionId, reason: 'WRONG_AMOUNT', disputedAmount: 1000 },
      }),
      201,
    ),
  );
  const id = opened.json.disputeId as string;
  const at = (verb: string) => `/disputes/v1/disputes/${id}/${verb}`;
  expectStatus(await call('GET', `/disputes/v1/disputes/${id}`, { as: 'agent' }), 200);
  expectStatus(await call('GET', `/disputes/v1/disputes?accountId=${accountId}`, { as: 'collector' }), 200);
  expectStatus(await call('GET', '/disputes/v1/disputes', { as: 'agent' }), 422);
  expectStatus(await call('POST', at('acknowledge'), { as: 'data_reader', body: {} }), 403);
  expectStatus(await call('POST', at('acknowledge'), { as: 'agent', body: {} }), 200);
  expectStatus(await call('POST', at('acknowledge'), { as: 'agent', body: {} }), 409);
  expectStatus(
    await call('POST', at('provisional-credit'), { as: 'dispute_analyst', body: { amount: 1000 } }),
    200,
  );
  expectStatus(
    await call('POST', at('provisional-credit'), { as: 'dispute_analyst', body: { amount: 1000 } }),
    409,
  );
  // Goodwill is for fee requests; pre-arbitration and arbitration follow a chargeback.
  expectStatus(
    await call('POST', at('goodwill-override'), {
      as: 'supervisor',
      body: { decision: 'WAIVED', reason: 'long-standing customer' },
    }),
    422,
  );
  expectStatus(await call('POST', at('pre-arbitration'), { as: 'dispute_analyst', body: {} }), 409);
  expectStatus(await call('POST', at('arbitration'), { as: 'dispute_analyst', body: {} }), 409);
  expectStatus(
    await call('POST', '/disputes/v1/disputes/dsp_nope/chargeback', { as: 'dispute_analyst', body: {} }),
    404,
  );
  expectStatus(
    await call('POST', '/disputes/v1/disputes/dsp_nope/network-steps', {
      as: 'admin',
      body: { step: 'MERCHANT_ACCEPTED' },
    }),
    404,
  );
  // Separation of duties: the analyst who credited it may not resolve it; a supervisor may
  // (docs/adr/0023-least-privilege-operations.md).
  const resolveWon = { outcome: 'CUSTOMER_WON', explanation: 'The merchant charged 10.00 too much.' };
  expectStatus(await call('POST', at('resolve'), { as: 'dispute_analyst', body: resolveWon }), 403);
  expectStatus(await call('POST', at('credit-approval'), { as: 'supervisor', body: { approve: true } }), 409);
  const won = expectStatus(await call('POST', at('resolve'), { as: 'supervisor', body: resolveWon }), 200);
  expect(won.json.status).toBe('RESOLVED');
  expectStatus(await call('POST', at('withdraw'), { as: 'agent', body: { explanation: 'too late' } }), 409);
  expectStatus(await call('GET', '/disputes/v1/admin/clock', { as: 'admin' }), 200);
  expectStatus(
    await call('POST', '/disputes/v1/admin/clock', { as: 'admin', body: { advanceHours: 1 } }),
    200,
  );
  expect(violations.splice(0)).toEqual([]);
});

it('ticketing: a case with a threaded email, a reply, notes, triage, escalation, a merged duplicate, solve and survey', async () => {
  const { accountId, customerId } = flow;
  const opened = expectStatus(
    await call('POST', '/ticketing/v1/cases', {
      as: 'agent',
      body: { customerId, accountId, topic: 'BILLING_QUESTION', subject: 'A charge looks too high' },
    }),
    201,
  );
  const id = (flow.caseId = opened.json.caseId as string);
  const at = (verb: string, c = id) => `/ticketing/v1/cases/${c}/${verb}`;
  // The customer writes in quoting the case: threaded into it, which gives the case an email address.
  const emailAdapter = await adapterOf('EMAIL');
  expectStatus(
    await call('POST', '/ticketing/v1/channels/EMAIL/messages', {
      as: emailAdapter,
      body: {
        customerId,
        accountId,
        from: 'pat@example.com',
        body: 'Any news on my charge?',
        externalId: unique('msg'),
        caseId: id,
      },
    }),
    200,
  );
  expectStatus(
    await call('POST', at('replies'), { as: 'agent', body: { body: 'We are looking into it.' } }),
    200,
  );
  // Customer search by phone: another customer texts from a number (into a case of their own, so this
  // case's survey still goes out by email); they are found with the number written another way.
  const smsAdapter = await adapterOf('SMS');
  const texter = unique('cus-sms');
  const phone = `+1 212 555 ${String(1000 + Math.floor(Math.random() * 9000))}`;
  const texted = await call('POST', '/ticketing/v1/channels/SMS/messages', {
    as: smsAdapter,
    body: { customerId: texter, from: phone, body: 'Is my card working?', externalId: unique('sms') },
  });
  expect([200, 201]).toContain(texted.status);
  const byPhone = expectStatus(
    await call('POST', '/ticketing/v1/customers/search', {
      as: 'agent',
      body: { phone: phone.replace('+1 ', '').replace(/ /g, '-') },
    }),
    200,
  );
  expect(byPhone.json.items.map((m: { customerId: string }) => m.customerId)).toEqual([texter]);
  expectStatus(
    await call('POST', '/ticketing/v1/customers/search', { as: 'agent', body: { phone: '12' } }),
    422,
  );
  // The message came from the address on file: no contact change to confirm (docs/adr/0023-least-privilege-operations.md).
  expectStatus(
    await call('POST', at('contact-change'), { as: 'agent', body: { channel: 'EMAIL', accept: true } }),
    409,
  );
  expectStatus(
    await call('POST', at('notes'), { as: 'agent', body: { kind: 'CALL_NOTE', body: 'Called back.' } }),
    200,
  );
  expectStatus(
    await call('POST', at('triage'), { as: 'agent', body: { priority: 'HIGH', tags: ['billing'] } }),
    200,
  );
  expectStatus(await call('POST', at('escalate'), { as: 'agent', body: { reason: 'needs tier 2' } }), 200);

  const duplicate = expectStatus(
    await call('POST', '/ticketing/v1/cases', {
      as: 'agent',
      body: { customerId, subject: 'Same charge again' },
    }),
    201,
  ).json.caseId as string;
  expectStatus(await call('POST', at('merge', duplicate), { as: 'agent', body: { intoCaseId: id } }), 200);
  expectStatus(
    await call('POST', at('notes', duplicate), { as: 'agent', body: { kind: 'INTERNAL_NOTE', body: 'x' } }),
    409,
  );

  expectStatus(
    await call('POST', at('status'), {
      as: 'agent',
      body: { to: 'PENDING', reason: 'waiting on the customer' },
    }),
    200,
  );
  expectStatus(await call('POST', at('csat'), { as: emailAdapter, body: { score: 5 } }), 409);
  expectStatus(
    await call('POST', at('status'), { as: 'agent', body: { to: 'SOLVED', reason: 'explained the charge' } }),
    200,
  );
  // The survey went out by email: another channel's adapter may not answer it.
  expectStatus(await call('POST', at('csat'), { as: await adapterOf('SMS'), body: { score: 1 } }), 403);
  expectStatus(
    await call('POST', at('csat'), { as: emailAdapter, body: { score: 5, comment: 'quick' } }),
    200,
  );
  expectStatus(await call('POST', at('csat'), { as: emailAdapter, body: { score: 4 } }), 409);
  expectStatus(
    await call('POST', at('status'), { as: 'agent', body: { to: 'PENDING', reason: 'again' } }),
    409,
  );

  expectStatus(await call('GET', `/ticketing/v1/cases?customerId=${customerId}`, { as: 'agent' }), 200);
  const read = expectStatus(await call('GET', `/ticketing/v1/cases/${id}`, { as: 'supervisor' }), 200);
  expect(read.json.interactions.length).toBeGreaterThan(0);
  const listed = expectStatus(
    await call('GET', `/ticketing/v1/cases/${id}/interactions?limit=200`, { as: 'agent' }),
    200,
  );
  expect(listed.json.items.map((i: { interactionId: string }) => i.interactionId)).toEqual(
    read.json.interactions.map((i: { interactionId: string }) => i.interactionId),
  );
  expectStatus(await call('GET', `/ticketing/v1/cases/${id}/history`, { as: 'supervisor' }), 200);
  expectStatus(await call('GET', '/ticketing/v1/cases/case_nope', { as: 'agent' }), 404);
  expectStatus(
    await call('GET', `/ticketing/v1/customers/${customerId}/timeline?limit=5`, { as: 'agent' }),
    200,
  );
  // Ticketing answers from its own read model of the ledger: 404 until it has read the account.
  await eventually(async () =>
    expectStatus(await call('GET', `/ticketing/v1/customers/${customerId}/answers`, { as: 'agent' }), 200),
  );
  expectStatus(
    await call('GET', `/ticketing/v1/customers/${unique('nobody')}/answers`, { as: 'agent' }),
    404,
  );
  expectStatus(await call('GET', '/ticketing/v1/reports/csat?by=channel', { as: 'supervisor' }), 200);
  expectStatus(await call('GET', '/ticketing/v1/reports/csat', { as: 'agent' }), 403);
  // Another customer's first message opens a case of its own.
  expectStatus(
    await call('POST', '/ticketing/v1/channels/SMS/messages', {
      as: await adapterOf('SMS'),
      body: { customerId: unique('cus'), from: '+15550100', body: 'Is my card on its way?' },
    }),
    201,
  );
  expectStatus(await call('GET', '/ticketing/v1/admin/clock', { as: 'admin' }), 200);
  // Ticketing runs on the system clock: moving it is refused.
  expectStatus(
    await call('POST', '/ticketing/v1/admin/clock', { as: 'admin', body: { advanceHours: 1 } }),
    409,
  );
  expect(violations.splice(0)).toEqual([]);
});

it('collections: the cases of an account, a case, the account’s case, a promise, contacts, the decision log, the work queue and the clock, as documented', async () => {
  const { accountId } = flow;
  const listed = expectStatus(
    await call('GET', `/collections/v1/cases?accountId=${accountId}&status=OPEN`, { as: 'collector' }),
    200,
  );
  expect(Array.isArray(listed.json.items)).toBe(true);
  expectStatus(await call('GET', '/collections/v1/cases?bucket=DPD_7', { as: 'collector' }), 422);
  expectStatus(await call('GET', '/collections/v1/cases', { as: 'agent' }), 403);
  expectStatus(await call('GET', '/collections/v1/cases/col_none', { as: 'supervisor' }), 404);
  expectStatus(await call('GET', `/collections/v1/accounts/${unique('acc')}/case`, { as: 'collector' }), 404);
  const promise = { instalments: [{ amount: 500, dueDate: '2026-12-01' }] };
  expectStatus(
    await call('POST', '/collections/v1/cases/col_none/promises', { as: 'collector', body: promise }),
    404,
  );
  expectStatus(
    await call('POST', '/collections/v1/cases/col_none/promises', {
      as: 'collector',
      body: { instalments: [] },
    }),
    422,
  );
  const none = '/collections/v1/cases/col_none';
  expectStatus(
    await call('POST', `${none}/contact-facts`, { as: 'supervisor', body: { ceaseRequested: true } }),
    404,
  );
  expectStatus(await call('POST', `${none}/contacts`, { as: 'collector', body: { channel: 'CALL' } }), 404);
  expectStatus(await call('GET', `${none}/contact-verdict`, { as: 'collector' }), 404);
  expectStatus(await call('GET', `${none}/contact-verdict?channel=PIGEON`, { as: 'collector' }), 422);
  const threat = expectStatus(
    await call('POST', `${none}/contacts`, {
      as: 'collector',
      body: { channel: 'SMS', hasOptOut: true, message: 'pay or we will arrest you' },
    }),
    422,
  );
  expect(threat.json.category).toBe('THREAT');
  expectStatus(
    await call('POST', `${none}/contacts/att_none/outcome`, {
      as: 'collector',
      body: { outcome: 'NO_ANSWER' },
    }),
    404,
  );
  const log = expectStatus(
    await call('GET', `/collections/v1/decisions?accountId=${accountId}`, { as: 'compliance' }),
    200,
  );
  expect(log.json.items).toEqual([]);
  expectStatus(await call('GET', '/collections/v1/decisions', { as: 'collector' }), 403);
  expectStatus(await call('GET', '/collections/v1/worklist', { as: 'collector' }), 200);
  // Whether a case is free depends on what else ran against this database: either answer is documented.
  const claim = await call('POST', '/collections/v1/worklist/claim', { as: 'collector' });
  expect([200, 404]).toContain(claim.status);
  expectStatus(await call('POST', `${none}/release`, { as: 'supervisor' }), 404);
  // The supervisors' reports: the variant comparison and the collector scorecards.
  expectStatus(await call('GET', '/collections/v1/strategies/report', { as: 'supervisor' }), 200);
  expectStatus(await call('GET', '/collections/v1/strategies/report', { as: 'collector' }), 403);
  expectStatus(await call('GET', '/collections/v1/collectors/scorecards', { as: 'compliance' }), 200);
  expectStatus(
    await call('GET', `/collections/v1/collectors/${unique('nobody')}/scorecard`, { as: 'supervisor' }),
    404,
  );
  expectStatus(
    await call('POST', `/collections/v1/collectors/collector-1/complaints`, {
      as: 'compliance',
      body: { caseId: 'col_none', category: 'CONDUCT' },
    }),
    404,
  );
  expectStatus(await call('GET', '/collections/v1/admin/clock', { as: 'admin' }), 200);
  expectStatus(
    await call('POST', '/collections/v1/admin/clock', { as: 'admin', body: { advanceHours: 1 } }),
    200,
  );
  expect(violations.splice(0)).toEqual([]);
});

it('sales: an application taken, completed, consented, decided, underwritten or withdrawn, its personal data and the clock, as documented', async () => {
  const application = (nationalId: string) => ({
    identity: {
      fullName: 'Dana Reyes',
      dateOfBirth: '1988-04-12',
      address: { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' },
      nationalId,
    },
    details: { income: { annualIncome: 12000000, incomeIsIndependent: true } },
  });
  const taken = expectStatus(
    await call('POST', '/sales/v1/applications', {
      as: 'sales_agent',
      body: application('123-45-6789'),
      headers: { 'idempotency-key': unique('app') },
    }),
    201,
  );
  const id = taken.json.applicationId as string;
  expectStatus(
    await call('POST', '/sales/v1/applications', { as: 'sales_agent', body: application('123-45-6789') }),
    409,
  );
  // Customer search by name: the applicant found by the words of the name, in any case.
  const byName = expectStatus(
    await call('POST', '/sales/v1/customers/search', { as: 'agent', body: { name: 'dana REYES' } }),
    200,
  );
  expect(byName.json.items.map((m: { customerId: string }) => m.customerId)).toContain(taken.json.customerId);
  expectStatus(await call('POST', '/sales/v1/customers/search', { as: 'agent', body: { name: '7' } }), 422);
  expectStatus(
    await call('POST', '/sales/v1/applications', {
      as: 'sales_agent',
      body: {
        ...application('987-65-4321'),
        identity: { ...application('x').identity, nationalId: '987-65-4321', dateOfBirth: '2999-01-01' },
      },
    }),
    422,
  );
  expectStatus(await call('GET', '/sales/v1/applications?status=INCOMPLETE', { as: 'supervisor' }), 200);
  expectStatus(await call('GET', '/sales/v1/applications', { as: 'agent' }), 403);
  expectStatus(await call('GET', `/sales/v1/applications/${id}`, { as: 'sales_agent' }), 200);
  expectStatus(await call('GET', '/sales/v1/applications/app_none', { as: 'sales_agent' }), 404);
  expectStatus(await call('POST', `/sales/v1/applications/${id}/decide`, { as: 'sales_agent' }), 409);
  expectStatus(
    await call('POST', `/sales/v1/applications/${id}/details`, {
      as: 'sales_agent',
      body: {
        housing: { status: 'RENT', monthlyCost: 150000 },
        employment: { status: 'EMPLOYED', employer: 'Acme' },
      },
    }),
    200,
  );
  expectStatus(
    await call('POST', `/sales/v1/applications/${id}/details`, { as: 'sales_agent', body: {} }),
    422,
  );
  expectStatus(
    await call('POST', `/sales/v1/applications/${id}/consent-credit-check`, {
      as: 'sales_agent',
      body: { channel: 'PHONE' },
    }),
    200,
  );
  const decided = expectStatus(
    await call('POST', `/sales/v1/applications/${id}/decide`, { as: 'sales_agent' }),
    200,
  );
  const underwrite = { decision: { outcome: 'DECLINE', reasons: ['THIN_FILE'] }, note: 'Too little history' };
  expectStatus(
    await call('POST', `/sales/v1/applications/${id}/underwrite`, { as: 'underwriter', body: underwrite }),
    decided.json.status === 'REFERRED' ? 200 : 409,
  );
  expectStatus(
    await call('POST', '/sales/v1/applications/app_none/underwrite', { as: 'underwriter', body: underwrite }),
    404,
  );
  expectStatus(
    await call('POST', `/sales/v1/applications/${id}/withdraw`, {
      as: 'sales_agent',
      body: { reason: 'changed mind' },
    }),
    409,
  );
  const other = expectStatus(
    await call('POST', '/sales/v1/applications', { as: 'sales_agent', body: application('555-12-3456') }),
    201,
  );
  expectStatus(
    await call('POST', `/sales/v1/applications/${other.json.applicationId}/withdraw`, {
      as: 'sales_agent',
      body: { reason: 'found another card' },
    }),
    200,
  );
  expectStatus(await call('GET', `/sales/v1/applications/${id}/sensitive`, { as: 'underwriter' }), 200);
  expectStatus(await call('GET', `/sales/v1/applications/${id}/sensitive`, { as: 'sales_agent' }), 403);
  expectStatus(await call('GET', '/sales/v1/applications/app_none/sensitive', { as: 'admin' }), 404);
  expectStatus(await call('GET', '/sales/v1/admin/clock', { as: 'admin' }), 200);
  expectStatus(await call('POST', '/sales/v1/admin/clock', { as: 'admin', body: { advanceHours: 1 } }), 200);
  expect(violations.splice(0)).toEqual([]);
});

it('the edge: 401, 403, 404, 405 with Allow, 413, 422, 429, 503 and 504, all problem+json as documented', async () => {
  const { cardId, caseId, accountId } = flow;
  expectStatus(await call('GET', `/cards/v1/cards/${cardId}`), 401);
  expectStatus(
    await call('GET', `/cards/v1/cards/${cardId}`, { as: { authorization: 'Bearer garbage' } }),
    401,
  );
  expectStatus(await call('GET', `/ticketing/v1/cases/${caseId}`, { as: 'channel_adapter' }), 403);
  expectStatus(await call('GET', '/nosuch/v1/things', { as: 'agent' }), 404);
  expectStatus(await call('GET', '/cards/v1/nothing', { as: 'agent' }), 404);
  const del = expectStatus(await call('DELETE', `/cards/v1/cards/${cardId}`, { as: 'agent' }), 405);
  expect(del.headers.get('allow')).toBe('GET, HEAD');
  expect(del.headers.get('content-type')).toContain('application/problem+json');
  const patch = expectStatus(await call('PATCH', '/ticketing/v1/cases', { as: 'agent', body: {} }), 405);
  expect(patch.headers.get('allow')).toBe('POST, GET, HEAD');
  const huge = JSON.stringify({ reason: 'x'.repeat(300 * 1024) });
  expectStatus(await call('POST', `/cards/v1/cards/${cardId}/freeze`, { as: 'agent', body: huge }), 413);
  expectStatus(await call('POST', '/ticketing/v1/cases', { as: 'agent', body: '{"customerId": ' }), 422);

  const busy = { authorization: `Bearer ${await tokenFor('agent', unique('busy'))}` };
  expectStatus(await call('GET', `/cards/v1/cards/${cardId}`, { as: busy, via: strict }), 200);
  const limited = expectStatus(
    await call('GET', `/cards/v1/cards/${cardId}`, { as: busy, via: strict }),
    429,
  );
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  const unreachable = expectStatus(
    await call('GET', `/ledger/v1/accounts/${accountId}`, { as: 'agent', via: down }),
    503,
  );
  expect(unreachable.headers.get('retry-after')).toBe('5');
  expectStatus(await call('GET', '/disputes/v1/disputes/dsp_slow', { as: 'agent', via: slow }), 504);
  expect(violations.splice(0)).toEqual([]);
});

it('every role × every operation through the gateway: 403 wherever the route table leaves the role out', async () => {
  const doc = (await (await fetch(`http://127.0.0.1:${gw.port}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { 'x-roles'?: Role[] }>>;
  };
  const wrong: string[] = [];
  let forbidden = 0;
  let allowed = 0;
  for (const [template, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const roles = op['x-roles'];
      if (!roles) continue;
      // Ids nobody has, an empty body: an allowed role gets 404 or 422 and nothing changes.
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => `matrix-${name}`);
      for (const role of ROLES) {
        const a = await call(method.toUpperCase(), path, {
          as: role,
          body: ['post', 'put', 'patch'].includes(method) ? {} : undefined,
        });
        const may = roles.includes(role);
        if (may ? a.status === 403 || a.status === 401 : a.status !== 403)
          wrong.push(
            `${role} ${method.toUpperCase()} ${template}: ${a.status} (${may ? 'allowed' : 'forbidden'})`,
          );
        if (may) allowed++;
        else forbidden++;
      }
    }
  expect(wrong).toEqual([]);
  expect(forbidden).toBeGreaterThan(300);
  expect(allowed).toBeGreaterThan(100);
  expect(violations).toEqual([]);
});

it('answered every operation of the merged document at least once', () => {
  expect(checker.unchecked()).toEqual([]);
  expect(checker.log.length).toBeGreaterThanOrEqual(100);
  expect(checker.log.filter((l) => l.problems.length > 0)).toEqual([]);
});
