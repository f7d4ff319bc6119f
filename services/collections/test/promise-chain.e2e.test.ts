import { AvroSerde, HttpRegistryClient } from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import type { Collected } from '../../../test/support/kafka';
import { http, openBody, purchaseBody } from '../../ledger/test/support';
import { deliveryStatus, OUTCOME_OF } from '../src/delivery/outcome';
import { variantFor } from '../src/domain/strategies';
import { DEFAULT_STRATEGIES } from '../src/domain/strategy-config';
import { collectionsStack, type CollectionsStack } from './support';

// The whole chain on the real servers with the simulated clocks
// (docs/domain.md#collections; docs/adr/0025-simulated-delivery-adapter.md):
// the ledger's delinquency opens a case, the strategy runner sends the
// champion's SMS reminder through the gate and later its call through the
// dialer, whose report is the attempt's outcome; the collector takes a promise,
// the ledger's payment keeps it. A second account's promise is never paid: it
// is broken at the end of its last grace day and the strategy sends its next
// treatment the day after, not before. Outcomes are read from the message id's
// FNV-1a slot, so the test predicts each report from the id rather than
// depending on luck. US accounts in New York (EDT from 8 March).
let stack: CollectionsStack;
const serde = new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL));

beforeAll(async () => {
  stack = await collectionsStack({
    tokens: {
      collector: { role: 'collector' },
      compliance: { role: 'compliance' },
      admin: { role: 'admin' },
    },
    topics: ['collections.case', 'collections.delivery'],
    collections: { STRATEGY_RUNNER: 'on', DELIVERY_ADAPTER: 'on' },
  });
});

afterAll(() => stack?.stop());

interface CaseView {
  caseId: string;
  status: string;
  collectableAmount: number;
  strategy: { strategyId: string; variantId: string } | null;
  promises: { promiseId: string; status: string; paidAmount: number }[];
  suppressedUntil: string | null;
  strategyResumesAt: string | null;
}

interface Decision {
  attemptId: string;
  channel: string;
  allowed: boolean;
  decidedAt: string;
  requestedBy: { id: string };
}

/** An account id of this run whose stable hash puts it in the US early champion (3 SMS, 7 email, 15 call). */
function championAccountId(): string {
  const prefix = unique('acc-chain');
  for (let i = 0; ; i++)
    if (variantFor(`${prefix}-${i}`, DEFAULT_STRATEGIES.US.DPD_1_29).variantId === 'CHAMPION')
      return `${prefix}-${i}`;
}

async function moveClock(url: string, to: string, admin: Record<string, string>) {
  const r = await http('POST', `${url}/v1/admin/clock`, { to }, admin);
  expect(r.status).toBe(200);
  return r.json as Record<string, number | string>;
}
const moveLedger = (to: string) => moveClock(stack.ledger.url, to, stack.ledgerAs.admin);
const moveCollections = (to: string) => moveClock(stack.collections.url, to, stack.as('admin'));

const caseOf = async (accountId: string): Promise<CaseView | null> => {
  const r = await http(
    'GET',
    `${stack.collections.url}/v1/accounts/${accountId}/case`,
    undefined,
    stack.as('collector'),
  );
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

/** The strategy runner's decisions on the account, from the decision log, in time order. */
async function runnerDecisions(accountId: string): Promise<Decision[]> {
  const log = await http(
    'GET',
    `${stack.collections.url}/v1/decisions?accountId=${accountId}`,
    undefined,
    stack.as('compliance'),
  );
  expect(log.status).toBe(200);
  return (log.json.items as Decision[]).filter((d) => d.requestedBy.id === 'strategy-runner');
}

const decoded = async <T>(r: Collected): Promise<T> => serde.decode<T>(r.message.value as Buffer);

/** The one delivery report of a message, and the outcome it recorded on the case. */
async function reportAndOutcome(caseId: string, attemptId: string, channel: string) {
  const predicted = deliveryStatus(attemptId, channel).status;
  const reports = await eventually(
    async () => {
      const rs = stack.events.where(
        (r) => r.topic === 'collections.delivery' && r.headers.ce_subject === attemptId,
      );
      if (rs.length === 0) throw new Error('no report yet');
      return rs;
    },
    { what: `the delivery report of ${attemptId}` },
  );
  expect(reports).toHaveLength(1);
  const report = await decoded<{ status: string; channel: string }>(reports[0] as Collected);
  expect(report).toMatchObject({ status: predicted, channel });
  const outcome = await eventually(
    async () => {
      for (const r of stack.events.where(
        (x) =>
          x.headers.ce_subject === caseId && x.headers.ce_type === 'collections.case.contact-attempted.v1',
      )) {
        const p = await decoded<{ attemptId: string; outcome: string; collector: { id: string } }>(r);
        if (p.attemptId === attemptId) return p;
      }
      throw new Error('no outcome yet');
    },
    { what: `the outcome of ${attemptId}` },
  );
  expect(outcome).toMatchObject({ outcome: OUTCOME_OF[predicted], collector: { id: 'delivery-adapter' } });
  return predicted;
}

async function delinquentChampion(): Promise<string> {
  const { ledger, ledgerAs } = stack;
  const accountId = championAccountId();
  const opened = await http('POST', `${ledger.url}/v1/accounts`, openBody({ accountId }), ledgerAs.sales);
  expect(opened.status).toBe(201);
  const posted = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    purchaseBody(100000),
    ledgerAs.processor,
  );
  expect(posted.json.status).toBe('POSTED');
  return accountId;
}

