import { randomUUID } from 'node:crypto';
import type { SimulatedClock } from '@cardline/platform';
import { eventually } from '../../../test/support/env';
import { http, openBody, purchaseBody } from '../../ledger/test/support';
import { collectionsStack, type CollectionsStack } from './support';

// The ledger and collections as two services that share only Kafka topics,
// each on its own simulated clock (moved together by the test). Plans,
// hardship and re-ageing (docs/adr/0021-collections-plans-hardship-reage.md):
// collections decides, the ledger records and posts the effect. The tests
// share the clocks and run in order: each starts where the last one left them.
let stack: CollectionsStack;
let ledger: CollectionsStack['ledger'];
let collections: CollectionsStack['collections'];
let events: CollectionsStack['events'];
let ledgerAs: CollectionsStack['ledgerAs'];
let as: CollectionsStack['as'];

/** Opened on 10 January 2026 with nothing bought: current until a later test buys on them. */
let pauseAccount: string;
let reAgeAccount: string;

beforeAll(async () => {
  stack = await collectionsStack({
    tokens: { collector: { role: 'collector' }, admin: { role: 'admin' } },
    topics: ['collections.case', 'ledger.account'],
  });
  ({ ledger, collections, events, ledgerAs, as } = stack);
  const open = async () =>
    (await http('POST', `${ledger.url}/v1/accounts`, openBody(), ledgerAs.sales)).json.accountId as string;
  [pauseAccount, reAgeAccount] = [await open(), await open()];
});

afterAll(() => stack?.stop());

interface CaseView {
  caseId: string;
  status: string;
  stage: string;
  collectableAmount: number;
}

interface ReliefView {
  collectableAmount: number;
  plans: { planId: string; status: string; instalments: { amount: number; dueDate: string }[] }[];
  hardships: { programmeId: string; kind: string; endsAt: string | null }[];
  reAges: { granted: boolean; limitId: string | null; reason: string | null; reAgedOn: string | null }[];
  consecutiveMinimumPayments: number;
}

const caseOf = async (accountId: string): Promise<CaseView | null> => {
  const r = await http('GET', `${collections.url}/v1/accounts/${accountId}/case`, undefined, as('collector'));
  return r.status === 200 ? (r.json as CaseView) : null;
};

const untilCase = (accountId: string, ok: (c: CaseView) => boolean, what: string) =>
  eventually(
    async () => {
      const c = await caseOf(accountId);
      if (!c || !ok(c)) throw new Error(`case is ${JSON.stringify(c)}`);
      return c;
    },
    { what },
  );

async function moveClocks(to: string) {
  for (const [url, headers] of [
    [ledger.url, ledgerAs.admin],
    [collections.url, as('admin')],
  ] as const) {
    const r = await http('POST', `${url}/v1/admin/clock`, { to }, headers);
    expect(r.status).toBe(200);
  }
}

async function openDelinquentAccount(purchase: number): Promise<string> {
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), ledgerAs.sales);
  const accountId = acc.accountId as string;
  const posted = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    purchaseBody(purchase),
    ledgerAs.processor,
  );
  expect(posted.json.status).toBe('POSTED');
  return accountId;
}

const reAge = (caseId: string, key: string) =>
  http(
    'POST',
    `${collections.url}/v1/cases/${caseId}/re-age`,
    {},
    as('collector', { 'idempotency-key': key }),
  );

let first: { accountId: string; caseId: string };

