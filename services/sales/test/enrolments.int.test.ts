import { eventually } from '../../../test/support/env';
import { asRole, http, openBody, startTestLedger } from '../../ledger/test/support';
import { startTestCards } from '../../cards/test/support';
import { feePeriod } from '../src/domain/fee-periods';
import { DAY } from '../src/domain/policy';
import { proRataRefund } from '../src/domain/refund';
import { startTestSales, tokenFor } from './service-support';
import {
  FEE,
  NOW,
  TERMS,
  feesPosted as feesPostedOf,
  ledgerPostings as postingsOf,
  trialConsent,
} from './trial-support';

// Ledger, cards and sales as three services that share only Kafka topics
// (docs/adr/0020-sales-enrolments-service.md): sales learns the account and
// its card (group sales.standing), offers only what the customer is eligible
// for, enrols with a complete consent record, and its trial timer converts
// the trial and lets each month's fee fall due once; the ledger posts each
// fee and the refund once per request id (group ledger.enrollments).

let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let sales: Awaited<ReturnType<typeof startTestSales>>;
const tokens: Record<string, string> = {};
const as = (role: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${tokens[role]}`,
  ...extra,
});

beforeAll(async () => {
  [ledger, cards, sales] = await Promise.all([startTestLedger(), startTestCards(), startTestSales()]);
  for (const role of ['sales_agent', 'compliance', 'admin'] as const) tokens[role] = await tokenFor(role);
});

afterAll(async () => {
  await Promise.all([sales?.stop(), cards?.stop(), ledger?.stop()]);
});

const moveSalesClock = async (advanceDays: number) => {
  const moved = await http('POST', `${sales.url}/v1/admin/clock`, { advanceDays }, as('admin'));
  expect(moved.status).toBe(200);
  return moved.json as { now: string; decisionClocks: number; trialClocks: number };
};

const getEnrolment = async (id: string) =>
  (await http('GET', `${sales.url}/v1/enrolments/${id}`, undefined, as('sales_agent'))).json;

const ledgerPostings = (accountId: string, prefix: string) => postingsOf(ledger.url, accountId, prefix);
const feesPosted = (accountId: string, enrolmentId: string, periods: string[]) =>
  feesPostedOf(ledger.url, accountId, enrolmentId, periods);
const consent = trialConsent;

it('trial → converted → one fee per month in the ledger → cancelled with a pro-rata refund credited once', async () => {
  // An account with its card, as sales' read models learn them.
  const { json: account, status } = await http(
    'POST',
    `${ledger.url}/v1/accounts`,
    openBody(),
    await asRole('admin'),
  );
  expect(status).toBe(201);
  const accountId = account.accountId as string;
  const customerId = account.customerId as string;
  const offersUrl = `${sales.url}/v1/customers/${customerId}/offers?accountId=${accountId}`;

  // No marketing consent on file: nothing is offered, and the sheet says why.
  const facts = (marketingConsent: boolean) =>
    http(
      'PUT',
      `${sales.url}/v1/customers/${customerId}/facts`,
      { marketingConsent, doNotCall: false, inHardship: false, employmentStatus: 'EMPLOYED' },
      as('sales_agent'),
    );
  expect((await facts(false)).status).toBe(200);
  const refused = await eventually(
    async () => {
      const r = await http('GET', offersUrl, undefined, as('sales_agent'));
      if (r.status !== 200) throw new Error(`offers answered ${r.status}`);
      return r.json;
    },
    { what: 'the account and its card in sales’ read models', timeoutMs: 60_000 },
  );
  expect(refused.offers).toEqual([]);
  for (const x of refused.excluded) expect(x.failing).toContain('MARKETING_CONSENT');

  expect((await facts(true)).status).toBe(200);
  const sheet = (await http('GET', offersUrl, undefined, as('sales_agent'))).json;
  const offer = sheet.offers.find((o: { termsVersion: string }) => o.termsVersion === TERMS);
  expect(offer).toMatchObject({ addOn: 'PAYMENT_PROTECTION', optional: true });
  const last4 = sheet.accountLast4 as string;
  expect(offer.script.join(' ')).toContain(`ending ${last4}`);

  // An incomplete consent record is refused with every missing element named.
  const enrolBody = { customerId, accountId, termsVersion: TERMS, consent: consent(offer.offerId, last4) };
  const incomplete = await http(
    'POST',
    `${sales.url}/v1/enrolments`,
    { ...enrolBody, consent: { ...enrolBody.consent, exclusionsRead: false, recordingRef: null } },
    as('sales_agent'),
  );
  expect(incomplete.status).toBe(422);
  expect(incomplete.json.missing).toEqual(['EXCLUSIONS_READ', 'RECORDING_REFERENCE']);

  const enrolled = await http(
    'POST',
    `${sales.url}/v1/enrolments`,
    enrolBody,
    as('sales_agent', { 'idempotency-key': 'enrol-int-1' }),
  );
  expect(enrolled.status).toBe(201);
  expect(enrolled.json).toMatchObject({ status: 'IN_TRIAL', accountLast4: last4, fees: [] });
  const id = enrolled.json.enrolmentId as string;
  const replay = await http(
    'POST',
    `${sales.url}/v1/enrolments`,
    enrolBody,
    as('sales_agent', { 'idempotency-key': 'enrol-int-1' }),
  );
  expect(replay.json.enrolmentId).toBe(id);

  // Compliance reads the proof of the sale; the floor does not.
  const proof = await http(
    'GET',
    `${sales.url}/v1/enrolments/${id}/consent-record`,
    undefined,
    as('compliance'),
  );
  expect(proof.status).toBe(200);
  expect(proof.json).toMatchObject({
    enrolmentId: id,
    consent: { recordingRef: 'rec-int-1', channel: 'PHONE' },
  });
  expect(proof.json.eligibilityPassed).toContain('CALLING_HOURS');
  expect(
    (await http('GET', `${sales.url}/v1/enrolments/${id}/consent-record`, undefined, as('sales_agent')))
      .status,
  ).toBe(403);

  // A week before the trial ends: the reminder; at its end: converted, the first month's fee.
  await moveSalesClock(24);
  expect(await getEnrolment(id)).toMatchObject({ status: 'IN_TRIAL', reminderSent: true });
  await moveSalesClock(7);
  const converted = await getEnrolment(id);
  expect(converted).toMatchObject({ status: 'ACTIVE' });
  const billingStartsAt = Date.parse(converted.billingStartsAt as string);
  expect(billingStartsAt).toBe(NOW + 30 * DAY);
  const periods = [0, 1, 2].map((n) => feePeriod(billingStartsAt, n).key);
  await feesPosted(accountId, id, periods.slice(0, 1));

  // Two months on, each month charged once; moving the clock again charges nothing more.
  await moveSalesClock(29);
  await moveSalesClock(31);
  await moveSalesClock(0);
  expect((await getEnrolment(id)).fees.map((f: { periodKey: string }) => f.periodKey)).toEqual(periods);
  const fees = await feesPosted(accountId, id, periods);
  for (const f of fees)
    expect(f).toMatchObject({ direction: 'DEBIT', amount: FEE, adjustmentKind: 'ADD_ON_FEE' });
  await new Promise((r) => setTimeout(r, 2000));
  expect(await ledgerPostings(accountId, `${id}:fee:`)).toHaveLength(periods.length);

  // Cancelled after cooling-off: the unused days of the current month come back, once.
  const cancelled = await http(
    'POST',
    `${sales.url}/v1/enrolments/${id}/cancel`,
    { reason: 'no longer wanted' },
    as('sales_agent', { 'idempotency-key': 'cancel-int-1' }),
  );
  expect(cancelled.status).toBe(200);
  const cancelledAt = Date.parse(cancelled.json.cancellation.cancelledAt as string);
  const current = feePeriod(billingStartsAt, 2);
  const { refund } = proRataRefund(FEE, current, cancelledAt);
  expect(refund).toBeGreaterThan(0);
  expect(cancelled.json).toMatchObject({
    status: 'CANCELLED',
    cancellation: { refund: { kind: 'PRO_RATA', amount: refund, periodKey: current.key } },
  });
  const credits = await eventually(
    async () => {
      const found = await ledgerPostings(accountId, `${id}:refund`);
      if (found.length === 0) throw new Error('no refund posted yet');
      return found;
    },
    { what: 'the refund in the ledger', timeoutMs: 60_000 },
  );
  expect(credits).toEqual([
    expect.objectContaining({ direction: 'CREDIT', amount: refund, adjustmentKind: 'ADD_ON_REFUND' }),
  ]);
  expect(
    (await http('POST', `${sales.url}/v1/enrolments/${id}/cancel`, { reason: 'again' }, as('sales_agent')))
      .status,
  ).toBe(409);
}, 240_000);
