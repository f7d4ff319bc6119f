import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@cardline/platform';
import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { asRole, http, openBody, startTestLedger } from '../../ledger/test/support';
import { startTestCards, tokenFor } from '../../cards/test/support';
import { createGateway, loadGatewayConfig, type Gateway } from '../src/gateway';
import { stopAfterFile } from '../../../test/support/teardown';

// The gateway in front of a real ledger and cards; a service that hangs and one that is down.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let hanging: Server;
let gw: Gateway;
let strict: Gateway;
let events: TopicCollector;
const url = (g: Gateway) => `http://127.0.0.1:${g.port}`;
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

async function gateway(over: Record<string, string>): Promise<Gateway> {
  const g = stopAfterFile(
    createGateway(
      loadGatewayConfig({
        PORT: '0',
        LEDGER_URL: ledger.url,
        CARDS_URL: cards.url,
        TICKETING_URL: 'http://127.0.0.1:9',
        COLLECTIONS_URL: 'http://127.0.0.1:9',
        SALES_URL: 'http://127.0.0.1:9',
        LOG_LEVEL: 'silent',
        UPSTREAM_TIMEOUT_MS: '800',
        ...over,
      }),
      createLogger('gateway', 'silent'),
    ),
    'gateway',
  );
  await g.start();
  return g;
}