const promise = (caseId: string, amount: number, dueDate: string) =>
  http(
    'POST',
    `${stack.collections.url}/v1/cases/${caseId}/promises`,
    { instalments: [{ amount, dueDate }] },
    stack.as('collector', { 'idempotency-key': `ptp-${caseId}` }),
  );

it('delinquency → case → the SMS reminder through the gate → the call through the dialer → a promise → kept by the ledger’s payment', async () => {
  const { ledger, ledgerAs, collections, as } = stack;
  // 1,000.00 on 10 January: the statement of 5 February asks 25.00 by 2 March; missed, 1 day past due on 3 March.
  const accountId = await delinquentChampion();
  await moveLedger('2026-03-04T12:00:00Z');
  const opened = await untilCase(accountId, (c) => c.strategy !== null, 'the case with its strategy');
  expect(opened.strategy).toEqual({ strategyId: 'US.EARLY', variantId: 'CHAMPION' });
  const caseId = opened.caseId;

  // The customer consents to autodialled calls to the mobile on file (else the dialer's call is refused).
  await moveCollections('2026-03-04T15:00:00Z');
  const facts = await http(
    'POST',
    `${collections.url}/v1/cases/${caseId}/contact-facts`,
    { autodialConsentOnMobile: true },
    as('collector'),
  );
  expect(facts.status).toBe(200);
  expect(await runnerDecisions(accountId)).toEqual([]);

  // 7 March, 10:00 in New York (3–4 days past due): the day-3 SMS, allowed by the gate, delivered as its id predicts.
  await moveCollections('2026-03-07T15:00:00Z');
  const [sms] = await runnerDecisions(accountId);
  expect(sms).toMatchObject({ channel: 'SMS', allowed: true, decidedAt: '2026-03-07T15:00:00.000Z' });
  await reportAndOutcome(caseId, sms?.attemptId ?? '', 'SMS');

  // 18 March, 10:00 (15 days past due): the call, the latest step due (the day-7 email is not sent late).
  await moveCollections('2026-03-18T14:00:00Z');
  const decisions = await runnerDecisions(accountId);
  expect(decisions.map((d) => [d.channel, d.allowed, d.decidedAt])).toEqual([
    ['SMS', true, '2026-03-07T15:00:00.000Z'],
    ['CALL', true, '2026-03-18T14:00:00.000Z'],
  ]);
  // The dialer reports the call as its id's slot predicts (answered, no answer, wrong party or failed).
  await reportAndOutcome(caseId, decisions[1]?.attemptId ?? '', 'CALL');

  // The collector takes a promise of 10.00 by 20 March: contact waits until the grace ends (23 March, New York).
  const made = await promise(caseId, 1000, '2026-03-20');
  expect(made.status).toBe(201);
  expect(made.json).toMatchObject({
    promises: [{ status: 'ACTIVE', paidAmount: 0 }],
    suppressedUntil: '2026-03-23T04:00:00.000Z',
  });

  // The customer pays 10.00 at the ledger an hour later; the payment reaches the case.
  await moveLedger('2026-03-18T15:00:00Z');
  const paid = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { kind: 'PAYMENT', amount: 1000, currency: 'USD' },
    { ...ledgerAs.processor, 'idempotency-key': `pay-${accountId}` },
  );
  expect(paid.json.status).toBe('POSTED');
  await untilCase(accountId, (c) => c.promises[0]?.paidAmount === 1000, 'the payment to reach the promise');

  // Past the deadline the promise timer keeps it, from that payment.
  const fired = await moveCollections('2026-03-23T14:00:00Z');
  expect(fired.promises).toBeGreaterThanOrEqual(1);
  expect(await caseOf(accountId)).toMatchObject({
    status: 'OPEN',
    promises: [{ status: 'KEPT', paidAmount: 1000 }],
    suppressedUntil: null,
    strategyResumesAt: null,
  });
  const kept = await eventually(
    async () => {
      const rs = stack.events.where(
        (r) => r.headers.ce_subject === caseId && r.headers.ce_type === 'collections.case.promise-kept.v1',
      );
      if (rs.length !== 1) throw new Error(`${rs.length} promise-kept events`);
      return rs[0] as Collected;
    },
    { what: 'the promise-kept event' },
  );
  expect(await decoded(kept)).toMatchObject({ totalAmount: 1000, paidAmount: 1000 });
  // Nothing more was sent while the promise ran.
  expect((await runnerDecisions(accountId)).map((d) => d.channel)).toEqual(['SMS', 'CALL']);
});

