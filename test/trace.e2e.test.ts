import { randomBytes } from 'node:crypto';
import { mintToken, type Role } from '@cardline/platform';
import { eventually, serverEnv, unique } from './support/env';
import { spawnService, type ServiceProcess } from '../scripts/lib/processes';
import { http, openBody, purchaseBody } from '../services/ledger/test/support';
import { loadGatewayConfig } from '../services/gateway/src/gateway';

// The SRE's view: ledger, cards, disputes and the gateway run as their own
// instrumented processes (dist/main.js, exporting to the real Zipkin), and one
// fraud report made through the gateway must come back from Zipkin as one
// trace: gateway → cards (HTTP) → Kafka → disputes, and on to the ledger.

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

const procs: Record<string, ServiceProcess> = {};
let zipkin: string;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  const env = serverEnv();
  if (!process.env.ZIPKIN_URL)
    throw new Error('the trace test needs ZIPKIN_URL (set by the jest global setup)');
  zipkin = process.env.ZIPKIN_URL.replace(/\/$/, '');
  const common = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    MONGO_URL: env.MONGO_URL,
    SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
    ZIPKIN_URL: zipkin,
    CLOCK: 'system',
    GROUP_SUFFIX: `.${unique('trace')}`,
    // Fresh groups skip the shared topics' history (other runs' events).
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
  };
  const db = (s: string) => unique(`${s}_trace`).replace(/-/g, '_');
  const cardsDb = db('cards');
  // Each one is kept as soon as it is up, so afterAll stops it even when another fails to start.
  const up = async (name: string, env: Record<string, string>) => {
    procs[name] = await spawnService(name, env);
    return procs[name] as ServiceProcess;
  };
  const [ledger, cards, disputes] = await Promise.all([
    up('ledger', { ...common, MONGO_DB: db('ledger'), EOD_POLL_MS: '3600000' }),
    up('cards', { ...common, MONGO_DB: cardsDb, VAULT_DB: `${cardsDb}_vault`, CARRIER_POLL_MS: '3600000' }),
    up('disputes', { ...common, MONGO_DB: db('disputes'), CLOCK_POLL_MS: '3600000' }),
  ]);
  await up('gateway', {
    ZIPKIN_URL: zipkin,
    LEDGER_URL: ledger.url,
    CARDS_URL: cards.url,
    DISPUTES_URL: disputes.url,
  });
  // The services run on the default local signing key, as `npm run token` does.
  const auth = loadGatewayConfig({});
  // card_processor posts the purchases straight to the ledger, as the processor does.
  for (const role of ['agent', 'admin', 'card_processor'] as const)
    tokens[role] = await mintToken(auth, { subject: `${role}-trace`, roles: [role] });
}, 240000);

afterAll(async () => {
  await Promise.all(Object.values(procs).map((p) => p.stop()));
});

const gw = (path: string) => `${procs.gateway!.url}${path}`;
const as = (role: Role, more: Record<string, string> = {}) => ({
  authorization: `Bearer ${tokens[role]}`,
  ...more,
});

const service = (s: ZipkinSpan) => s.localEndpoint?.serviceName ?? '';

/** The chain of spans from `span` up to the trace's root, by parentId. */
function ancestry(span: ZipkinSpan, byId: Map<string, ZipkinSpan>): ZipkinSpan[] {
  const chain = [span];
  for (let p = span.parentId && byId.get(span.parentId); p; p = p.parentId && byId.get(p.parentId))
    chain.push(p);
  return chain;
}