beforeAll(async () => {
  [ledger, cards] = await Promise.all([startTestLedger(), startTestCards()]);
  hanging = createServer(() => undefined); // accepts and never answers
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
  gw = await gateway({ DISPUTES_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}` });
  strict = await gateway({ DISPUTES_URL: 'http://127.0.0.1:9', RATE_LIMIT_PER_MINUTE: '3' });
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), ['cards.card']).start();
});

afterAll(async () => {
  await events?.stop();
  await Promise.all([gw?.stop(), strict?.stop(), cards?.stop(), ledger?.stop()]);
  hanging?.closeAllConnections();
  await new Promise((r) => hanging?.close(r));
});

it('routes an agent’s calls to the services with correlation and Idempotency-Key passed through', async () => {
  const agent = await tokenFor('agent');
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), await asRole('admin'));
  const card = await eventually(async () => {
    const r = await http(
      'GET',
      `${url(gw)}/cards/v1/accounts/${acc.accountId}/cards`,
      undefined,
      bearer(agent),
    );
    expect(r.status).toBe(200);
    if (!r.json.items[0]) throw new Error('no card yet');
    return r.json.items[0];
  });
  expect(
    (await http('GET', `${url(gw)}/ledger/v1/accounts/${acc.accountId}`, undefined, bearer(agent))).json,
  ).toMatchObject({
    accountId: acc.accountId,
  });
  await http('POST', `${url(gw)}/cards/v1/cards/${card.cardId}/activate`, {}, bearer(agent));
  const headers = {
    ...bearer(agent),
    'x-correlation-id': 'call-4711',
    'idempotency-key': `freeze-${card.cardId}`,
  };
  const first = await http(
    'POST',
    `${url(gw)}/cards/v1/cards/${card.cardId}/freeze`,
    { reason: 'customer call' },
    headers,
  );
  const again = await http(
    'POST',
    `${url(gw)}/cards/v1/cards/${card.cardId}/freeze`,
    { reason: 'customer call' },
    headers,
  );
  expect(first.status).toBe(200);
  expect(again.status).toBe(200);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(first.headers.get('x-request-id')).toBeTruthy();
  const frozen = await eventually(async () => {
    const [e] = events.where(
      (r) => r.headers.ce_subject === card.cardId && r.headers.ce_type === 'cards.card.frozen.v1',
    );
    if (!e) throw new Error('not published');
    return e;
  });
  expect(frozen.headers.correlation_id).toBe('call-4711');
  // The gateway's request id reaches the service and becomes the event's cause.
  expect(frozen.headers.causation_id).toBe(first.headers.get('x-request-id'));
});

it('no token → 401, wrong role → 403, malformed body → 422, unknown service → 404, all problem+json', async () => {
  const reader = await tokenFor('data_reader');
  const agent = await tokenFor('agent');
  const noToken = await http('GET', `${url(gw)}/cards/v1/cards/crd_x`);
  expect(noToken.status).toBe(401);
  expect(noToken.contentType).toContain('application/problem+json');
  expect((await http('GET', `${url(gw)}/cards/v1/cards/crd_x`, undefined, bearer('garbage'))).status).toBe(
    401,
  );
  // Each service checks its own roles; the gateway passes their 403 through.
  expect(
    (await http('POST', `${url(gw)}/cards/v1/cards/crd_x/freeze`, { reason: 'x' }, bearer(reader))).status,
  ).toBe(403);
  const ledger403 = await http('POST', `${url(gw)}/ledger/v1/accounts`, openBody(), bearer(agent));
  expect(ledger403.status).toBe(403);
  expect(ledger403.json.type).toBe('https://cardline.dev/problems/forbidden');
  const malformed = await http(
    'POST',
    `${url(gw)}/cards/v1/cards/crd_x/freeze`,
    '{"reason": ',
    bearer(agent),
  );
  expect(malformed.status).toBe(422);
  expect(malformed.contentType).toContain('application/problem+json');
  expect((await http('GET', `${url(gw)}/nosuch/v1/things`, undefined, bearer(agent))).status).toBe(404);
});

it('a body over the limit → 413 at the edge, with or without Content-Length', async () => {
  const agent = await tokenFor('agent');
  const huge = JSON.stringify({ reason: 'x'.repeat(300 * 1024) }); // over the default 256kb
  const withLength = await http('POST', `${url(gw)}/cards/v1/cards/crd_x/freeze`, huge, bearer(agent));
  expect(withLength.status).toBe(413);
  expect(withLength.json.type).toBe('https://cardline.dev/problems/payload-too-large');
  // Streamed (chunked) so only counting the bytes can catch it.
  const chunked = await fetch(`${url(gw)}/cards/v1/cards/crd_x/freeze`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(agent) },
    body: new Blob([huge]).stream(),
    duplex: 'half',
  } as RequestInit);
  expect(chunked.status).toBe(413);
  expect(chunked.headers.get('content-type')).toContain('application/problem+json');
  // Just under the limit goes through: cards' own validation answers (its reason has a maximum length).
  const fits = JSON.stringify({ reason: 'x'.repeat(200 * 1024) });
  const passed = await http('POST', `${url(gw)}/cards/v1/cards/crd_x/freeze`, fits, bearer(agent));
  expect(passed.status).toBe(422);
  expect(passed.json.type).toBe('https://cardline.dev/problems/validation');
});

it('over the rate limit → 429 with Retry-After', async () => {
  const agent = await tokenFor('agent', 'agent-busy');
  const statuses: number[] = [];
  let last: Awaited<ReturnType<typeof http>> | null = null;
  for (let i = 0; i < 5; i++) {
    last = await http('GET', `${url(strict)}/cards/v1/cards/crd_x`, undefined, bearer(agent));
    statuses.push(last.status);
  }
  expect(statuses).toEqual([404, 404, 404, 429, 429]);
  expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(last?.json.type).toBe('https://cardline.dev/problems/rate-limited');
  // Another principal has its own budget.
  expect(
    (await http('GET', `${url(strict)}/cards/v1/cards/crd_x`, undefined, bearer(await tokenFor('agent'))))
      .status,
  ).toBe(404);
});

it('a service that hangs → 504 within the timeout; one that is down → 503 at once, never a hang', async () => {
  const agent = await tokenFor('agent');
  let t0 = Date.now();
  const slow = await http('GET', `${url(gw)}/disputes/v1/disputes/dsp_x`, undefined, bearer(agent));
  expect(slow.status).toBe(504);
  expect(Date.now() - t0).toBeLessThan(5000);
  t0 = Date.now();
  const down = await http(
    'GET',
    `${url(strict)}/disputes/v1/disputes/dsp_x`,
    undefined,
    bearer(await tokenFor('agent')),
  );
  expect(down.status).toBe(503);
  expect(down.headers.get('retry-after')).toBe('5');
  expect(down.json.type).toBe('https://cardline.dev/problems/service-unavailable');
  expect(Date.now() - t0).toBeLessThan(5000);
});

it('serves one OpenAPI document for every service, with each operation’s roles', async () => {
  const doc = (await http('GET', `${url(strict)}/openapi.json`)).json;
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.paths['/cards/v1/cards/{cardId}/freeze'].post['x-roles']).toEqual([
    'agent',
    'supervisor',
    'admin',
  ]);
  expect(Object.keys(doc.paths)).toContain('/ledger/v1/accounts/{accountId}');
  expect(doc['x-unavailable']).toEqual(['collections', 'disputes', 'sales', 'ticketing']);
  // Each service's schemas under its prefix; every refusal references the one shared Problem.
  expect(JSON.stringify(doc)).not.toMatch(/#\/components\/schemas\/(?!ledger\.|cards\.|Problem")/);
  expect(Object.keys(doc.components.schemas).filter((n: string) => n.endsWith('Problem'))).toEqual([
    'Problem',
  ]);
});

it('serves browsable docs of the aggregated document, with its assets, from the gateway itself', async () => {
  const page = await http('GET', `${url(gw)}/docs`);
  expect(page.status).toBe(200);
  expect(page.contentType).toContain('text/html');
  expect(page.json).toContain('/docs/assets/swagger-ui-bundle.js');
  const init = await http('GET', `${url(gw)}/docs/init.js`);
  expect(init.json).toContain("url: '/openapi.json'");
  const bundle = await fetch(`${url(gw)}/docs/assets/swagger-ui-bundle.js`);
  expect(bundle.status).toBe(200);
  expect((await bundle.text()).length).toBeGreaterThan(100_000);
});

it('serves the event contracts page beside the API docs, and counts calls by upstream and route template', async () => {
  const page = await http('GET', `${url(gw)}/asyncapi`);
  expect(page.status).toBe(200);
  expect(page.contentType).toContain('text/html');
  expect(page.json).toContain('id="message-cards.card.issued.v1"');
  expect((await http('GET', `${url(gw)}/asyncapi.json`)).json).toMatchObject({ asyncapi: '3.0.0' });
  const agent = await tokenFor('agent');
  // The gateway learnt the cards templates at start; an account id is a parameter, a made-up path is not.
  await eventually(async () => {
    await http('GET', `${url(gw)}/cards/v1/accounts/acc-none/cards`, undefined, bearer(agent));
    await http('GET', `${url(gw)}/cards/v1/no/such/path`, undefined, bearer(agent));
    const metrics = await (await fetch(`${url(gw)}/metrics`)).text();
    expect(metrics).toMatch(
      /cardline_gateway_upstream_request_duration_seconds_count\{[^}]*upstream="cards",route="\/v1\/accounts\/\{[a-zA-Z]+\}\/cards"/,
    );
    expect(metrics).toMatch(
      /cardline_gateway_upstream_request_duration_seconds_count\{[^}]*upstream="cards",route="\/v1\/\*"/,
    );
    expect(metrics).not.toContain('acc-none');
  });
});

/** One request with the path exactly as written: fetch and URL would resolve its dots first. */
function raw(
  port: number,
  path: string,
  token: string,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: bearer(token) }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

it('refuses paths that normalising would send elsewhere: no admin route, no metrics behind the gateway', async () => {
  const agent = await tokenFor('agent');
  for (const path of [
    '/ledger/v1/accounts/../admin/clock',
    '/ledger/v1/accounts/%2e%2e/admin/clock',
    '/ledger/v1/accounts/.%2E/admin/clock',
    '/cards/v1/../metrics',
    '/cards/v1/%2e%2e/metrics',
    '/cards/v1/cards/x%2f..%2f..%2fmetrics',
    '/cards/v1/cards\\..\\..\\metrics',
    '/cards/v1//cards',
  ]) {
    const r = await raw(gw.port, path, agent);
    expect({ path, status: r.status, type: r.type }).toEqual({
      path,
      status: 400,
      type: 'application/problem+json; charset=utf-8',
    });
    expect(r.body).not.toContain('process_cpu');
  }
  // The same service, asked plainly, still answers.
  expect((await raw(gw.port, '/cards/v1/accounts/nobody/cards', agent)).status).toBe(200);
});
