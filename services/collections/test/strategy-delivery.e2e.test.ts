import { AvroSerde, HttpRegistryClient } from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import type { Collected } from '../../../test/support/kafka';
import { http, openBody, purchaseBody } from '../../ledger/test/support';
import { deliveryStatus, OUTCOME_OF } from '../src/delivery/outcome';
import { variantFor } from '../src/domain/strategies';
import { DEFAULT_STRATEGIES } from '../src/domain/strategy-config';
import { collectionsStack, type CollectionsStack } from './support';
import { startTestTicketing, ticketingEnv } from '../../ticketing/test/support';
import { tokenFor as tokenWithChannel } from '../../cards/test/support';

// The strategy runner to the delivery report, on the real servers with the
// simulated clocks (docs/adr/0025-simulated-delivery-adapter.md): a US
// account in New York falls past due on 3 March; on day 3 or 4 at 10:00 local the
// runner sends the champion's SMS reminder (carrying the validation notice)
// through the gate, the simulated adapter reports it on collections.delivery
// with the status its message id's slot predicts, and that report becomes the
// attempt's outcome. The variant report counts the contact. The same adapter
// delivers ticketing's replies, and ticketing shows each one's status on its
// interaction in the case API.
let stack: CollectionsStack;
const serde = new AvroSerde(new HttpRegistryClient(serverEnv().SCHEMA_REGISTRY_URL));

beforeAll(async () => {
  stack = await collectionsStack({
    tokens: {
      supervisor: { role: 'supervisor' },
      compliance: { role: 'compliance' },
      admin: { role: 'admin' },
    },
    topics: ['collections.case', 'collections.delivery'],
    collections: { STRATEGY_RUNNER: 'on', DELIVERY_ADAPTER: 'on' },
  });
});

afterAll(() => stack?.stop());

/** An account id of this run whose stable hash puts it in the US early champion (3 SMS, 7 email, 15 call). */
function championAccountId(): string {
  const prefix = unique('acc-e2e');
  for (let i = 0; ; i++)
    if (variantFor(`${prefix}-${i}`, DEFAULT_STRATEGIES.US.DPD_1_29).variantId === 'CHAMPION')
      return `${prefix}-${i}`;
}

async function moveClock(url: string, to: string, admin: Record<string, string>) {
  const r = await http('POST', `${url}/v1/admin/clock`, { to }, admin);
  expect(r.status).toBe(200);
  return r.json as Record<string, number | string>;
}

const decoded = async <T>(r: Collected): Promise<T> => serde.decode<T>(r.message.value as Buffer);

it('the runner sends the day-3 SMS through the gate, the adapter reports it as its id predicts, and the report is the attempt’s outcome', async () => {
  const { ledger, collections, events, ledgerAs, as } = stack;
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
  await moveClock(ledger.url, '2026-03-04T12:00:00Z', ledgerAs.admin);
  const c = await eventually(
    async () => {
      const r = await http(
        'GET',
        `${collections.url}/v1/accounts/${accountId}/case`,
        undefined,
        as('supervisor'),
      );
      if (r.status !== 200 || !r.json.strategy) throw new Error(`${r.status} ${JSON.stringify(r.json)}`);
      return r.json as {
        caseId: string;
        daysPastDue: number;
        strategy: { strategyId: string; variantId: string };
      };
    },
    { what: `a case with its strategy for ${accountId}` },
  );
  expect(c.strategy).toEqual({ strategyId: 'US.EARLY', variantId: 'CHAMPION' });

  // 4 March, 1 or 2 days past due: nothing is due yet. 7 March at 10:00 New York (3 or 4 days,
  // before the day-7 email): the day-3 SMS goes out.
  const early = await moveClock(collections.url, '2026-03-04T15:00:00Z', as('admin'));
  expect(early.treatments).toBe(0);
  const day3 = await moveClock(collections.url, '2026-03-07T15:00:00Z', as('admin'));
  expect(day3.treatments).toBeGreaterThanOrEqual(1);

  const log = await http(
    'GET',
    `${collections.url}/v1/decisions?accountId=${accountId}`,
    undefined,
    as('compliance'),
  );
  const byRunner = (
    log.json.items as { attemptId: string; channel: string; allowed: boolean; requestedBy: { id: string } }[]
  ).filter((d) => d.requestedBy.id === 'strategy-runner');
  expect(byRunner.map((d) => [d.channel, d.allowed])).toEqual([['SMS', true]]);
  const attemptId = byRunner[0]?.attemptId ?? '';
  const predicted = deliveryStatus(attemptId, 'SMS').status;

  // One report for the attempt, with the predicted status and no address.
  const report = await eventually(
    async () => {
      const rs = events.where(
        (r) => r.topic === 'collections.delivery' && r.headers.ce_subject === attemptId,
      );
      if (rs.length === 0) throw new Error('no report yet');
      return rs;
    },
    { what: `the delivery report of ${attemptId}` },
  );
  expect(report).toHaveLength(1);
  const payload = await decoded<{
    status: string;
    source: string;
    contactRef: string | null;
    accountId: string | null;
  }>(report[0] as Collected);
  expect(payload).toMatchObject({
    status: predicted,
    source: 'COLLECTIONS',
    contactRef: 'phone:on-file',
    accountId,
  });

  // The report is the attempt's outcome, recorded by the adapter.
  const attempted = await eventually(
    async () => {
      const rs = events.where(
        (r) =>
          r.headers.ce_subject === c.caseId && r.headers.ce_type === 'collections.case.contact-attempted.v1',
      );
      if (rs.length === 0) throw new Error('no outcome yet');
      return rs;
    },
    { what: `the outcome of ${attemptId}` },
  );
  expect(attempted).toHaveLength(1);
  const outcome = await decoded<{ attemptId: string; outcome: string; collector: { id: string } }>(
    attempted[0] as Collected,
  );
  expect(outcome).toMatchObject({
    attemptId,
    outcome: OUTCOME_OF[predicted],
    collector: { id: 'delivery-adapter' },
  });
  // The treatment was recorded beside its decision.
  expect(
    events.where(
      (r) =>
        r.headers.ce_subject === c.caseId && r.headers.ce_type === 'collections.case.treatment-applied.v1',
    ),
  ).toHaveLength(1);

  // A second move the same day sends nothing more.
  const again = await moveClock(collections.url, '2026-03-07T16:00:00Z', as('admin'));
  expect(again.treatments).toBe(0);

  // The variant report counts the case and its one contact; system actors are on no scorecard.
  const rep = await eventually(
    async () => {
      const r = await http(
        'GET',
        `${collections.url}/v1/strategies/report?strategyId=US.EARLY`,
        undefined,
        as('supervisor'),
      );
      const champion = (r.json.items?.[0]?.variants ?? []).find(
        (v: { variantId: string }) => v.variantId === 'CHAMPION',
      );
      if (!champion || champion.contactsUsed < 1) throw new Error(JSON.stringify(r.json));
      return champion as { cases: number; contactsUsed: number };
    },
    { what: 'the variant report with the contact' },
  );
  expect(rep.cases).toBeGreaterThanOrEqual(1);
  const cards = await http('GET', `${collections.url}/v1/collectors/scorecards`, undefined, as('compliance'));
  expect(cards.status).toBe(200);
  expect(
    (cards.json.items as { collectorId: string }[]).filter((s) =>
      ['strategy-runner', 'delivery-adapter'].includes(s.collectorId),
    ),
  ).toEqual([]);
});

