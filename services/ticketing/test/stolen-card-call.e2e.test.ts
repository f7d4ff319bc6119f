import { createLogger } from '@cardline/platform';
import { eventually, unique } from '../../../test/support/env';
import { http, openBody, purchaseBody, startTestLedger } from '../../ledger/test/support';
import { startTestCards, tokenFor } from '../../cards/test/support';
import { startTestDisputes } from '../../disputes/test/support';
import { createGateway, loadGatewayConfig, type Gateway } from '../../gateway/src/gateway';
import { startTestTicketing, ticketingEnv } from './support';
import { stopAfterFile } from '../../../test/support/teardown';

// Ledger, cards, disputes and ticketing on the system clock (so their events' times order the timeline),
// behind the gateway, sharing only Kafka. Every call below goes through the gateway.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let disputes: Awaited<ReturnType<typeof startTestDisputes>>;
let ticketing: Awaited<ReturnType<typeof startTestTicketing>>;
let tEnv: Record<string, string>;
let gw: Gateway;
let strict: Gateway;
const tokens: Record<string, string> = {};
const SYSTEM = { CLOCK: 'system' };

async function gateway(over: Record<string, string> = {}): Promise<Gateway> {
  const g = stopAfterFile(
    createGateway(
      loadGatewayConfig({
        PORT: '0',
        LEDGER_URL: ledger.url,
        CARDS_URL: cards.url,
        DISPUTES_URL: disputes.url,
        TICKETING_URL: ticketing.url,
        UPSTREAM_TIMEOUT_MS: '2000',
        LOG_LEVEL: 'silent',
        ...over,
      }),
      createLogger('gateway', 'silent'),
    ),
    'gateway',
  );
  await g.start();
  return g;
}

const gwUrl = (path: string, g: Gateway = gw) => `http://127.0.0.1:${g.port}${path}`;
const as = (role: string, more: Record<string, string> = {}) => ({
  authorization: `Bearer ${tokens[role]}`,
  ...more,
});

beforeAll(async () => {
  [ledger, cards, disputes] = await Promise.all([
    startTestLedger(SYSTEM),
    startTestCards(SYSTEM),
    startTestDisputes(SYSTEM),
  ]);
  tEnv = ticketingEnv(SYSTEM);
  ticketing = await startTestTicketing(tEnv);
  gw = await gateway();
  strict = await gateway({ RATE_LIMIT_PER_MINUTE: '2' });
  // card_processor posts purchases to the ledger, as the processor does.
  for (const role of ['agent', 'data_reader', 'channel_adapter', 'admin', 'card_processor'] as const)
    tokens[role] = await tokenFor(role, `${role}-e2e`);
});

