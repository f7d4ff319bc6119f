import { eventually } from '../../../test/support/env';
import { http, openBody, purchaseBody } from '../../ledger/test/support';
import { collectionsStack, type CollectionsStack } from './support';

// The ledger and collections as two services that share only Kafka topics,
// each on its own simulated clock (moved together by the test). Plans,
// hardship and re-ageing (docs/adr/0021-collections-plans-hardship-reage.md):
// collections decides, the ledger records and posts the effect.
let stack: CollectionsStack;
let ledger: CollectionsStack['ledger'];
let collections: CollectionsStack['collections'];
let events: CollectionsStack['events'];
let ledgerAs: CollectionsStack['ledgerAs'];
let as: CollectionsStack['as'];

beforeAll(async () => {
  stack = await collectionsStack({
    tokens: { collector: { role: 'collector' }, admin: { role: 'admin' } },
    topics: ['collections.case', 'ledger.account'],
  });
  ({ ledger, collections, events, ledgerAs, as } = stack);
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
  hardships: { programmeId: string; kind: string }[];
  reAges: { granted: boolean; limitId: string | null }[];
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