it('the adapter delivers ticketing’s reply once, and its status arrives on the interaction in ticketing’s case API', async () => {
  const { events } = stack;
  const ticketing = await startTestTicketing(ticketingEnv());
  const smsAdapter = {
    authorization: `Bearer ${await tokenWithChannel('channel_adapter', 'sms-adapter', 'SMS')}`,
  };
  const agent = { authorization: `Bearer ${await tokenWithChannel('agent', 'agent-e2e')}` };
  const opened = await http(
    'POST',
    `${ticketing.url}/v1/channels/SMS/messages`,
    {
      customerId: unique('cus'),
      from: '+1 415 555 0142',
      body: 'What is my APR?',
      externalId: unique('sms'),
    },
    smsAdapter,
  );
  expect(opened.status).toBe(201);
  const caseId = opened.json.caseId as string;
  const replied = await http(
    'POST',
    `${ticketing.url}/v1/cases/${caseId}/replies`,
    { body: 'Your APR is 24.99%.' },
    agent,
  );
  expect(replied.status).toBe(200);
  const reply = replied.json.interactions.at(-1) as {
    interactionId: string;
    kind: string;
    delivery: unknown;
  };
  // Queued, not yet reported.
  expect(reply).toMatchObject({ kind: 'OUTBOUND', delivery: null });
  const predicted = deliveryStatus(reply.interactionId, 'SMS').status;

  const shown = await eventually(
    async () => {
      const r = await http('GET', `${ticketing.url}/v1/cases/${caseId}`, undefined, agent);
      const items = r.json.interactions as { interactionId: string; kind: string; delivery: unknown }[];
      const i = items.find((x) => x.interactionId === reply.interactionId);
      if (!i?.delivery) throw new Error(`no delivery status yet: ${JSON.stringify(items)}`);
      return items;
    },
    { what: `the delivery status of ${reply.interactionId} on the ticketing case` },
  );
  // The customer's own message has none; the reply shows the report its id's slot predicts.
  expect(shown.map((i) => [i.kind, (i.delivery as { status: string } | null)?.status ?? null])).toEqual([
    ['INBOUND', null],
    ['OUTBOUND', predicted],
  ]);
  // One report on collections.delivery, for ticketing, carrying no address.
  const reports = events.where(
    (r) => r.topic === 'collections.delivery' && r.headers.ce_subject === reply.interactionId,
  );
  expect(reports).toHaveLength(1);
  const payload = await decoded<{ status: string; source: string; caseId: string; accountId: string | null }>(
    reports[0] as Collected,
  );
  expect(payload).toMatchObject({ status: predicted, source: 'TICKETING', caseId, accountId: null });
  expect(JSON.stringify(payload)).not.toContain('555 0142');
});
