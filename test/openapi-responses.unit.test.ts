import { createHash } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import {
  HealthChecks,
  PlatformMetrics,
  authenticate,
  createHttpApp,
  createLogger,
  idempotency,
  mintToken,
  mountRoutes,
  openApiDocument,
  type AnyRouteDef,
  type AuthOptions,
  type Role,
} from '@cardline/platform';
import { ledgerRoutes, toProblem as ledgerProblem } from '../services/ledger/src/adapters/http/routes';
import { cardRoutes, toProblem as cardsProblem } from '../services/cards/src/adapters/http/routes';
import { disputeRoutes, toProblem as disputesProblem } from '../services/disputes/src/adapters/http/routes';
import {
  ticketingRoutes,
  toProblem as ticketingProblem,
} from '../services/ticketing/src/adapters/http/routes';
import {
  collectionsRoutes,
  toProblem as collectionsProblem,
} from '../services/collections/src/adapters/http/routes';
import { salesRoutes, toProblem as salesProblem } from '../services/sales/src/adapters/http/routes';
import { mergeOpenApi } from '../services/gateway/src/openapi';
import { ledgerDeps } from './support/fakes/ledger';
import { cardsDeps } from './support/fakes/cards';
import { disputesDeps } from './support/fakes/disputes';
import { ticketingDeps } from './support/fakes/ticketing';
import { collectionsDeps } from './support/fakes/collections';
import { salesDeps } from '../services/sales/test/fake-applications';
import { memoryIdempotencyStore } from './support/fakes/idempotency-store';
import { ResponseChecker, type ObservedResponse, type OpenApiDoc } from './support/openapi';

// Each service's real route table behind the platform's HTTP stack (request
// ids, body limit, authentication, role checks, validation, the real
// Idempotency-Key middleware on an in-memory store, 404 and problem+json),
// with stand-ins for its use cases: every response is checked against the
// OpenAPI document the same table writes, then against the gateway's merged
// document. Every operation is answered at least once.

const auth: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};
const BODY_LIMIT = 8 * 1024;
const EDGE = { bodyLimitBytes: 262144, limitPerMinute: 600, timeoutMs: 5000 };

const tokens = new Map<string, Promise<string>>();
/** `channel`: the one channel a channel adapter's token is for (docs/adr/0023-least-privilege-operations.md). */
const bearer = async (role: Role, channel?: string) => {
  const key = `${role}/${channel ?? ''}`;
  if (!tokens.has(key)) tokens.set(key, mintToken(auth, { subject: `${role}-1`, roles: [role], channel }));
  return `Bearer ${await tokens.get(key)}`;
};

interface Call {
  /** e.g. 'POST /v1/accounts' */
  call: string;
  as?: Role;
  /** The channel claim of the caller's token. */
  channel?: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
}

interface Served {
  name: string;
  app: Express;
  doc: OpenApiDoc;
  idempotencyRecords: ReturnType<typeof memoryIdempotencyStore>['records'];
}

/** The route table as ServiceRuntime.serveApi mounts it, on createHttpApp. */
function serve(name: string, routes: AnyRouteDef[], toProblem: (err: unknown) => unknown): Served {
  const { app, finish } = createHttpApp({
    logger: createLogger(name, 'silent'),
    metrics: new PlatformMetrics(name),
    health: new HealthChecks(),
    bodyLimit: BODY_LIMIT,
  });
  const store = memoryIdempotencyStore();
  app.use('/v1', authenticate(auth));
  app.use(mountRoutes(routes, { idempotency: idempotency(store.collection), toProblem }));
  finish();
  const doc = openApiDocument(routes, { title: name, version: '0', description: '' }) as OpenApiDoc;
  return { name, app, doc, idempotencyRecords: store.records };
}

async function send(s: Served, c: Call): Promise<ObservedResponse> {
  const [method, path] = c.call.split(' ') as [string, string];
  let req = request(s.app)[method.toLowerCase() as 'get'](path);
  if (c.as) req = req.set('authorization', await bearer(c.as, c.channel));
  for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
  if (c.body !== undefined)
    req = req
      .set('content-type', 'application/json')
      .send(typeof c.body === 'string' ? c.body : JSON.stringify(c.body));
  const res = await req;
  let body: unknown = null;
  if (res.text) {
    try {
      body = JSON.parse(res.text);
    } catch {
      body = res.text;
    }
  }
  return {
    method,
    path: path.split('?')[0] as string,
    status: res.status,
    contentType: String(res.headers['content-type'] ?? ''),
    body,
    header: (n) => {
      const v = res.headers[n.toLowerCase()] as string | undefined;
      return v ?? null;
    },
  };
}

/** Every call answers the expected status with what the document promises; every operation is called. */
async function checkAll(s: Served, calls: Call[]): Promise<ObservedResponse[]> {
  const checker = new ResponseChecker(s.doc);
  const seen: ObservedResponse[] = [];
  for (const c of calls) {
    const r = await send(s, c);
    seen.push(r);
    expect({ call: c.call, status: r.status, problems: checker.check(r) }).toEqual({
      call: c.call,
      status: c.status,
      problems: [],
    });
  }
  expect(checker.unchecked()).toEqual([]);
  return seen;
}