it('a plan accepted on a case is recorded by the ledger; a fee waiver is posted as a credit; a re-age on a young account is refused by its age', async () => {
  // Opened 10 January; the statement of 5 February asks its minimum by 2 March; missed.
  const accountId = await openDelinquentAccount(400000);
  await moveClocks('2026-03-04T12:00:00Z');
  const opened = await untilCase(accountId, (c) => c.status === 'OPEN', 'the case to open');
  first = { accountId, caseId: opened.caseId };
  const plansUrl = `${collections.url}/v1/cases/${opened.caseId}/plans`;

  // Refused by name: one instalment is not a plan.
  const one = await http(
    'POST',
    plansUrl,
    { count: 1, frequency: 'MONTHLY', firstDueDate: '2026-03-20' },
    as('collector'),
  );
  expect(one.status).toBe(422);
  expect(one.contentType).toContain('application/problem+json');
  expect(one.json.ruleId).toBe('PLAN.INSTALMENT_COUNT');

  const proposal = { count: 2, frequency: 'MONTHLY', firstDueDate: '2026-03-20' };
  const key = { 'idempotency-key': `plan-${opened.caseId}` };
  const proposed = await http('POST', plansUrl, proposal, as('collector', key));
  expect(proposed.status).toBe(201);
  const again = await http('POST', plansUrl, proposal, as('collector', key));
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  const relief = proposed.json as ReliefView;
  const plan = relief.plans[0];
  expect(plan?.status).toBe('PROPOSED');
  // The calculator's instalments sum to the collectable amount exactly.
  expect(plan?.instalments.reduce((sum, i) => sum + i.amount, 0)).toBe(relief.collectableAmount);
  expect(plan?.instalments.map((i) => i.dueDate)).toEqual(['2026-03-20', '2026-04-20']);

  const accepted = await http(
    'POST',
    `${plansUrl}/${plan?.planId}/accept`,
    {},
    as('collector', { 'idempotency-key': `accept-${plan?.planId}` }),
  );
  expect(accepted.status).toBe(201);
  expect((accepted.json as ReliefView).plans[0]?.status).toBe('ACTIVE');
  await eventually(
    async () => {
      const recorded = events.where(
        (r) =>
          r.headers.ce_subject === accountId &&
          r.headers.ce_type === 'ledger.account.arrangement-recorded.v1',
      );
      if (recorded.length !== 1) throw new Error(`${recorded.length} arrangements recorded`);
    },
    { what: 'the ledger to record the plan' },
  );

  // The missed 2 March minimum cost a late fee: a hardship fee waiver credits it back.
  const lateFee = await eventually(
    async () => {
      const r = await http(
        'GET',
        `${ledger.url}/v1/accounts/${accountId}/transactions`,
        undefined,
        ledgerAs.reader,
      );
      const fee = (r.json.items as { kind: string; amount: number }[] | undefined)?.find(
        (t) => t.kind === 'FEE',
      );
      if (!fee) throw new Error('no late fee in the transactions yet');
      return fee;
    },
    { what: 'the late fee to reach the transactions view' },
  );
  expect(lateFee).toBeDefined();
  const waived = await http(
    'POST',
    `${collections.url}/v1/cases/${opened.caseId}/hardship`,
    { kind: 'FEE_WAIVER', amount: lateFee.amount },
    as('collector', { 'idempotency-key': `waiver-${opened.caseId}` }),
  );
  expect(waived.status).toBe(201);
  await eventually(
    async () => {
      const r = await http(
        'GET',
        `${ledger.url}/v1/accounts/${accountId}/transactions`,
        undefined,
        ledgerAs.reader,
      );
      const credit = (r.json.items as { adjustmentKind: string | null; direction: string }[]).find(
        (t) => t.adjustmentKind === 'FEE_WAIVER' && t.direction === 'CREDIT',
      );
      if (!credit) throw new Error('no fee waiver posted');
    },
    { what: 'the ledger to post the fee waiver' },
  );
  const pause = await http(
    'POST',
    `${collections.url}/v1/cases/${opened.caseId}/hardship`,
    { kind: 'PAYMENT_PAUSE', months: 4 },
    as('collector'),
  );
  expect(pause.status).toBe(422);
  expect(pause.json.ruleId).toBe('HARDSHIP.PAUSE_MONTHS');

  // Open since 10 January: less than 9 months.
  const young = await reAge(opened.caseId, `reage-${opened.caseId}-1`);
  expect(young.status).toBe(422);
  expect(young.contentType).toContain('application/problem+json');
  expect(young.json.ruleId).toBe('REAGE.ACCOUNT_AGE');
  const read = await http('GET', plansUrl, undefined, as('collector'));
  expect((read.json as ReliefView).reAges).toEqual([
    expect.objectContaining({ granted: false, limitId: 'REAGE.ACCOUNT_AGE' }),
  ]);
  await eventually(async () => {
    const refused = events.where(
      (r) =>
        r.headers.ce_subject === opened.caseId && r.headers.ce_type === 'collections.case.re-age-refused.v1',
    );
    if (refused.length !== 1) throw new Error(`${refused.length} re-age-refused events`);
  });
});

it('a re-age on an account open 9 months without three minimum payments in a row is refused by that limit', async () => {
  // Opened on 4 March (the ledger's clock now); delinquent only after 9 months: bought on 10 December,
  // the statement of 5 January 2027 asks its minimum by 30 January, missed.
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), ledgerAs.sales);
  const accountId = acc.accountId as string;
  await moveClocks('2026-12-10T15:00:00Z');
  const posted = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    purchaseBody(100000),
    ledgerAs.processor,
  );
  expect(posted.json.status).toBe('POSTED');
  await moveClocks('2027-02-03T15:00:00Z');
  const opened = await untilCase(accountId, (c) => c.status === 'OPEN', 'the case to open');
  const refused = await reAge(opened.caseId, `reage-${opened.caseId}-1`);
  expect(refused.status).toBe(422);
  expect(refused.json.ruleId).toBe('REAGE.CONSECUTIVE_MINIMUM_PAYMENTS');

  // The first account, charged off at 180 days past due by now, is never re-aged.
  const recovery = await untilCase(
    first.accountId,
    (c) => c.stage === 'RECOVERY',
    'the first account’s charge-off',
  );
  expect((await reAge(recovery.caseId, `reage-${recovery.caseId}-2`)).status).toBe(409);
});