it('one fraud report through the gateway is one trace in Zipkin: gateway → cards → Kafka → disputes → ledger', async () => {
  // A customer with an active card and two charges, the second one unrecognised.
  const body = openBody();
  const acc = await http('POST', gw('/ledger/v1/accounts'), body, as('admin'));
  expect(acc.status).toBe(201);
  const accountId = acc.json.accountId as string;
  const card = await eventually(
    async () => {
      const c = (await http('GET', gw(`/cards/v1/accounts/${accountId}/cards`), undefined, as('agent'))).json
        .items?.[0];
      if (!c) throw new Error('no card yet');
      return c as { cardId: string };
    },
    { timeoutMs: 60000, what: 'the card issued for the new account' },
  );
  expect((await http('POST', gw(`/cards/v1/cards/${card.cardId}/activate`), {}, as('agent'))).status).toBe(
    200,
  );
  await eventually(
    async () => {
      const seen = (await http('GET', gw(`/ledger/v1/accounts/${accountId}/cards`), undefined, as('agent')))
        .json.items;
      if (seen?.[0]?.status !== 'ACTIVE') throw new Error('ledger has not seen the activation');
    },
    { timeoutMs: 60000, what: 'the activation in the ledger' },
  );
  const buy = async (amount: number) =>
    (
      await http(
        'POST',
        `${procs.ledger!.url}/v1/accounts/${accountId}/transactions`,
        { ...purchaseBody(amount), cardId: card.cardId },
        as('card_processor'),
      )
    ).json.transactionId as string;
  await buy(1800);
  const lastUse = new Date().toISOString();
  const stolen = await buy(32000);
  expect(
    (
      await http(
        'POST',
        gw(`/cards/v1/cards/${card.cardId}/report-stolen`),
        { lastUsedAt: lastUse },
        as('agent'),
      )
    ).status,
  ).toBe(200);
  await eventually(
    async () => {
      const t = (await http('GET', gw(`/cards/v1/cards/${card.cardId}/fraud-trace`), undefined, as('agent')))
        .json;
      if (t.transactions?.length !== 1) throw new Error('trace not complete');
    },
    { timeoutMs: 60000, what: 'the fraud trace' },
  );

  // The agent desktop starts the trace; everything after must hang off this one id.
  const traceId = randomBytes(16).toString('hex');
  const clientSpan = randomBytes(8).toString('hex');
  const report = await http(
    'POST',
    gw(`/cards/v1/cards/${card.cardId}/fraud-report`),
    { transactionIds: [stolen] },
    as('agent', { traceparent: `00-${traceId}-${clientSpan}-01` }),
  );
  expect(report.status).toBe(201);
  const dispute = await eventually(
    async () => {
      const d = (
        await http('GET', gw(`/disputes/v1/disputes?accountId=${accountId}`), undefined, as('agent'))
      ).json.items?.[0];
      if (!d) throw new Error('no dispute yet');
      return d as { disputeId: string };
    },
    { timeoutMs: 60000, what: 'the dispute opened from the fraud report' },
  );

  // Each of the four processes exports its own spans in batches, so one
  // process's spans can reach Zipkin before another's: poll until every hop
  // of the path is there, not just the last one.
  const hops = {
    gatewayIn: (s: ZipkinSpan) => service(s) === 'gateway' && s.kind === 'SERVER',
    cardsIn: (s: ZipkinSpan) => service(s) === 'cards' && s.kind === 'SERVER',
    cardsOut: (s: ZipkinSpan) =>
      service(s) === 'cards' && s.kind === 'PRODUCER' && s.name === 'send cards.card',
    disputesIn: (s: ZipkinSpan) =>
      service(s) === 'disputes' && s.kind === 'CONSUMER' && s.name === 'process cards.card',
    disputesOut: (s: ZipkinSpan) =>
      service(s) === 'disputes' && s.kind === 'PRODUCER' && s.name === 'send disputes.dispute',
    ledgerIn: (s: ZipkinSpan) =>
      service(s) === 'ledger' && s.kind === 'CONSUMER' && s.name === 'process disputes.dispute',
  };
  let spans: ZipkinSpan[] = [];
  try {
    spans = await eventually(
      async () => {
        const r = await fetch(`${zipkin}/api/v2/trace/${traceId}`);
        if (!r.ok) throw new Error(`zipkin answered ${r.status}`);
        const all = (await r.json()) as ZipkinSpan[];
        const missing = Object.entries(hops)
          .filter(([, pred]) => !all.some(pred))
          .map(([hop]) => hop);
        if (missing.length > 0)
          throw new Error(
            `missing ${missing.join(', ')} among ${all.map((s) => `${service(s)}:${s.kind}:${s.name}`).join(', ')}`,
          );
        return all;
      },
      { timeoutMs: 60000, intervalMs: 1000, what: 'the whole trace in Zipkin' },
    );
  } catch (err) {
    // A span that never arrives was dropped by its exporter: the processes' logs say why.
    // A span that never arrives was dropped by its exporter (the processes'
    // logs say why) or by Zipkin (its collector counters say so).
    const logs = Object.values(procs).map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`);
    const collector = (await (await fetch(`${zipkin}/prometheus`)).text())
      .split('\n')
      .filter((l) => l.startsWith('zipkin_collector_') && l.includes('http'));
    throw new Error([(err as Error).message, ...collector, ...logs].join('\n'));
  }

  expect(spans.every((s) => s.traceId === traceId)).toBe(true);
  const byId = new Map(spans.map((s) => [s.id, s]));
  const one = (pred: (s: ZipkinSpan) => boolean) => spans.find(pred) as ZipkinSpan;
  const gatewayIn = one(hops.gatewayIn);
  expect(gatewayIn.parentId).toBe(clientSpan); // the caller's span is the gateway's parent
  const cardsIn = one(hops.cardsIn);
  const cardsOut = one(hops.cardsOut);
  const disputesIn = one(hops.disputesIn);
  const disputesOut = one(hops.disputesOut);
  const ledgerIn = one(hops.ledgerIn);
  expect(cardsIn.tags?.['http.route'] ?? cardsIn.name).toMatch(/fraud-report/);

  // Not just the same trace id: each hop is a descendant of the one before.
  const path = ancestry(ledgerIn, byId).map((s) => s.id);
  for (const hop of [disputesOut, disputesIn, cardsOut, cardsIn, gatewayIn]) expect(path).toContain(hop.id);
  expect(path.indexOf(disputesIn.id)).toBeGreaterThan(path.indexOf(disputesOut.id));
  expect(path.indexOf(cardsOut.id)).toBeGreaterThan(path.indexOf(disputesIn.id));
  expect(path.indexOf(cardsIn.id)).toBeGreaterThan(path.indexOf(cardsOut.id));
  expect(path.indexOf(gatewayIn.id)).toBeGreaterThan(path.indexOf(cardsIn.id));
  // The consumer span names the event it handled, so an SRE can find the dispute from the trace.
  expect(disputesIn.tags?.['cloudevents.event_type']).toBe('cards.card.fraud-reported.v1');
  expect(disputesOut.tags?.['cloudevents.event_type']).toBe('disputes.dispute.opened.v1');
  expect(dispute.disputeId).toBeTruthy();
});
