import { createLogger, type Role } from '@cardline/platform';
import { eventually } from './support/env';
import { stopAfterFile } from './support/teardown';
import { asRole, startTestLedger } from '../services/ledger/test/support';
import { startTestCards } from '../services/cards/test/support';
import { startTestSales } from '../services/sales/test/service-support';
import { applicationBody, nationalIdFor } from '../services/sales/test/applicants';
import { FEE, NOW, TERMS, trialConsent } from '../services/sales/test/trial-support';
import { createGateway, loadGatewayConfig, type Gateway } from '../services/gateway/src/gateway';
import { feePeriod } from '../services/sales/src/domain/fee-periods';
import { DAY } from '../services/sales/src/domain/policy';
import { proRataRefund } from '../services/sales/src/domain/refund';

// Issue 17 end to end through the gateway, on the real servers: ledger, cards
// and sales in this process, sharing only Kafka topics, each reached as the
// floor reaches it (/ledger, /cards, /sales). An approved application opens
// its account (ledger.applications), cards issues the card (cards.issuance),
// the application shows both and the card can be activated; a decline names
// 1 to 4 reasons; on the approved account, an offer, an enrolment with a
// complete consent record, the trial converted, the month's fee posted once,
// and a cancellation refunded pro rata (docs/adr/0020-sales-enrolments-service.md).

let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let sales: Awaited<ReturnType<typeof startTestSales>>;
let gw: Gateway;

beforeAll(async () => {
  [ledger, cards, sales] = await Promise.all([startTestLedger(), startTestCards(), startTestSales()]);
  gw = stopAfterFile(
    createGateway(
      loadGatewayConfig({
        PORT: '0',
        LEDGER_URL: ledger.url,
        CARDS_URL: cards.url,
        SALES_URL: sales.url,
        // Polling for what the other services projected makes many calls.
        RATE_LIMIT_PER_MINUTE: '100000',
        LOG_LEVEL: 'silent',
      }),
      createLogger('gateway', 'silent'),
    ),
    'gateway',
  );
  await gw.start();
});

afterAll(async () => {
  await gw?.stop();
  await Promise.all([sales?.stop(), cards?.stop(), ledger?.stop()]);
});

