import type { SimulatedClock } from '@cardline/platform';
import { eventually } from '../../../test/support/env';
import { http, openBody, purchaseBody } from '../../ledger/test/support';
import { collectionsStack, type CollectionsStack } from './support';

// The ledger, disputes and collections as three services that share only
// Kafka topics, each on its own simulated clock (moved together by the test).
// The account: US, statement on the 5th, New York time; a 1,000.00 purchase on
// 10 January, so the statement of 5 February asks 25.00 by 2 March.
let stack: CollectionsStack;
let ledger: CollectionsStack['ledger'];
let disputes: NonNullable<CollectionsStack['disputes']>;
let collections: CollectionsStack['collections'];
let events: CollectionsStack['events'];
let ledgerAs: CollectionsStack['ledgerAs'];
let as: CollectionsStack['as'];

beforeAll(async () => {
  stack = await collectionsStack({
    tokens: { collector: { role: 'collector' }, agent: { role: 'agent' }, admin: { role: 'admin' } },
    disputes: true,
  });
  ({ ledger, collections, events, ledgerAs, as } = stack);
  if (!stack.disputes) throw new Error('the stack started no disputes service');
  disputes = stack.disputes;
});

afterAll(() => stack?.stop());

interface CaseView {
  caseId: string;
  customerId: string | null;
  status: string;
  stage: string;
  bucket: string;
  daysPastDue: number;
  amountOwed: number;
  amountInDispute: number;
  openDisputes: { disputeId: string; amount: number }[];
  collectableAmount: number;
  promises: { promiseId: string; status: string; paidAmount: number }[];
  suppressedUntil: string | null;
  strategyResumesAt: string | null;
}

const caseOf = async (accountId: string): Promise<CaseView | null> => {
  const r = await http('GET', `${collections.url}/v1/accounts/${accountId}/case`, undefined, as('collector'));
  return r.status === 200 ? (r.json as CaseView) : null;
};

/** Waits until the account's case satisfies `ok` (the collections consumers are asynchronous). */
const untilCase = (accountId: string, ok: (c: CaseView) => boolean, what: string) =>
  eventually(
    async () => {
      const c = await caseOf(accountId);
      if (!c || !ok(c)) throw new Error(`case is ${JSON.stringify(c)}`);
      return c;
    },
    { what },
  );

/** Moves a service's simulated clock through its admin route (which also fires what came due). */
async function moveClock(url: string, to: string, admin: Record<string, string>) {
  const r = await http('POST', `${url}/v1/admin/clock`, { to }, admin);
  expect(r.status).toBe(200);
  return r.json as Record<string, number | string>;
}

const caseEvents = (caseId: string, type: string) =>
  events.where((r) => r.headers.ce_subject === caseId && r.headers.ce_type === type);