// ---- a payment pause lowers the minimum (docs/domain.md#ledger, "Payment pause") ----

const ledgerAccount = async (accountId: string) =>
  (await http('GET', `${ledger.url}/v1/accounts/${accountId}`, undefined, ledgerAs.reader)).json as {
    balance: number;
    daysPastDue: number;
    delinquencyBucket: string;
    lastStatement: { closedOn: string; minimumDue: number } | null;
  };

const buy = async (accountId: string, amount: number) => {
  const posted = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    purchaseBody(amount),
    ledgerAs.processor,
  );
  expect(posted.json.status).toBe('POSTED');
};

const pay = async (accountId: string, amount: number) => {
  const paid = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { kind: 'PAYMENT', amount, currency: 'USD' },
    // No long digit run in the key: amount and a timestamp side by side once read as a card number
    // to the card-number scan of the ledger's documents (services/cards/test/cards.int.test.ts).
    { ...ledgerAs.processor, 'idempotency-key': `pay-${accountId}-${amount}cents-${randomUUID()}` },
  );
  expect(paid.json.status).toBe('POSTED');
};

/** The account's statements, oldest first: the local day each closed and its minimum. */
const statementsOf = async (accountId: string) => {
  const r = await http(
    'GET',
    `${ledger.url}/v1/accounts/${accountId}/statements`,
    undefined,
    ledgerAs.reader,
  );
  return (r.json.items as { periodEnd: string; minimumDue: number }[])
    .map(
      (st) =>
        [
          new Date(Date.parse(st.periodEnd)).toLocaleDateString('en-CA', { timeZone: 'America/New_York' }),
          st.minimumDue,
        ] as const,
    )
    .reverse();
};

const lateFeesOn = async (accountId: string) => {
  const r = await http(
    'GET',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    undefined,
    ledgerAs.reader,
  );
  return (r.json.items as { kind: string; feeType: string | null; at: string }[])
    .filter((t) => t.kind === 'FEE' && t.feeType === 'LATE')
    .map((t) => new Date(Date.parse(t.at)).toLocaleDateString('en-CA', { timeZone: 'America/New_York' }))
    .sort();
};