const hash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');
const tooLarge = { reason: 'x'.repeat(BODY_LIMIT + 1) };

const ledger = serve('ledger', ledgerRoutes(ledgerDeps()), ledgerProblem);
const cards = serve('cards', cardRoutes(cardsDeps()), cardsProblem);
const disputes = serve('disputes', disputeRoutes(disputesDeps()), disputesProblem);
const ticketing = serve('ticketing', ticketingRoutes(ticketingDeps()), ticketingProblem);
const collections = serve('collections', collectionsRoutes(collectionsDeps()), collectionsProblem);
const sales = serve('sales', salesRoutes(salesDeps()), salesProblem);
const observed = new Map<string, ObservedResponse[]>();

describe('every response of the ledger route table matches its OpenAPI document', () => {
  const open = {
    customerId: 'cus-9',
    creditLimit: 500000,
    aprBps: 2499,
    billingCycleDay: 5,
  };
  const payment = { kind: 'PAYMENT', amount: 2500, currency: 'USD' };

  it('answers, refuses and replays as documented', async () => {
    // A request with this key is still running: a retry must wait.
    ledger.idempotencyRecords.set('POST /v1/accounts/acc-1/transactions|card_processor-1|busy', {
      _id: 'POST /v1/accounts/acc-1/transactions|card_processor-1|busy',
      requestHash: hash(payment),
      state: 'in-progress',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const seen = await checkAll(ledger, [
      { call: 'POST /v1/accounts', as: 'admin', body: open, status: 201 },
      {
        call: 'POST /v1/accounts',
        as: 'admin',
        body: { ...open, accountId: 'acc-taken' },
        status: 409,
      },
      { call: 'POST /v1/accounts', as: 'agent', body: open, status: 403 },
      { call: 'POST /v1/accounts', as: 'sales_agent', body: open, status: 403 },
      { call: 'POST /v1/accounts', body: open, status: 401 },
      { call: 'POST /v1/accounts', as: 'admin', body: { ...open, customerId: '' }, status: 422 },
      { call: 'POST /v1/accounts', as: 'admin', body: '{"customerId": ', status: 422 },
      { call: 'POST /v1/accounts', as: 'admin', body: tooLarge, status: 413 },
      { call: 'GET /v1/accounts/acc-1', as: 'agent', status: 200 },
      { call: 'HEAD /v1/accounts/acc-1', as: 'agent', status: 200 },
      { call: 'GET /v1/accounts/acc-none', as: 'agent', status: 404 },
      {
        call: 'POST /v1/accounts/acc-1/transactions',
        as: 'card_processor',
        body: payment,
        headers: { 'idempotency-key': 'pay-1' },
        status: 201,
      },
      {
        call: 'POST /v1/accounts/acc-1/transactions',
        as: 'card_processor',
        body: payment,
        headers: { 'idempotency-key': 'pay-1' },
        status: 201,
      },
      {
        call: 'POST /v1/accounts/acc-1/transactions',
        as: 'card_processor',
        body: { ...payment, amount: 2600 },
        headers: { 'idempotency-key': 'pay-1' },
        status: 422,
      },
      {
        call: 'POST /v1/accounts/acc-1/transactions',
        as: 'card_processor',
        body: payment,
        headers: { 'idempotency-key': 'busy' },
        status: 409,
      },
      {
        call: 'POST /v1/accounts/acc-1/transactions',
        as: 'card_processor',
        body: {
          kind: 'PURCHASE',
          amount: 900000,
          currency: 'USD',
          merchant: { name: 'Jeweller', mcc: '5944', city: 'Newark', country: 'US' },
        },
        status: 201,
      },
      { call: 'POST /v1/accounts/acc-none/transactions', as: 'card_processor', body: payment, status: 404 },
      { call: 'GET /v1/accounts/acc-1/transactions?limit=2', as: 'agent', status: 200 },
      { call: 'GET /v1/accounts/acc-1/transactions?limit=0', as: 'agent', status: 422 },
      { call: 'GET /v1/accounts/acc-1/transactions?statementId=stmt-1', as: 'agent', status: 200 },
      { call: 'GET /v1/accounts/acc-1/transactions?statementId=stmt-x', as: 'agent', status: 404 },
      { call: 'GET /v1/accounts/acc-1/cards', as: 'agent', status: 200 },
      { call: 'GET /v1/accounts/acc-1/statements', as: 'collector', status: 200 },
      { call: 'GET /v1/accounts/acc-1/statements/stmt-1', as: 'agent', status: 200 },
      { call: 'GET /v1/accounts/acc-1/statements/stmt-x', as: 'agent', status: 404 },
      { call: 'GET /v1/admin/clock', as: 'admin', status: 200 },
      { call: 'POST /v1/admin/clock', as: 'admin', body: { advanceDays: 1 }, status: 200 },
      { call: 'POST /v1/admin/end-of-day', as: 'admin', status: 200 },
      { call: 'DELETE /v1/accounts/acc-1', as: 'agent', status: 405 },
      { call: 'PATCH /v1/accounts', as: 'agent', body: {}, status: 405 },
      { call: 'GET /v1/nothing', as: 'agent', status: 404 },
    ]);
    const at = (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path);
    const [first, retry] = at('POST', '/v1/accounts/acc-1/transactions');
    expect(retry?.header('idempotent-replayed')).toBe('true');
    expect(retry?.body).toEqual(first?.body);
    expect(at('DELETE', '/v1/accounts/acc-1')[0]?.header('allow')).toBe('GET, HEAD');
    expect(at('PATCH', '/v1/accounts')[0]?.header('allow')).toBe('POST');
    observed.set('ledger', seen);
  });
});

describe('every response of the cards route table matches its OpenAPI document', () => {
  const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
  const lastUsedAt = '2026-01-11T18:00:00Z';

  it('answers and refuses as documented', async () => {
    observed.set(
      'cards',
      await checkAll(cards, [
        { call: 'GET /v1/cards/crd-1', as: 'agent', status: 200 },
        { call: 'GET /v1/cards/crd-none', as: 'collector', status: 404 },
        { call: 'GET /v1/cards/x', as: 'agent', status: 422 },
        { call: 'GET /v1/cards/crd-1', as: 'data_reader', status: 403 },
        { call: 'GET /v1/cards?last4=4242', as: 'agent', status: 200 },
        { call: 'GET /v1/cards?last4=0000', as: 'collector', status: 200 },
        { call: 'GET /v1/cards?last4=12', as: 'agent', status: 422 },
        { call: 'GET /v1/cards?last4=1111', as: 'sales_agent', status: 403 },
        { call: 'GET /v1/accounts/acc-1/cards', as: 'agent', status: 200 },
        // An additional card is a supervisor's call (docs/adr/0023-least-privilege-operations.md).
        { call: 'POST /v1/accounts/acc-1/cards', as: 'supervisor', body: { speed: 'EXPRESS' }, status: 201 },
        { call: 'POST /v1/accounts/acc-1/cards', as: 'agent', body: { speed: 'EXPRESS' }, status: 403 },
        { call: 'POST /v1/accounts/acc-none/cards', as: 'supervisor', body: {}, status: 404 },
        { call: 'POST /v1/cards/crd-1/activate', as: 'agent', status: 200 },
        { call: 'POST /v1/cards/crd-stolen/activate', as: 'agent', status: 409 },
        { call: 'POST /v1/cards/crd-1/freeze', as: 'agent', body: { reason: 'customer call' }, status: 200 },
        { call: 'POST /v1/cards/crd-stolen/freeze', as: 'agent', body: { reason: 'again' }, status: 409 },
        { call: 'POST /v1/cards/crd-1/freeze', as: 'agent', body: tooLarge, status: 413 },
        { call: 'POST /v1/cards/crd-1/unfreeze', as: 'agent', body: {}, status: 200 },
        { call: 'POST /v1/cards/crd-1/report-lost', as: 'agent', body: { lastUsedAt }, status: 200 },
        {
          call: 'POST /v1/cards/crd-1/report-stolen',
          as: 'supervisor',
          body: { lastUsedAt, lastUsedWhere: 'the train' },
          status: 200,
        },
        {
          call: 'POST /v1/cards/crd-1/report-stolen',
          as: 'agent',
          body: { lastUsedAt: 'today' },
          status: 422,
        },
        {
          call: 'POST /v1/cards/crd-1/report-damaged',
          as: 'agent',
          body: { speed: 'EXPRESS' },
          status: 200,
        },
        {
          call: 'POST /v1/cards/crd-stolen/replacement',
          as: 'agent',
          body: { speed: 'EXPRESS' },
          status: 201,
        },
        {
          call: 'POST /v1/cards/crd-stolen/replacement',
          as: 'supervisor',
          body: { speed: 'EXPRESS', deliveryAddress: address },
          status: 201,
        },
        { call: 'POST /v1/cards/crd-1/replacement', as: 'agent', body: {}, status: 409 },
        {
          call: 'POST /v1/cards/crd-1/close',
          as: 'supervisor',
          body: { reason: 'customer asked' },
          status: 200,
        },
        { call: 'POST /v1/cards/crd-1/close', as: 'agent', body: { reason: 'customer asked' }, status: 403 },
        { call: 'GET /v1/cards/crd-stolen/fraud-trace', as: 'dispute_analyst', status: 200 },
        { call: 'GET /v1/cards/crd-1/fraud-trace', as: 'agent', status: 409 },
        {
          call: 'POST /v1/cards/crd-stolen/fraud-report',
          as: 'agent',
          body: { transactionIds: ['txn-7', 'txn-8'] },
          status: 201,
        },
        {
          call: 'POST /v1/cards/crd-stolen/fraud-report',
          as: 'agent',
          body: { transactionIds: ['txn-x'] },
          status: 422,
        },
        { call: 'GET /v1/admin/clock', as: 'admin', status: 200 },
        { call: 'POST /v1/admin/clock', as: 'admin', body: { advanceHours: 2 }, status: 200 },
        { call: 'PUT /v1/cards/crd-1', as: 'agent', body: {}, status: 405 },
      ]),
    );
  });
});

describe('every response of the disputes route table matches its OpenAPI document', () => {
  const opening = {
    accountId: 'acc-1',
    transactionId: 'txn-1',
    reason: 'WRONG_AMOUNT',
    disputedAmount: 2500,
  };
  const verbs: [string, Role, unknown][] = [
    ['acknowledge', 'agent', {}],
    ['provisional-credit', 'dispute_analyst', { amount: 2500 }],
    ['goodwill-override', 'supervisor', { decision: 'WAIVED', reason: 'long-standing customer' }],
    ['chargeback', 'dispute_analyst', {}],
    ['pre-arbitration', 'dispute_analyst', {}],
    ['arbitration', 'dispute_analyst', {}],
    ['network-steps', 'admin', { step: 'MERCHANT_REPRESENTED', note: 'receipt attached' }],
    ['resolve', 'dispute_analyst', { outcome: 'CUSTOMER_WON', explanation: 'the merchant accepted' }],
    ['withdraw', 'agent', { explanation: 'found the receipt' }],
    ['credit-approval', 'supervisor', { approve: true }],
  ];

  it('answers and refuses as documented', async () => {
    observed.set(
      'disputes',
      await checkAll(disputes, [
        { call: 'POST /v1/disputes', as: 'agent', body: opening, status: 201 },
        {
          call: 'POST /v1/disputes',
          as: 'agent',
          body: { ...opening, transactionId: 'txn-none' },
          status: 404,
        },
        { call: 'POST /v1/disputes', as: 'agent', body: { ...opening, disputedAmount: 999999 }, status: 422 },
        { call: 'POST /v1/disputes', as: 'collector', body: opening, status: 403 },
        { call: 'GET /v1/disputes?accountId=acc-1', as: 'collector', status: 200 },
        { call: 'GET /v1/disputes', as: 'agent', status: 422 },
        { call: 'GET /v1/disputes/dsp-1', as: 'agent', status: 200 },
        { call: 'GET /v1/disputes/dsp-worked', as: 'agent', status: 200 },
        { call: 'GET /v1/disputes/dsp-nope', as: 'agent', status: 404 },
        ...verbs.map(([verb, as, body]) => ({
          call: `POST /v1/disputes/dsp-1/${verb}`,
          as,
          body,
          status: 200,
        })),
        ...verbs.map(([verb, as, body]) => ({
          call: `POST /v1/disputes/dsp-worked/${verb}`,
          as,
          body,
          status: 409,
        })),
        { call: 'POST /v1/disputes/dsp-nope/acknowledge', as: 'agent', body: {}, status: 404 },
        { call: 'POST /v1/disputes/dsp-1/acknowledge', as: 'agent', body: { extra: 1 }, status: 422 },
        { call: 'GET /v1/admin/clock', as: 'admin', status: 200 },
        { call: 'POST /v1/admin/clock', as: 'admin', body: { advanceDays: 30 }, status: 200 },
        { call: 'DELETE /v1/disputes/dsp-1', as: 'agent', status: 405 },
      ]),
    );
  });
});

describe('every response of the ticketing route table matches its OpenAPI document', () => {
  const message = { customerId: 'cus-1', from: 'pat@example.com', body: 'Any news?' };
  const verbs: [string, unknown][] = [
    ['replies', { body: 'We are looking into it.' }],
    ['notes', { kind: 'INTERNAL_NOTE', body: 'Asked the ledger team.' }],
    ['status', { to: 'OPEN', reason: 'customer answered' }],
    ['triage', { priority: 'URGENT', tags: ['vip'] }],
    ['escalate', { reason: 'needs tier 2' }],
    ['merge', { intoCaseId: 'case-1' }],
    ['contact-change', { channel: 'EMAIL', accept: true }],
    ['suggestion-reviews', { interactionId: 'int-1', outcome: 'ACCEPTED' }],
  ];

  it('answers and refuses as documented', async () => {
    observed.set(
      'ticketing',
      await checkAll(ticketing, [
        {
          call: 'POST /v1/cases',
          as: 'agent',
          body: { customerId: 'cus-1', subject: 'Card stolen' },
          status: 201,
        },
        {
          call: 'POST /v1/cases',
          as: 'agent',
          body: { customerId: 'cus-1', subject: 's', priority: 'SOON' },
          status: 422,
        },
        {
          call: 'POST /v1/channels/EMAIL/messages',
          as: 'channel_adapter',
          channel: 'EMAIL',
          body: { ...message, caseId: 'case-1' },
          status: 200,
        },
        {
          call: 'POST /v1/channels/SMS/messages',
          as: 'channel_adapter',
          channel: 'SMS',
          body: message,
          status: 201,
        },
        {
          call: 'POST /v1/channels/FAX/messages',
          as: 'channel_adapter',
          channel: 'SMS',
          body: message,
          status: 422,
        },
        { call: 'POST /v1/channels/SMS/messages', as: 'agent', body: message, status: 403 },
        // A channel adapter posts on the channel its token names only.
        {
          call: 'POST /v1/channels/SMS/messages',
          as: 'channel_adapter',
          channel: 'EMAIL',
          body: message,
          status: 403,
        },
        { call: 'POST /v1/channels/SMS/messages', as: 'channel_adapter', body: message, status: 403 },
        // A queued message's contact reference, resolved for its channel's adapter only (ADR 0029).
        { call: 'GET /v1/contacts/case-1:EMAIL', as: 'channel_adapter', channel: 'EMAIL', status: 200 },
        { call: 'GET /v1/contacts/case-1:SMS', as: 'channel_adapter', channel: 'SMS', status: 404 },
        { call: 'GET /v1/contacts/case-none:EMAIL', as: 'channel_adapter', channel: 'EMAIL', status: 404 },
        { call: 'GET /v1/contacts/case-1:EMAIL', as: 'channel_adapter', channel: 'SMS', status: 403 },
        { call: 'GET /v1/contacts/case-1:EMAIL', as: 'agent', status: 403 },
        { call: 'GET /v1/contacts/pat@example.com', as: 'channel_adapter', channel: 'EMAIL', status: 422 },
        { call: 'GET /v1/cases?customerId=cus-1', as: 'agent', status: 200 },
        { call: 'GET /v1/cases?status=BOGUS', as: 'agent', status: 422 },
        { call: 'GET /v1/cases/case-1', as: 'sales_agent', status: 200 },
        { call: 'GET /v1/cases/case-none', as: 'agent', status: 404 },
        { call: 'GET /v1/cases/case-1/interactions?after=0&limit=10', as: 'agent', status: 200 },
        { call: 'GET /v1/cases/case-none/interactions', as: 'agent', status: 404 },
        { call: 'GET /v1/cases/case-1/history', as: 'supervisor', status: 200 },
        { call: 'GET /v1/cases/case-1/history?after=-1', as: 'agent', status: 422 },
        ...verbs.map(([verb, body]) => ({
          call: `POST /v1/cases/case-1/${verb}`,
          as: 'agent' as Role,
          body,
          status: 200,
        })),
        ...verbs
          .filter(([verb]) => verb !== 'merge')
          .map(([verb, body]) => ({
            call: `POST /v1/cases/case-solved/${verb}`,
            as: 'agent' as Role,
            body,
            status: 409,
          })),
        { call: 'POST /v1/cases/case-none/merge', as: 'agent', body: { intoCaseId: 'case-1' }, status: 404 },
        {
          call: 'POST /v1/cases/case-solved/csat',
          as: 'channel_adapter',
          channel: 'EMAIL',
          body: { score: 5 },
          status: 200,
        },
        {
          call: 'POST /v1/cases/case-1/csat',
          as: 'channel_adapter',
          channel: 'EMAIL',
          body: { score: 4 },
          status: 409,
        },
        {
          call: 'POST /v1/cases/case-1/csat',
          as: 'channel_adapter',
          channel: 'EMAIL',
          body: { score: 9 },
          status: 422,
        },
        { call: 'GET /v1/customers/cus-1/timeline?limit=1', as: 'agent', status: 200 },
        { call: 'GET /v1/customers/cus-1/answers', as: 'collector', status: 200 },
        { call: 'POST /v1/customers/search', as: 'agent', body: { phone: '+1 415 555 0102' }, status: 200 },
        {
          call: 'POST /v1/customers/search',
          as: 'sales_agent',
          body: { phone: '(212) 555-0199' },
          status: 200,
        },
        { call: 'POST /v1/customers/search', as: 'agent', body: { phone: '555' }, status: 422 },
        { call: 'POST /v1/customers/search', as: 'agent', body: { name: 'Ada' }, status: 422 },
        {
          call: 'POST /v1/customers/search',
          as: 'channel_adapter',
          channel: 'SMS',
          body: { phone: '4155550102' },
          status: 403,
        },
        { call: 'GET /v1/customers/cus-none/answers', as: 'agent', status: 404 },
        { call: 'GET /v1/reports/csat?by=queue', as: 'supervisor', status: 200 },
        { call: 'GET /v1/reports/csat', as: 'agent', status: 403 },
        { call: 'GET /v1/reports/triage', as: 'supervisor', status: 200 },
        { call: 'GET /v1/admin/clock', as: 'admin', status: 200 },
        { call: 'POST /v1/admin/clock', as: 'admin', body: { advanceHours: 1 }, status: 409 },
        { call: 'PATCH /v1/cases/case-1', as: 'agent', body: {}, status: 405 },
      ]),
    );
  });
});

describe('every response of the collections route table matches its OpenAPI document', () => {
  const promise = { instalments: [{ amount: 500, dueDate: '2026-03-20' }] };
  const plan = { count: 2, frequency: 'MONTHLY', firstDueDate: '2026-03-20' };

  it('answers, refuses and replays as documented', async () => {
    observed.set(
      'collections',
      await checkAll(collections, [
        { call: 'GET /v1/cases?accountId=acc-1&status=OPEN', as: 'collector', status: 200 },
        { call: 'GET /v1/cases?bucket=DPD_1_29', as: 'supervisor', status: 200 },
        { call: 'GET /v1/cases?bucket=DPD_7', as: 'collector', status: 422 },
        { call: 'GET /v1/cases', as: 'agent', status: 403 },
        { call: 'GET /v1/cases/col-1', as: 'collector', status: 200 },
        { call: 'GET /v1/cases/col-none', as: 'collector', status: 404 },
        { call: 'GET /v1/accounts/acc-1/case', as: 'admin', status: 200 },
        { call: 'GET /v1/accounts/acc-none/case', as: 'collector', status: 404 },
        {
          call: 'POST /v1/cases/col-1/promises',
          as: 'collector',
          body: promise,
          headers: { 'idempotency-key': 'ptp-1' },
          status: 201,
        },
        {
          call: 'POST /v1/cases/col-1/promises',
          as: 'collector',
          body: promise,
          headers: { 'idempotency-key': 'ptp-1' },
          status: 201,
        },
        {
          call: 'POST /v1/cases/col-1/promises',
          as: 'collector',
          body: { instalments: [{ amount: 500, dueDate: '2026-03-01' }] },
          status: 422,
        },
        { call: 'POST /v1/cases/col-closed/promises', as: 'collector', body: promise, status: 409 },
        { call: 'POST /v1/cases/col-none/promises', as: 'collector', body: promise, status: 404 },
        { call: 'GET /v1/admin/clock', as: 'admin', status: 200 },
        { call: 'POST /v1/admin/clock', as: 'admin', body: { advanceDays: 1 }, status: 200 },
        { call: 'POST /v1/cases/col-1/contact-facts', as: 'collector', body: { mobile: false }, status: 200 },
        { call: 'POST /v1/cases/col-1/contact-facts', as: 'collector', body: { mobile: 'no' }, status: 422 },
        { call: 'POST /v1/cases/col-closed/contact-facts', as: 'supervisor', body: {}, status: 409 },
        { call: 'POST /v1/cases/col-none/contact-facts', as: 'collector', body: {}, status: 404 },
        { call: 'GET /v1/cases/col-1/contact-verdict', as: 'collector', status: 200 },
        {
          call: 'GET /v1/cases/col-1/contact-verdict?channel=SMS&hasOptOut=true',
          as: 'supervisor',
          status: 200,
        },
        { call: 'GET /v1/cases/col-1/contact-verdict?channel=PIGEON', as: 'collector', status: 422 },
        { call: 'GET /v1/cases/col-1/contact-verdict', as: 'agent', status: 403 },
        { call: 'GET /v1/cases/col-closed/contact-verdict', as: 'collector', status: 409 },
        { call: 'GET /v1/cases/col-none/contact-verdict', as: 'collector', status: 404 },
        // 08:00 in New York: the validation notice itself is allowed, a call before it refused.
        {
          call: 'POST /v1/cases/col-1/contacts',
          as: 'collector',
          body: { channel: 'LETTER', carriesValidationNotice: true },
          status: 201,
        },
        { call: 'POST /v1/cases/col-1/contacts', as: 'collector', body: { channel: 'CALL' }, status: 409 },
        {
          call: 'POST /v1/cases/col-1/contacts',
          as: 'collector',
          body: { channel: 'SMS', hasOptOut: true, message: 'Pay today or we will arrest you' },
          status: 422,
        },
        {
          call: 'POST /v1/cases/col-closed/contacts',
          as: 'collector',
          body: { channel: 'CALL' },
          status: 409,
        },
        { call: 'POST /v1/cases/col-none/contacts', as: 'collector', body: { channel: 'CALL' }, status: 404 },
        {
          call: 'POST /v1/cases/col-1/contacts/att-1/outcome',
          as: 'collector',
          body: { outcome: 'NO_ANSWER' },
          status: 201,
        },
        {
          call: 'POST /v1/cases/col-1/contacts/att-1/outcome',
          as: 'collector',
          body: { outcome: 'RIGHT_PARTY_CONTACT', note: 'told them they would go to jail' },
          status: 422,
        },
        {
          call: 'POST /v1/cases/col-1/contacts/att-9/outcome',
          as: 'collector',
          body: { outcome: 'NO_ANSWER' },
          status: 404,
        },
        { call: 'GET /v1/decisions?accountId=acc-1', as: 'compliance', status: 200 },
        { call: 'GET /v1/decisions', as: 'collector', status: 403 },
        { call: 'GET /v1/worklist', as: 'collector', status: 200 },
        { call: 'POST /v1/worklist/claim', as: 'collector', status: 200 },
        { call: 'POST /v1/worklist/claim', as: 'collector', status: 404 },
        { call: 'POST /v1/cases/col-1/release', as: 'supervisor', status: 200 },
        { call: 'POST /v1/cases/col-1/release', as: 'collector', status: 409 },
        { call: 'POST /v1/cases/col-none/release', as: 'supervisor', status: 404 },
        // Plans, hardship, re-ageing: refusals by a named rule are 422 with ruleId.
        { call: 'GET /v1/cases/col-1/plans', as: 'collector', status: 200 },
        { call: 'GET /v1/cases/col-none/plans', as: 'collector', status: 404 },
        { call: 'POST /v1/cases/col-1/plans', as: 'collector', body: { ...plan, count: 1 }, status: 422 },
        { call: 'POST /v1/cases/col-1/plans', as: 'collector', body: plan, status: 201 },
        { call: 'POST /v1/cases/col-closed/plans', as: 'collector', body: plan, status: 409 },
        { call: 'POST /v1/cases/col-none/plans', as: 'collector', body: plan, status: 404 },
        { call: 'POST /v1/cases/col-1/plans/pln-1/accept', as: 'collector', status: 201 },
        { call: 'POST /v1/cases/col-1/plans/pln-1/accept', as: 'collector', status: 409 },
        { call: 'POST /v1/cases/col-1/plans/pln-9/accept', as: 'collector', status: 404 },
        {
          call: 'POST /v1/cases/col-1/hardship',
          as: 'supervisor',
          body: { kind: 'FEE_WAIVER', amount: 1000 },
          status: 201,
        },
        {
          call: 'POST /v1/cases/col-1/hardship',
          as: 'collector',
          body: { kind: 'PAYMENT_PAUSE', months: 4 },
          status: 422,
        },
        {
          call: 'POST /v1/cases/col-none/hardship',
          as: 'collector',
          body: { kind: 'FEE_WAIVER', amount: 1 },
          status: 404,
        },
        { call: 'POST /v1/cases/col-plan/re-age', as: 'collector', status: 201 },
        { call: 'POST /v1/cases/col-1/re-age', as: 'collector', status: 422 },
        { call: 'POST /v1/cases/col-closed/re-age', as: 'collector', status: 409 },
        { call: 'POST /v1/cases/col-none/re-age', as: 'collector', status: 404 },
        // Reports: the champion/challenger comparison and the collector scorecards.
        { call: 'GET /v1/strategies/report', as: 'supervisor', status: 200 },
        { call: 'GET /v1/strategies/report', as: 'collector', status: 403 },
        { call: 'GET /v1/collectors/scorecards?from=2026-01-01T00:00:00Z', as: 'compliance', status: 200 },
        { call: 'GET /v1/collectors/collector-1/scorecard', as: 'supervisor', status: 200 },
        { call: 'GET /v1/collectors/nobody/scorecard', as: 'supervisor', status: 404 },
        {
          call: 'POST /v1/collectors/collector-1/complaints',
          as: 'compliance',
          body: { caseId: 'col-1', category: 'HARASSMENT' },
          status: 201,
        },
        {
          call: 'POST /v1/collectors/collector-1/complaints',
          as: 'compliance',
          body: { caseId: 'col-none', category: 'HARASSMENT' },
          status: 404,
        },
        { call: 'DELETE /v1/cases/col-1', as: 'collector', status: 405 },
      ]),
    );
  });
});

describe('every response of the sales route table matches its OpenAPI document', () => {
  const application = {
    identity: {
      fullName: 'Dana Reyes',
      dateOfBirth: '1990-05-01',
      address: { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' },
      nationalId: '123-45-6789',
    },
    details: { income: { annualIncome: 9600000, incomeIsIndependent: true } },
    creditCheckConsent: { channel: 'PHONE' },
  };
  const housing = { housing: { status: 'RENT', monthlyCost: 180000 } };
  const approve = {
    decision: { outcome: 'APPROVE', creditLimit: 200000, aprTier: 'TIER_2' },
    note: 'Payslips seen',
  };

  it('answers, refuses and replays as documented', async () => {
    observed.set(
      'sales',
      await checkAll(sales, [
        { call: 'GET /v1/applications?status=APPROVED', as: 'sales_agent', status: 200 },
        { call: 'GET /v1/applications?status=OPEN', as: 'sales_agent', status: 422 },
        { call: 'GET /v1/applications', as: 'agent', status: 403 },
        {
          call: 'POST /v1/applications',
          as: 'sales_agent',
          body: application,
          headers: { 'idempotency-key': 'app-1' },
          status: 201,
        },
        {
          call: 'POST /v1/applications',
          as: 'sales_agent',
          body: application,
          headers: { 'idempotency-key': 'app-1' },
          status: 201,
        },
        {
          call: 'POST /v1/applications',
          as: 'sales_agent',
          body: { ...application, identity: { ...application.identity, nationalId: '999-99-9999' } },
          status: 409,
        },
        {
          call: 'POST /v1/applications',
          as: 'sales_agent',
          body: { ...application, identity: { ...application.identity, dateOfBirth: '2999-01-01' } },
          status: 422,
        },
        { call: 'GET /v1/applications/app_approved', as: 'supervisor', status: 200 },
        { call: 'GET /v1/applications/app_none', as: 'sales_agent', status: 404 },
        {
          call: 'POST /v1/applications/app_incomplete/details',
          as: 'sales_agent',
          body: housing,
          status: 200,
        },
        { call: 'POST /v1/applications/app_incomplete/details', as: 'sales_agent', body: {}, status: 422 },
        { call: 'POST /v1/applications/app_approved/details', as: 'sales_agent', body: housing, status: 409 },
        { call: 'POST /v1/applications/app_none/details', as: 'sales_agent', body: housing, status: 404 },
        {
          call: 'POST /v1/applications/app_incomplete/consent-credit-check',
          as: 'sales_agent',
          body: { channel: 'WEB' },
          status: 200,
        },
        {
          call: 'POST /v1/applications/app_declined/consent-credit-check',
          as: 'sales_agent',
          body: { channel: 'WEB' },
          status: 409,
        },
        {
          call: 'POST /v1/applications/app_none/consent-credit-check',
          as: 'sales_agent',
          body: { channel: 'WEB' },
          status: 404,
        },
        { call: 'POST /v1/applications/app_complete/decide', as: 'sales_agent', status: 200 },
        { call: 'POST /v1/applications/app_incomplete/decide', as: 'sales_agent', status: 409 },
        { call: 'POST /v1/applications/app_none/decide', as: 'sales_agent', status: 404 },
        {
          call: 'POST /v1/applications/app_referred/underwrite',
          as: 'underwriter',
          body: approve,
          status: 200,
        },
        {
          call: 'POST /v1/applications/app_referred/underwrite',
          as: 'underwriter',
          body: { ...approve, note: ' ' },
          status: 422,
        },
        {
          call: 'POST /v1/applications/app_approved/underwrite',
          as: 'underwriter',
          body: approve,
          status: 409,
        },
        { call: 'POST /v1/applications/app_none/underwrite', as: 'underwriter', body: approve, status: 404 },
        {
          call: 'POST /v1/applications/app_referred/underwrite',
          as: 'sales_agent',
          body: approve,
          status: 403,
        },
        {
          call: 'POST /v1/applications/app_complete/withdraw',
          as: 'sales_agent',
          body: { reason: 'found another card' },
          status: 200,
        },
        {
          call: 'POST /v1/applications/app_declined/withdraw',
          as: 'sales_agent',
          body: { reason: 'too late' },
          status: 409,
        },
        {
          call: 'POST /v1/applications/app_none/withdraw',
          as: 'sales_agent',
          body: { reason: 'x' },
          status: 404,
        },
        { call: 'GET /v1/applications/app_complete/sensitive', as: 'underwriter', status: 200 },
        { call: 'GET /v1/applications/app_none/sensitive', as: 'admin', status: 404 },
        { call: 'GET /v1/applications/app_complete/sensitive', as: 'sales_agent', status: 403 },
        { call: 'GET /v1/admin/clock', as: 'admin', status: 200 },
        { call: 'POST /v1/admin/clock', as: 'admin', body: { advanceDays: 1 }, status: 200 },
        { call: 'DELETE /v1/applications/app_complete', as: 'sales_agent', status: 405 },
      ]),
    );
  });
});

describe("the gateway's merged document", () => {
  const served = [ledger, cards, disputes, ticketing, collections, sales];
  const merged = mergeOpenApi(
    served.map((s) => ({ name: s.name, doc: s.doc })),
    [],
    EDGE,
  ) as unknown as OpenApiDoc & {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };

  it('still matches every response above, under each service’s prefix', () => {
    const checker = new ResponseChecker(merged);
    for (const s of served)
      for (const r of observed.get(s.name) ?? []) {
        const prefixed = { ...r, path: `/${s.name}${r.path}` };
        // An unknown path under a known service is the service's own 404.
        expect({ path: prefixed.path, problems: checker.check(prefixed) }).toEqual({
          path: prefixed.path,
          problems: [],
        });
      }
    expect(observed.size).toBe(6);
    expect(checker.unchecked()).toEqual([]);
  });

  it('adds what the gateway answers itself to every operation: 401, 413 on bodies, 429 and 503 with Retry-After, 504', () => {
    const operations = Object.entries(merged.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ key: `${method} ${path}`, method, op })),
    );
    expect(operations.length).toBe(
      served.reduce((n, s) => n + Object.values(s.doc.paths ?? {}).flatMap(Object.keys).length, 0),
    );
    for (const { key, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      const want = ['401', '403', '429', '500', '503', '504', ...(method === 'post' ? ['413'] : [])];
      expect({ key, missing: want.filter((s) => !statuses.includes(s)) }).toEqual({ key, missing: [] });
      for (const s of ['429', '503'])
        expect({
          key,
          s,
          headers: Object.keys((op.responses[s] as { headers?: object }).headers ?? {}),
        }).toEqual({
          key,
          s,
          headers: ['Retry-After'],
        });
    }
  });

  it('has one Problem, referenced by every refusal, and each service’s schemas under its prefix', () => {
    const names = Object.keys(merged.components?.schemas ?? {});
    expect(names.filter((n) => n.endsWith('Problem'))).toEqual(['Problem']);
    expect(
      names.filter(
        (n) => n !== 'Problem' && !/^(ledger|cards|disputes|ticketing|collections|sales)\./.test(n),
      ),
    ).toEqual([]);
    const refusals = Object.values(merged.paths).flatMap((item) =>
      Object.values(item).flatMap((op) =>
        Object.entries(op.responses)
          .filter(([s]) => Number(s) >= 400)
          .map(([, r]) => JSON.stringify(r)),
      ),
    );
    for (const r of refusals)
      expect(JSON.parse(r).content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    expect(JSON.stringify(merged)).not.toMatch(
      /#\/components\/schemas\/(?!(ledger|cards|disputes|ticketing|collections|sales)\.|Problem")/,
    );
  });
});