it('another account’s promise is never paid: broken at the end of its last grace day, the strategy sends its next treatment the day after, not before', async () => {
  // Opened now (18 March, the ledger's clock): the statement of 5 April asks 25.00 by 30 April; missed.
  const accountId = await delinquentChampion();
  await moveLedger('2026-05-02T12:00:00Z');
  const opened = await untilCase(
    accountId,
    (c) => c.strategy?.variantId === 'CHAMPION',
    'the second case with its strategy',
  );
  const caseId = opened.caseId;

  // 2 May, 09:00 in New York (1 day past due): a promise of 5.00 by 5 May, before any treatment.
  await moveCollections('2026-05-02T13:00:00Z');
  expect(await runnerDecisions(accountId)).toEqual([]);
  const made = await promise(caseId, 500, '2026-05-05');
  expect(made.status).toBe(201);
  // 5 May plus 2 grace days: the last grace day is 7 May; suppressed until midnight in New York.
  expect(made.json.suppressedUntil).toBe('2026-05-08T04:00:00.000Z');

  // The SMS (day 3) is due from 4 May, but the promise holds it: nothing on the last grace day,
  // not even at 20:59 local, its last minute of contact hours.
  await moveCollections('2026-05-07T14:00:00Z');
  await moveCollections('2026-05-08T00:59:00Z');
  expect(await runnerDecisions(accountId)).toEqual([]);
  expect((await caseOf(accountId))?.promises).toMatchObject([{ status: 'ACTIVE', paidAmount: 0 }]);

  // 8 May, 10:00 local, the day after date + grace: broken, and the strategy resumes with the latest
  // step due (7 days past due: the email, carrying the validation notice).
  await moveCollections('2026-05-08T14:00:00Z');
  expect(await caseOf(accountId)).toMatchObject({
    promises: [{ status: 'BROKEN', paidAmount: 0 }],
    suppressedUntil: null,
    strategyResumesAt: '2026-05-08T04:00:00.000Z',
  });
  const resumed = await runnerDecisions(accountId);
  expect(resumed.map((d) => [d.channel, d.allowed, d.decidedAt])).toEqual([
    ['EMAIL', true, '2026-05-08T14:00:00.000Z'],
  ]);
  await reportAndOutcome(caseId, resumed[0]?.attemptId ?? '', 'EMAIL');
  await eventually(
    async () => {
      const broken = stack.events.where(
        (r) => r.headers.ce_subject === caseId && r.headers.ce_type === 'collections.case.promise-broken.v1',
      );
      if (broken.length !== 1) throw new Error(`${broken.length} promise-broken events`);
    },
    { what: 'the promise-broken event' },
  );
});