it('a hardship payment pause: the statements closing in it ask 0, days past due stand still and no late fee is charged; after it the normal rule resumes', async () => {
  // From 3 February 2027: 1,000.00 bought; the statement of 5 February asks 25.00 by 2 March; missed.
  await buy(pauseAccount, 100000);
  await moveClocks('2027-03-04T15:00:00Z');
  const opened = await untilCase(pauseAccount, (c) => c.status === 'OPEN', 'the pause account’s case');
  expect((await ledgerAccount(pauseAccount)).daysPastDue).toBe(1);

  // Two months from 4 March: the pause's last day is 3 May (it ends at the start of 4 May, New York).
  const granted = await http(
    'POST',
    `${collections.url}/v1/cases/${opened.caseId}/hardship`,
    { kind: 'PAYMENT_PAUSE', months: 2 },
    as('collector', { 'idempotency-key': `pause-${opened.caseId}` }),
  );
  expect(granted.status).toBe(201);
  expect((granted.json as ReliefView).hardships).toEqual([
    expect.objectContaining({ kind: 'PAYMENT_PAUSE', endsAt: '2027-05-04T04:00:00.000Z' }),
  ]);
  await eventually(
    async () => {
      const recorded = events.where(
        (r) =>
          r.headers.ce_subject === pauseAccount &&
          r.headers.ce_type === 'ledger.account.arrangement-recorded.v1',
      );
      if (recorded.length !== 1) throw new Error(`${recorded.length} arrangements recorded`);
    },
    { what: 'the ledger to record the pause' },
  );

  // 3 May, the pause's last day: the statements of 5 March and 5 April asked nothing, and the account
  // is still 1 day past due (without the pause: 61, in the 60–89 bucket).
  await moveClocks('2027-05-03T15:00:00Z');
  expect(await ledgerAccount(pauseAccount)).toMatchObject({
    daysPastDue: 1,
    delinquencyBucket: 'DPD_1_29',
    lastStatement: { closedOn: '2027-04-05', minimumDue: 0 },
  });
  const inPause = await eventually(
    async () => {
      const sts = await statementsOf(pauseAccount);
      if (sts.at(-1)?.[0] !== '2027-04-05') throw new Error(`statements ${JSON.stringify(sts)}`);
      return sts.slice(-3);
    },
    { what: 'the statements in the pause' },
  );
  expect(inPause).toEqual([
    ['2027-02-05', 2500],
    ['2027-03-05', 0],
    ['2027-04-05', 0],
  ]);
  expect(await lateFeesOn(pauseAccount)).toEqual(['2027-03-02']);

  // After it the normal rule: the statement of 5 May asks the 25.00 still owed and a new minimum, due
  // 2 June; missed, it costs a late fee; days past due count again from 4 May: 92 days since 2 March
  // less the 61 paused, 31, in the 30–59 bucket.
  await moveClocks('2027-06-03T15:00:00Z');
  const after = await ledgerAccount(pauseAccount);
  expect(after).toMatchObject({ daysPastDue: 31, delinquencyBucket: 'DPD_30_59' });
  const may = await eventually(
    async () => {
      const st = (await statementsOf(pauseAccount)).find(([day]) => day === '2027-05-05');
      if (!st) throw new Error('no statement of 5 May yet');
      return st[1];
    },
    { what: 'the statement after the pause' },
  );
  expect(may).toBeGreaterThan(2500);
  await eventually(
    async () => {
      const fees = await lateFeesOn(pauseAccount);
      if (fees.length !== 2) throw new Error(`late fees ${JSON.stringify(fees)}`);
      expect(fees).toEqual(['2027-03-02', '2027-06-02']);
    },
    { what: 'the late fee after the pause' },
  );
  // The case follows the ledger into the next bucket.
  await untilCase(pauseAccount, (c) => c.status === 'OPEN', 'the case still open');
});

// ---- re-ageing limits over the years (REAGE.ONCE_IN_12_MONTHS, REAGE.TWICE_IN_5_YEARS) ----

/** The account's open case, once one other than `before` opened. */
const untilNewCase = (accountId: string, before: string | null, what: string) =>
  untilCase(accountId, (c) => c.status === 'OPEN' && c.caseId !== before, what);

/**
 * Three weekly instalments of 10.00 from `firstDueDate`, accepted, paid at
 * once at the ledger an hour later (all three kept), judged when the clocks
 * reach `judgedAt`: three minimum payments in a row on the case.
 */
async function keptPlan(caseId: string, accountId: string, firstDueDate: string, judgedAt: string) {
  const plansUrl = `${collections.url}/v1/cases/${caseId}/plans`;
  const proposed = await http(
    'POST',
    plansUrl,
    { count: 3, frequency: 'WEEKLY', firstDueDate, totalAmount: 3000 },
    as('collector', { 'idempotency-key': `plan-${caseId}` }),
  );
  expect(proposed.status).toBe(201);
  const relief = proposed.json as ReliefView;
  const planId = relief.plans.at(-1)?.planId;
  const accepted = await http('POST', `${plansUrl}/${planId}/accept`, {}, as('collector'));
  expect(accepted.status).toBe(201);
  (ledger.clock as SimulatedClock).advance(3_600_000);
  await pay(accountId, 3000);
  await untilCase(
    accountId,
    (c) => c.collectableAmount === relief.collectableAmount - 3000,
    'the plan payment to reach the case',
  );
  await moveClocks(judgedAt);
  return eventually(
    async () => {
      const r = (await http('GET', plansUrl, undefined, as('collector'))).json as ReliefView;
      if (r.plans.at(-1)?.status !== 'COMPLETED' || r.consecutiveMinimumPayments !== 3)
        throw new Error(`plans ${JSON.stringify(r.plans)}`);
      return r;
    },
    { what: `the plan on ${caseId} kept three times` },
  );
}

/** Pays off the balance and 1,000.00 more: in credit, the account asks no minimum for a year and more. */
async function payOff(accountId: string) {
  await pay(accountId, (await ledgerAccount(accountId)).balance + 100000);
  await untilCase(accountId, (c) => c.status === 'CLOSED', 'the case closed as cured');
}

let firstReAge: { caseId: string };