it('delinquency opens a case; a dispute lowers the collectable amount; one promise is kept by a payment, the next is broken', async () => {
  const body = openBody({ billingCycleDay: 5 });
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, body, ledgerAs.sales);
  const accountId = acc.accountId as string;
  const purchase = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    purchaseBody(100000),
    ledgerAs.processor,
  );
  expect(purchase.json.status).toBe('POSTED');

  // Past the 2 March due date: end of day ages the account into 1–29 days past due.
  await moveClock(ledger.url, '2026-03-04T12:00:00Z', ledgerAs.admin);
  const opened = await untilCase(accountId, (c) => c.status === 'OPEN', 'the case to open');
  expect(opened).toMatchObject({
    customerId: body.customerId,
    stage: 'DELINQUENT',
    bucket: 'DPD_1_29',
    daysPastDue: 1,
    amountOwed: 2500,
    amountInDispute: 0,
    collectableAmount: 2500,
    promises: [],
    suppressedUntil: null,
  });
  const caseId = opened.caseId;
  await eventually(async () => {
    if (caseEvents(caseId, 'collections.case.opened.v1').length !== 1) throw new Error('no opened event');
  });
  const listed = await http(
    'GET',
    `${collections.url}/v1/cases?accountId=${accountId}&bucket=DPD_1_29&status=OPEN`,
    undefined,
    as('collector'),
  );
  expect(listed.json.items.map((c: CaseView) => c.caseId)).toEqual([caseId]);

  // The customer disputes 5.00 of the purchase mid-case: collections hears it from disputes at once.
  await moveClock(disputes.url, '2026-03-04T12:00:00Z', as('admin'));
  await moveClock(collections.url, '2026-03-04T12:00:00Z', as('admin'));
  const dispute = await eventually(
    async () => {
      const r = await http(
        'POST',
        `${disputes.url}/v1/disputes`,
        {
          accountId,
          transactionId: purchase.json.transactionId,
          reason: 'WRONG_AMOUNT',
          disputedAmount: 500,
        },
        as('agent'),
      );
      if (r.status !== 201) throw new Error(`${r.status}: ${JSON.stringify(r.json)}`);
      return r.json as { disputeId: string };
    },
    { what: 'disputes to know the purchase' },
  );
  const disputed = await untilCase(accountId, (c) => c.collectableAmount === 2000, 'the dispute to be held');
  expect(disputed).toMatchObject({
    amountOwed: 2500,
    amountInDispute: 500,
    openDisputes: [{ disputeId: dispute.disputeId, amount: 500 }],
  });

  // A promise of 12.00 by 10 March, over the phone; the retry with the same key is the same promise.
  const promisesUrl = `${collections.url}/v1/cases/${caseId}/promises`;
  const promise = { instalments: [{ amount: 1200, dueDate: '2026-03-10' }] };
  const key = { 'idempotency-key': `ptp-${caseId}-1` };
  const made = await http('POST', promisesUrl, promise, as('collector', key));
  expect(made.status).toBe(201);
  const again = await http('POST', promisesUrl, promise, as('collector', key));
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.json.promises).toEqual(made.json.promises);
  // 10 March plus two grace days ends at midnight in New York: 04:00 UTC on 13 March (EDT).
  expect(made.json).toMatchObject({
    promises: [{ status: 'ACTIVE', paidAmount: 0 }],
    suppressedUntil: '2026-03-13T04:00:00.000Z',
  });
  const refused = await http(
    'POST',
    promisesUrl,
    { instalments: [{ amount: 500, dueDate: '2026-03-11' }] },
    as('collector'),
  );
  expect(refused.status).toBe(409);

  // The customer pays 12.00 an hour later.
  (ledger.clock as SimulatedClock).advance(3_600_000);
  const paid = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { kind: 'PAYMENT', amount: 1200, currency: 'USD' },
    { ...ledgerAs.processor, 'idempotency-key': `pay-${accountId}-1` },
  );
  expect(paid.json.status).toBe('POSTED');
  await untilCase(
    accountId,
    (c) => c.collectableAmount === 800 && c.promises[0]?.paidAmount === 1200,
    'the payment to reach the case',
  );

  // Past the deadline the timer keeps the promise.
  const fired = await moveClock(collections.url, '2026-03-13T12:00:00Z', as('admin'));
  expect(fired.promises).toBe(1);
  const kept = await caseOf(accountId);
  expect(kept).toMatchObject({ promises: [{ status: 'KEPT', paidAmount: 1200 }], suppressedUntil: null });
  await eventually(async () => {
    if (caseEvents(caseId, 'collections.case.promise-kept.v1').length !== 1) throw new Error('not published');
  });

  // More than the collectable amount is refused; a promise of 8.00 by 16 March is never paid.
  const tooMuch = await http(
    'POST',
    promisesUrl,
    { instalments: [{ amount: 801, dueDate: '2026-03-16' }] },
    as('collector'),
  );
  expect(tooMuch.status).toBe(422);
  expect(tooMuch.contentType).toContain('application/problem+json');
  const second = await http(
    'POST',
    promisesUrl,
    { instalments: [{ amount: 800, dueDate: '2026-03-16' }] },
    as('collector', { 'idempotency-key': `ptp-${caseId}-2` }),
  );
  expect(second.status).toBe(201);
  expect(second.json.suppressedUntil).toBe('2026-03-19T04:00:00.000Z');

  await moveClock(collections.url, '2026-03-20T12:00:00Z', as('admin'));
  const broken = await caseOf(accountId);
  // Broken at the end of the last grace day (18 March, New York); the strategy resumes the next day.
  expect(broken).toMatchObject({
    status: 'OPEN',
    promises: [{ status: 'KEPT' }, { status: 'BROKEN', paidAmount: 0 }],
    suppressedUntil: null,
    strategyResumesAt: '2026-03-19T04:00:00.000Z',
  });
  const brokenEvents = await eventually(async () => {
    const found = caseEvents(caseId, 'collections.case.promise-broken.v1');
    if (found.length !== 1) throw new Error(`${found.length} promise-broken events`);
    return found;
  });
  expect(brokenEvents).toHaveLength(1);
  expect(caseEvents(caseId, 'collections.case.promise-made.v1')).toHaveLength(2);
  // The dispute and the payment each moved the collectable amount once.
  expect(caseEvents(caseId, 'collections.case.collectable-changed.v1')).toHaveLength(2);
});