afterAll(async () => {
  await Promise.all([gw?.stop(), strict?.stop()]);
  await Promise.all([ticketing?.stop(), disputes?.stop(), cards?.stop(), ledger?.stop()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function customerWithActiveCard() {
  const body = openBody();
  const { json: acc } = await http('POST', gwUrl('/ledger/v1/accounts'), body, as('admin'));
  const card = await eventually(async () => {
    const c = (await http('GET', gwUrl(`/cards/v1/accounts/${acc.accountId}/cards`), undefined, as('agent')))
      .json.items?.[0];
    if (!c) throw new Error('no card yet');
    return c;
  });
  await http('POST', gwUrl(`/cards/v1/cards/${card.cardId}/activate`), {}, as('agent'));
  await eventually(async () => {
    const seen = (
      await http('GET', `${ledger.url}/v1/accounts/${acc.accountId}/cards`, undefined, as('agent'))
    ).json.items;
    if (seen[0]?.status !== 'ACTIVE') throw new Error('ledger has not seen the activation');
  });
  return {
    customerId: body.customerId as string,
    accountId: acc.accountId as string,
    cardId: card.cardId as string,
  };
}

/** The card processor's authorisation: straight to the ledger, as in production (not a floor call). */
async function buy(accountId: string, cardId: string, amount: number) {
  await sleep(5); // distinct posting times on the system clock
  const r = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { ...purchaseBody(amount), cardId },
    as('card_processor'),
  );
  return r.json as { transactionId: string; status: string };
}

let call: { customerId: string; accountId: string; cardId: string; caseId: string; correlation: string };

it('the stolen-card call: case, block, fraud marks and disputes under one correlation id, in order in the case and the timeline', async () => {
  const { customerId, accountId, cardId } = await customerWithActiveCard();
  await buy(accountId, cardId, 2500);
  const lastUse = new Date().toISOString();
  const fraud = [
    (await buy(accountId, cardId, 40000)).transactionId,
    (await buy(accountId, cardId, 7500)).transactionId,
  ];
  const correlation = unique('call');
  const onCall = (role = 'agent') => as(role, { 'x-correlation-id': correlation });

  const opened = await http(
    'POST',
    gwUrl('/ticketing/v1/cases'),
    {
      customerId,
      accountId,
      channel: 'PHONE',
      topic: 'LOST_CARD',
      priority: 'URGENT',
      subject: 'Card stolen on the train',
    },
    onCall(),
  );
  expect(opened.status).toBe(201);
  const caseId = opened.json.caseId as string;
  expect(opened.json.sla.FIRST_REPLY).toBeUndefined(); // the call itself answers the customer
  await http(
    'POST',
    gwUrl(`/ticketing/v1/cases/${caseId}/notes`),
    { kind: 'CALL_NOTE', body: 'Customer reports the card stolen this morning.' },
    onCall(),
  );
  expect(
    (await http('POST', gwUrl(`/cards/v1/cards/${cardId}/report-stolen`), { lastUsedAt: lastUse }, onCall()))
      .status,
  ).toBe(200);
  await eventually(async () => {
    const t = (await http('GET', gwUrl(`/cards/v1/cards/${cardId}/fraud-trace`), undefined, onCall())).json;
    if (t.transactions?.length !== 2) throw new Error('trace not complete');
  });
  const report = await http(
    'POST',
    gwUrl(`/cards/v1/cards/${cardId}/fraud-report`),
    { transactionIds: fraud },
    onCall(),
  );
  expect(report.status).toBe(201);
  const claims = await eventually(async () => {
    const d = (await http('GET', gwUrl(`/disputes/v1/disputes?accountId=${accountId}`), undefined, onCall()))
      .json.items;
    if (d?.length !== 2) throw new Error('disputes not opened yet');
    return d as { disputeId: string }[];
  });

  // The case shows the call's interactions and, by correlation id, everything the call caused, oldest first.
  const related = await eventually(async () => {
    const c = (await http('GET', gwUrl(`/ticketing/v1/cases/${caseId}`), undefined, as('agent'))).json;
    const types = (c.related as { type: string }[]).map((r) => r.type);
    if (types.filter((t) => t === 'disputes.dispute.opened.v1').length < 2)
      throw new Error(`not yet: ${types.join()}`);
    return c;
  });
  expect(
    related.interactions.map((i: { kind: string; correlationId: string }) => [i.kind, i.correlationId]),
  ).toEqual([['CALL_NOTE', correlation]]);
  const types: string[] = related.related.map((r: { type: string }) => r.type);
  expect(new Set(related.related.map((r: { correlationId: string }) => r.correlationId))).toEqual(
    new Set([correlation]),
  );
  const first = (t: string) => types.indexOf(t);
  expect(first('ticketing.case.opened.v1')).toBeGreaterThanOrEqual(0);
  expect(first('ticketing.case.opened.v1')).toBeLessThan(first('cards.card.reported-stolen.v1'));
  expect(first('cards.card.reported-stolen.v1')).toBeLessThan(first('cards.card.fraud-reported.v1'));
  expect(first('cards.card.fraud-reported.v1')).toBeLessThan(first('disputes.dispute.opened.v1'));
  const times = related.related.map((r: { at: string }) => Date.parse(r.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const disputed = related.related
    .filter((r: { type: string }) => r.type === 'disputes.dispute.opened.v1')
    .map((r: { subject: string }) => r.subject)
    .sort();
  expect(disputed).toEqual(claims.map((d) => d.disputeId).sort());

  // The timeline: newest first, page by page, everything about the customer across the services.
  const seen: { eventId: string; type: string; at: string; correlationId: string }[] = [];
  await eventually(async () => {
    seen.length = 0;
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = await http(
        'GET',
        gwUrl(`/ticketing/v1/customers/${customerId}/timeline?limit=4${q}`),
        undefined,
        as('agent'),
      );
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.json.items);
      cursor = page.json.next;
    } while (cursor);
    if (!seen.some((e) => e.type === 'ledger.transaction.posted.v1' && e.correlationId === correlation))
      throw new Error('the provisional credits are not on the timeline yet');
  });
  const at = seen.map((e) => Date.parse(e.at));
  expect(at).toEqual([...at].sort((a, b) => b - a));
  expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
  const kinds = new Set(seen.map((e) => e.type));
  for (const t of [
    'ledger.account.opened.v1',
    'cards.card.issued.v1',
    'cards.card.activated.v1',
    'ledger.transaction.posted.v1',
    'ticketing.case.opened.v1',
    'cards.card.reported-stolen.v1',
    'cards.card.fraud-reported.v1',
    'disputes.dispute.opened.v1',
  ])
    expect(kinds).toContain(t);
  call = { customerId, accountId, cardId, caseId, correlation };
});

it('refuses without a token (401), in the wrong role (403), a malformed body (422) and over the rate limit (429)', async () => {
  const none = await http('GET', gwUrl(`/ticketing/v1/cases/${call.caseId}`));
  expect(none.status).toBe(401);
  expect(none.contentType).toContain('application/problem+json');
  const reader = await http(
    'POST',
    gwUrl('/ticketing/v1/cases'),
    { customerId: 'c', subject: 's' },
    as('data_reader'),
  );
  expect(reader.status).toBe(403);
  expect(reader.contentType).toContain('application/problem+json');
  // A channel adapter posts what customers send; it does not read cases.
  expect(
    (await http('GET', gwUrl(`/ticketing/v1/cases/${call.caseId}`), undefined, as('channel_adapter'))).status,
  ).toBe(403);
  const bad = await http(
    'POST',
    gwUrl('/ticketing/v1/cases'),
    { customerId: 'c', subject: 's', priority: 'SOON' },
    as('agent'),
  );
  expect(bad.status).toBe(422);
  expect(JSON.stringify(bad.json)).toContain('priority');
  const broken = await http('POST', gwUrl('/ticketing/v1/cases'), '{"customerId": ', as('agent'));
  expect(broken.status).toBe(422);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push(
      (await http('GET', gwUrl(`/ticketing/v1/cases/${call.caseId}`, strict), undefined, as('agent'))).status,
    );
  expect(statuses.slice(0, 2)).toEqual([200, 200]);
  expect(statuses.slice(2)).toEqual([429, 429]);
});

it('ticketing stopped: 503 within the timeout; back on the same store, the retried call lands once and nothing that happened meanwhile is lost', async () => {
  const port = String(ticketing.port);
  await ticketing.stop();
  const key = { 'idempotency-key': unique('note'), 'x-correlation-id': call.correlation };
  const started = Date.now();
  const down = await http(
    'POST',
    gwUrl(`/ticketing/v1/cases/${call.caseId}/notes`),
    { kind: 'CALL_NOTE', body: 'Replacement promised.' },
    as('agent', key),
  );
  expect(down.status).toBe(503);
  expect(down.headers.get('retry-after')).toBeTruthy();
  expect(Date.now() - started).toBeLessThan(3000);

  // Meanwhile the thief tries the blocked card: the ledger declines it, and the event waits in Kafka.
  const declined = await buy(call.accountId, call.cardId, 9900);
  expect(declined.status).toBe('DECLINED');

  ticketing = await startTestTicketing({ ...tEnv, PORT: port });
  const retried = await http(
    'POST',
    gwUrl(`/ticketing/v1/cases/${call.caseId}/notes`),
    { kind: 'CALL_NOTE', body: 'Replacement promised.' },
    as('agent', key),
  );
  expect(retried.status).toBe(200);
  const again = await http(
    'POST',
    gwUrl(`/ticketing/v1/cases/${call.caseId}/notes`),
    { kind: 'CALL_NOTE', body: 'Replacement promised.' },
    as('agent', key),
  );
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  const c = (await http('GET', gwUrl(`/ticketing/v1/cases/${call.caseId}`), undefined, as('agent'))).json;
  expect(c.interactions.filter((i: { body: string }) => i.body === 'Replacement promised.')).toHaveLength(1);
  await eventually(async () => {
    const page = (
      await http(
        'GET',
        gwUrl(`/ticketing/v1/customers/${call.customerId}/timeline?limit=5`),
        undefined,
        as('agent'),
      )
    ).json;
    if (
      !page.items.some((e: { type: string; subject: string }) => e.type === 'ledger.transaction.declined.v1')
    )
      throw new Error('the decline made while ticketing was down is not on the timeline yet');
  });
});