it('a second re-age within 12 months of the first is refused by that limit', async () => {
  // 3 June 2027: 4,000.00 bought; the statement of 5 June asks 40.00 by 2 July; missed.
  await buy(reAgeAccount, 400000);
  await moveClocks('2027-07-05T15:00:00Z');
  const first = await untilNewCase(reAgeAccount, null, 'the first case');
  await keptPlan(first.caseId, reAgeAccount, '2027-07-06', '2027-07-23T15:00:00Z');
  const granted = await reAge(first.caseId, `reage-${first.caseId}`);
  expect(granted.status).toBe(201);
  expect((granted.json as ReliefView).reAges).toEqual([
    expect.objectContaining({ granted: true, reAgedOn: '2027-07-23' }),
  ]);
  // The ledger brings the account back to current, which closes the case as cured.
  await untilCase(
    reAgeAccount,
    (c) => c.caseId === first.caseId && c.status === 'CLOSED',
    'the re-age to cure',
  );
  expect((await ledgerAccount(reAgeAccount)).delinquencyBucket).toBe('CURRENT');
  firstReAge = first;

  // The statement of 5 July still asks its minimum by 2 August; missed, a second case opens.
  await moveClocks('2027-08-04T15:00:00Z');
  const second = await untilNewCase(reAgeAccount, first.caseId, 'the second case');
  await keptPlan(second.caseId, reAgeAccount, '2027-08-05', '2027-08-23T15:00:00Z');
  const refused = await reAge(second.caseId, `reage-${second.caseId}`);
  expect(refused.status).toBe(422);
  expect(refused.json.ruleId).toBe('REAGE.ONCE_IN_12_MONTHS');
  const read = (
    await http('GET', `${collections.url}/v1/cases/${second.caseId}/plans`, undefined, as('collector'))
  ).json as ReliefView;
  expect(read.reAges).toEqual([
    expect.objectContaining({ granted: false, limitId: 'REAGE.ONCE_IN_12_MONTHS' }),
  ]);
  expect(read.reAges[0]?.reason).toContain('2027-07-23');
  await eventually(async () => {
    const e = events.where(
      (r) =>
        r.headers.ce_subject === second.caseId && r.headers.ce_type === 'collections.case.re-age-refused.v1',
    );
    if (e.length !== 1) throw new Error(`${e.length} re-age-refused events`);
  });
  // Paid off, in credit: current until the next test buys again.
  await payOff(reAgeAccount);
});

it('a third re-age 12 months after the second is refused by the limit of two in five years', async () => {
  expect(firstReAge).toBeDefined();
  // A year on (12 months after the first re-age, 24 July 2028): delinquent again, three payments in a row,
  // re-aged a second time.
  await moveClocks('2028-06-03T15:00:00Z');
  await buy(reAgeAccount, 500000);
  await moveClocks('2028-07-05T15:00:00Z');
  const third = await untilNewCase(reAgeAccount, null, 'the third case');
  await keptPlan(third.caseId, reAgeAccount, '2028-07-06', '2028-07-24T15:00:00Z');
  const second = await reAge(third.caseId, `reage-${third.caseId}`);
  expect(second.status).toBe(201);
  expect((second.json as ReliefView).reAges).toEqual([
    expect.objectContaining({ granted: true, reAgedOn: '2028-07-24' }),
  ]);
  await untilCase(
    reAgeAccount,
    (c) => c.caseId === third.caseId && c.status === 'CLOSED',
    'the second re-age to cure',
  );
  await pay(reAgeAccount, (await ledgerAccount(reAgeAccount)).balance + 100000);

  // Another year on: 12 months after the second re-age passes the first limit, but two re-ages in 60 months
  // already stand (23 July 2027, 24 July 2028).
  await moveClocks('2029-06-03T15:00:00Z');
  await buy(reAgeAccount, 500000);
  await moveClocks('2029-07-05T15:00:00Z');
  const fourth = await untilNewCase(reAgeAccount, third.caseId, 'the fourth case');
  await keptPlan(fourth.caseId, reAgeAccount, '2029-07-06', '2029-07-24T15:00:00Z');
  const refused = await reAge(fourth.caseId, `reage-${fourth.caseId}`);
  expect(refused.status).toBe(422);
  expect(refused.contentType).toContain('application/problem+json');
  expect(refused.json.ruleId).toBe('REAGE.TWICE_IN_5_YEARS');
  const read = (
    await http('GET', `${collections.url}/v1/cases/${fourth.caseId}/plans`, undefined, as('collector'))
  ).json as ReliefView;
  expect(read.reAges).toEqual([
    expect.objectContaining({ granted: false, limitId: 'REAGE.TWICE_IN_5_YEARS' }),
  ]);
  expect(read.reAges[0]?.reason).toMatch(/2027-07-23.*2028-07-24/);
});