/** One call through the gateway, as `role` (one caller per role for the file: the services' local key). */
async function call(
  method: string,
  path: string,
  as: Role,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`http://127.0.0.1:${gw.port}${path}`, {
    method,
    headers: {
      ...(await asRole(as)),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

interface Transaction {
  requestId: string | null;
  direction: string;
  amount: number;
  adjustmentKind: string | null;
}

const postings = async (accountId: string, prefix: string): Promise<Transaction[]> => {
  const page = await call('GET', `/ledger/v1/accounts/${accountId}/transactions?limit=200`, 'agent');
  expect(page.status).toBe(200);
  return (page.json.items as Transaction[]).filter((t) => t.requestId?.startsWith(prefix));
};

const moveSalesClock = async (advanceDays: number) => {
  const moved = await call('POST', '/sales/v1/admin/clock', 'admin', { advanceDays });
  expect(moved.status).toBe(200);
};

/** The approved application's account and card, for the add-on path. */
const approved = { accountId: '', customerId: '', cardId: '' };

it('an application approved through the gateway opens its account, cards issues the card, the application shows each step, and the card is activated', async () => {
  const created = await call(
    'POST',
    '/sales/v1/applications',
    'sales_agent',
    {
      ...applicationBody(nationalIdFor('APPROVE', 100, NOW)),
      details: {
        ...applicationBody('').details,
        housing: { status: 'RENT', monthlyCost: 150_000 },
        employment: { status: 'EMPLOYED', employer: 'Acme' },
      },
      creditCheckConsent: { channel: 'PHONE' },
    },
    { 'idempotency-key': 'e2e-application-1' },
  );
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ status: 'COMPLETE' });
  const id = created.json.applicationId as string;

  const decided = await call('POST', `/sales/v1/applications/${id}/decide`, 'sales_agent');
  expect(decided.status).toBe(200);
  expect(decided.json).toMatchObject({ status: 'APPROVED', decision: { outcome: 'APPROVE' } });
  const limit = decided.json.decision.creditLimit as number;

  const done = await eventually(
    async () => {
      const a = (await call('GET', `/sales/v1/applications/${id}`, 'sales_agent')).json;
      if (!a.accountId || !a.cardId) throw new Error(`application is ${JSON.stringify(a)}`);
      return a;
    },
    { what: 'the account and the card of the approved application', timeoutMs: 90_000 },
  );
  expect(done.steps.map((s: { step: string; done: boolean }) => [s.step, s.done])).toEqual([
    ['SUBMITTED', true],
    ['COMPLETED', true],
    ['DECIDED', true],
    ['ACCOUNT_OPENED', true],
    ['CARD_ISSUED', true],
  ]);

  const account = await call('GET', `/ledger/v1/accounts/${done.accountId}`, 'agent');
  expect(account.status).toBe(200);
  expect(account.json).toMatchObject({ accountId: done.accountId, creditLimit: limit });
  const card = await call('GET', `/cards/v1/cards/${done.cardId}`, 'agent');
  expect(card.status).toBe(200);
  expect(card.json).toMatchObject({ cardId: done.cardId, accountId: done.accountId, status: 'INACTIVE' });
  const activated = await call('POST', `/cards/v1/cards/${done.cardId}/activate`, 'agent', {});
  expect(activated.status).toBe(200);
  expect(activated.json).toMatchObject({ cardId: done.cardId, status: 'ACTIVE' });

  Object.assign(approved, {
    accountId: done.accountId as string,
    customerId: account.json.customerId as string,
    cardId: done.cardId as string,
  });
}, 150_000);

it('a decline through the gateway names 1 to 4 principal reasons and opens no account', async () => {
  const created = await call('POST', '/sales/v1/applications', 'sales_agent', {
    ...applicationBody(nationalIdFor('DECLINE', 7000, NOW)),
    details: {
      ...applicationBody('').details,
      housing: { status: 'OWN', monthlyCost: 0 },
      employment: { status: 'EMPLOYED', employer: 'Acme' },
    },
    creditCheckConsent: { channel: 'WEB' },
  });
  expect(created.json).toMatchObject({ status: 'COMPLETE' });
  const id = created.json.applicationId as string;
  const decided = await call('POST', `/sales/v1/applications/${id}/decide`, 'sales_agent');
  expect(decided.json).toMatchObject({
    status: 'DECLINED',
    decision: { outcome: 'DECLINE' },
    accountId: null,
  });
  const reasons = decided.json.decision.reasons as string[];
  expect(reasons.length).toBeGreaterThanOrEqual(1);
  expect(reasons.length).toBeLessThanOrEqual(4);
  await new Promise((r) => setTimeout(r, 2000));
  expect((await call('GET', `/sales/v1/applications/${id}`, 'supervisor')).json).toMatchObject({
    status: 'DECLINED',
    accountId: null,
    cardId: null,
  });
}, 60_000);

it('on the approved account: an offer, an enrolment with its consent, the trial converted, one fee for the month, a pro-rata refund on cancel', async () => {
  const { accountId, customerId } = approved;
  expect(accountId).not.toBe('');

  const facts = await call('PUT', `/sales/v1/customers/${customerId}/facts`, 'sales_agent', {
    marketingConsent: true,
    doNotCall: false,
    inHardship: false,
    employmentStatus: 'EMPLOYED',
  });
  expect(facts.status).toBe(200);
  // The card's last four reach sales' read model from cards' events.
  const sheet = await eventually(
    async () => {
      const r = await call(
        'GET',
        `/sales/v1/customers/${customerId}/offers?accountId=${accountId}`,
        'sales_agent',
      );
      if (r.status !== 200 || r.json.offers.length === 0)
        throw new Error(`offers: ${JSON.stringify(r.json)}`);
      return r.json;
    },
    { what: 'the account and its card in sales’ read models', timeoutMs: 60_000 },
  );
  const offer = sheet.offers.find((o: { termsVersion: string }) => o.termsVersion === TERMS);
  expect(offer).toMatchObject({ addOn: 'PAYMENT_PROTECTION', optional: true });
  const last4 = sheet.accountLast4 as string;

  const enrolled = await call(
    'POST',
    '/sales/v1/enrolments',
    'sales_agent',
    { customerId, accountId, termsVersion: TERMS, consent: trialConsent(offer.offerId, last4) },
    { 'idempotency-key': 'e2e-enrol-1' },
  );
  expect(enrolled.status).toBe(201);
  expect(enrolled.json).toMatchObject({ status: 'IN_TRIAL', accountLast4: last4, fees: [] });
  const id = enrolled.json.enrolmentId as string;

  // The trial's end: converted, and its first month's fee posted by the ledger, once.
  await moveSalesClock(24);
  await moveSalesClock(7);
  const converted = (await call('GET', `/sales/v1/enrolments/${id}`, 'sales_agent')).json;
  expect(converted).toMatchObject({ status: 'ACTIVE' });
  const billingStartsAt = Date.parse(converted.billingStartsAt as string);
  expect(billingStartsAt).toBe(NOW + 30 * DAY);
  const first = feePeriod(billingStartsAt, 0);
  const fees = await eventually(
    async () => {
      const found = await postings(accountId, `${id}:fee:`);
      if (found.length === 0) throw new Error('no fee posted yet');
      return found;
    },
    { what: 'the first month’s fee in the ledger', timeoutMs: 60_000 },
  );
  expect(fees).toEqual([
    expect.objectContaining({
      requestId: `${id}:fee:${first.key}`,
      direction: 'DEBIT',
      amount: FEE,
      adjustmentKind: 'ADD_ON_FEE',
    }),
  ]);
  // Past the 14 days of cooling-off, still in the first month: no other fee falls due.
  await moveSalesClock(16);
  await new Promise((r) => setTimeout(r, 2000));
  expect(await postings(accountId, `${id}:fee:`)).toHaveLength(1);

  // Cancelled after cooling-off: the unused days of the month come back, once.
  const cancelled = await call(
    'POST',
    `/sales/v1/enrolments/${id}/cancel`,
    'sales_agent',
    { reason: 'no longer wanted' },
    { 'idempotency-key': 'e2e-cancel-1' },
  );
  expect(cancelled.status).toBe(200);
  const cancelledAt = Date.parse(cancelled.json.cancellation.cancelledAt as string);
  const { refund } = proRataRefund(FEE, first, cancelledAt);
  expect(refund).toBeGreaterThan(0);
  expect(cancelled.json).toMatchObject({
    status: 'CANCELLED',
    cancellation: { refund: { kind: 'PRO_RATA', amount: refund, periodKey: first.key } },
  });
  const credits = await eventually(
    async () => {
      const found = await postings(accountId, `${id}:refund`);
      if (found.length === 0) throw new Error('no refund posted yet');
      return found;
    },
    { what: 'the refund in the ledger', timeoutMs: 60_000 },
  );
  expect(credits).toEqual([
    expect.objectContaining({ direction: 'CREDIT', amount: refund, adjustmentKind: 'ADD_ON_REFUND' }),
  ]);
}, 240_000);
