import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { serverEnv, eventually } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import {
  asRole,
  http,
  ledgerCallers,
  openBody,
  purchaseBody,
  startTestLedger,
  type LedgerCallers,
} from './support';

// The ledger on real Kafka, a real Mongo-wire server and a real registry.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let collector: TopicCollector;
let as: LedgerCallers;

beforeAll(async () => {
  as = await ledgerCallers();
  collector = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), [
    'ledger.account',
    'ledger.transaction',
    'ledger.statement',
  ]).start();
  ledger = await startTestLedger();
});

afterAll(async () => {
  await ledger?.stop();
  await collector?.stop();
});

describe('commands become events on Kafka', () => {
  it('opening an account publishes ledger.account.opened.v1 with CloudEvents headers and Confluent framing, readable by an independent client', async () => {
    const res = await http('POST', `${ledger.url}/v1/accounts`, openBody(), {
      ...as.sales,
      'x-correlation-id': 'corr-open-1',
    });
    expect(res.status).toBe(201);
    const accountId = res.json.accountId as string;

    const [rec] = await eventually(async () => {
      const found = collector.where(
        (r) => r.headers.ce_subject === accountId && r.headers.ce_type === 'ledger.account.opened.v1',
      );
      if (found.length === 0) throw new Error('not yet');
      return found;
    });
    expect(rec?.topic).toBe('ledger.account');
    expect(rec?.message.key?.toString()).toBe(accountId);
    expect(rec?.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: 'ledger',
      ce_type: 'ledger.account.opened.v1',
      ce_subject: accountId,
      correlation_id: 'corr-open-1',
      aggregate_version: '1',
    });
    expect(rec?.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(rec?.headers.ce_time ?? '').getTime()).not.toBeNaN();
    const value = rec?.message.value as Buffer;
    expect(value.readUInt8(0)).toBe(0); // Confluent magic byte
    const schemaId = value.readInt32BE(1);

    // An independent client (not our serde) decodes it against the registry.
    const registry = new SchemaRegistry({ host: serverEnv().SCHEMA_REGISTRY_URL });
    const decoded = await registry.decode(value);
    expect(decoded).toMatchObject({
      accountId,
      currency: 'USD',
      creditLimit: 500000,
      aprBps: 2499,
      market: 'US',
    });
    const schema = (await registry.getSchema(schemaId)) as unknown as { name: string };
    expect(schema.name).toBe('cardline.ledger.account.OpenedV1');
  });

  it('a purchase is authorised, posted, published and projected into the transactions read model', async () => {
    const { json: acc } = await http(
      'POST',
      `${ledger.url}/v1/accounts`,
      openBody({ creditLimit: 100000 }),
      as.sales,
    );
    const ok = await http(
      'POST',
      `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
      purchaseBody(60000),
      as.processor,
    );
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ status: 'POSTED', balance: 60000, availableCredit: 40000 });
    const declined = await http(
      'POST',
      `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
      purchaseBody(50000),
      as.processor,
    );
    expect(declined.json).toMatchObject({
      status: 'DECLINED',
      declineReason: 'INSUFFICIENT_CREDIT',
      availableCredit: 40000,
    });

    const page = await eventually(async () => {
      const r = await http(
        'GET',
        `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
        undefined,
        as.reader,
      );
      if (r.json.items.length < 2) throw new Error(`only ${r.json.items.length} projected`);
      return r.json;
    });
    expect(page.items.map((t: { status: string; amount: number }) => [t.status, t.amount])).toEqual([
      ['DECLINED', 50000],
      ['POSTED', 60000],
    ]);
    const posted = collector.where(
      (r) => r.headers.ce_subject === acc.accountId && r.topic === 'ledger.transaction',
    );
    expect(posted.map((r) => r.headers.ce_type).sort()).toEqual([
      'ledger.transaction.declined.v1',
      'ledger.transaction.posted.v1',
    ]);
  });
});

describe('HTTP errors are problem+json', () => {
  it('malformed JSON → 422', async () => {
    const r = await http('POST', `${ledger.url}/v1/accounts`, '{"customerId": ', as.sales);
    expect(r.status).toBe(422);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.json).toMatchObject({ type: 'https://cardline.dev/problems/validation', status: 422 });
  });

  it('invalid body → 422 naming each bad field', async () => {
    const r = await http(
      'POST',
      `${ledger.url}/v1/accounts`,
      openBody({ creditLimit: -5, timeZone: 'Mars/Olympus', extra: 1 }),
      as.sales,
    );
    expect(r.status).toBe(422);
    const paths = (r.json.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.creditLimit', 'body.timeZone']));
  });

  it('a float amount → 422 (money is integer minor units)', async () => {
    const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), as.sales);
    const r = await http(
      'POST',
      `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
      { ...purchaseBody(10), amount: 10.5 },
      as.processor,
    );
    expect(r.status).toBe(422);
  });

  it('unknown account → 404', async () => {
    const r = await http(
      'POST',
      `${ledger.url}/v1/accounts/nope-123/transactions`,
      purchaseBody(100),
      as.processor,
    );
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ type: 'https://cardline.dev/problems/not-found', status: 404 });
    expect((await http('GET', `${ledger.url}/v1/accounts/nope-123`, undefined, as.reader)).status).toBe(404);
  });

  it('opening an existing account id → 409', async () => {
    const body = openBody({ accountId: `acc-${Date.now()}` });
    expect((await http('POST', `${ledger.url}/v1/accounts`, body, as.sales)).status).toBe(201);
    const again = await http('POST', `${ledger.url}/v1/accounts`, body, as.sales);
    expect(again.status).toBe(409);
    expect(again.json.type).toBe('https://cardline.dev/problems/conflict');
  });

  it('unknown route → 404 problem', async () => {
    const r = await http('GET', `${ledger.url}/v2/whatever`);
    expect(r.status).toBe(404);
    expect(r.contentType).toContain('application/problem+json');
  });
});

describe('tokens and roles, checked by the ledger itself', () => {
  it('no token or a bad one → 401; a role the route does not allow → 403 naming the roles that may', async () => {
    const noToken = await http('GET', `${ledger.url}/v1/accounts/nope-123`);
    expect(noToken.status).toBe(401);
    expect(noToken.contentType).toContain('application/problem+json');
    const garbage = { authorization: 'Bearer garbage' };
    expect((await http('GET', `${ledger.url}/v1/accounts/nope-123`, undefined, garbage)).status).toBe(401);
    // The floor reads; posting is the card processor's work and opening is sales'.
    const agentPosts = await http(
      'POST',
      `${ledger.url}/v1/accounts/nope-123/transactions`,
      purchaseBody(100),
      as.reader,
    );
    expect(agentPosts.status).toBe(403);
    expect(agentPosts.json.type).toBe('https://cardline.dev/problems/forbidden');
    expect(agentPosts.json.detail).toContain('card_processor, admin');
    expect((await http('POST', `${ledger.url}/v1/accounts`, openBody(), as.processor)).status).toBe(403);
    expect((await http('POST', `${ledger.url}/v1/admin/end-of-day`, undefined, as.reader)).status).toBe(403);
    const clock = await http('GET', `${ledger.url}/v1/admin/clock`, undefined, as.admin);
    expect(clock.json).toMatchObject({ simulated: true });
  });
});

describe('concurrency and idempotency', () => {
  it('concurrent purchases never lose an update and never exceed the limit', async () => {
    const { json: acc } = await http(
      'POST',
      `${ledger.url}/v1/accounts`,
      openBody({ creditLimit: 100000 }),
      as.sales,
    );
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        http(
          'POST',
          `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
          purchaseBody(10000),
          as.processor,
        ),
      ),
    );
    const posted = results.filter((r) => r.json.status === 'POSTED').length;
    const declined = results.filter((r) => r.json.status === 'DECLINED').length;
    expect(posted).toBe(10);
    expect(declined).toBe(5);
    const after = await http('GET', `${ledger.url}/v1/accounts/${acc.accountId}`, undefined, as.reader);
    expect(after.json).toMatchObject({ balance: 100000, availableCredit: 0 });
  });

  it('the same Idempotency-Key posts once and replays the answer; another body with it → 422', async () => {
    const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), as.sales);
    const url = `${ledger.url}/v1/accounts/${acc.accountId}/transactions`;
    const key = { ...as.processor, 'idempotency-key': `pay-${Date.now()}` };
    const first = await http('POST', url, { kind: 'PAYMENT', amount: 2500, currency: 'USD' }, key);
    const second = await http('POST', url, { kind: 'PAYMENT', amount: 2500, currency: 'USD' }, key);
    expect(second.status).toBe(first.status);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await http('POST', url, { kind: 'PAYMENT', amount: 9999, currency: 'USD' }, key);
    expect(other.status).toBe(422);
    expect(
      (await http('GET', `${ledger.url}/v1/accounts/${acc.accountId}`, undefined, as.reader)).json.balance,
    ).toBe(-2500);
  });
});

describe('statements and delinquency with the simulated clock', () => {
  it('closes a statement, charges a late fee when the minimum is missed, and moves to 1–29 days past due', async () => {
    const { json: acc } = await http(
      'POST',
      `${ledger.url}/v1/accounts`,
      openBody({ billingCycleDay: 5 }),
      as.sales,
    );
    await http(
      'POST',
      `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
      purchaseBody(100000),
      as.processor,
    );
    // Clock starts 2026-01-10; move past the Feb 5 close and the Mar 2 due date.
    const moved = await http(
      'POST',
      `${ledger.url}/v1/admin/clock`,
      { to: '2026-03-04T12:00:00Z' },
      as.admin,
    );
    expect(moved.status).toBe(200);
    const a = (await http('GET', `${ledger.url}/v1/accounts/${acc.accountId}`, undefined, as.reader)).json;
    expect(a).toMatchObject({
      daysPastDue: 1,
      delinquencyBucket: 'DPD_1_29',
      amountPastDue: 2500,
      balance: 102500,
    });
    expect(a.lastStatement).toMatchObject({
      closedOn: '2026-02-05',
      minimumDue: 2500,
      dueDate: '2026-03-02',
    });

    const statements = await eventually(async () => {
      const r = await http(
        'GET',
        `${ledger.url}/v1/accounts/${acc.accountId}/statements`,
        undefined,
        as.reader,
      );
      if (r.json.items.length < 1) throw new Error('no statement yet');
      return r.json.items;
    });
    expect(statements[0]).toMatchObject({ closingBalance: 100000, minimumDue: 2500, purchases: 100000 });
    const fee = collector.where(
      (r) => r.headers.ce_subject === acc.accountId && r.headers.ce_type === 'ledger.transaction.posted.v1',
    );
    await eventually(async () => {
      if (
        collector.where(
          (r) =>
            r.headers.ce_subject === acc.accountId &&
            r.headers.ce_type === 'ledger.account.delinquency-changed.v1',
        ).length !== 1
      )
        throw new Error('no delinquency event');
    });
    expect(fee.length).toBeGreaterThanOrEqual(1);
  });

  it('the clock refuses to go backwards → 422', async () => {
    const r = await http('POST', `${ledger.url}/v1/admin/clock`, { to: '2020-01-01T00:00:00Z' }, as.admin);
    expect(r.status).toBe(422);
  });
});

describe('operability', () => {
  it('serves health, metrics and its OpenAPI document', async () => {
    expect((await http('GET', `${ledger.url}/health/live`)).status).toBe(200);
    const ready = await http('GET', `${ledger.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json.checks.mongo.ok).toBe(true);
    const metrics = await fetch(`${ledger.url}/metrics`).then((r) => r.text());
    expect(metrics).toContain('http_request_duration_seconds');
    expect(metrics).toContain('cardline_events_published_total');
    const doc = (await http('GET', `${ledger.url}/openapi.json`)).json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/accounts/{accountId}/transactions');
    expect(doc.paths['/v1/accounts/{accountId}/transactions'].post['x-roles']).toEqual([
      'card_processor',
      'admin',
    ]);
  });
});

describe('audit trail (docs/architecture.md#audit-trail)', () => {
  it('every read of an account is recorded with who, role, customer and correlation id; refusals too; compliance can query it', async () => {
    const customerId = `cus-audit-${Date.now()}`;
    const opened = await http('POST', `${ledger.url}/v1/accounts`, openBody({ customerId }), as.admin);
    expect(opened.status).toBe(201);
    const accountId = opened.json.accountId as string;
    const correlation = `corr-audit-${Date.now()}`;
    const read = await http('GET', `${ledger.url}/v1/accounts/${accountId}`, undefined, {
      ...as.reader,
      'x-correlation-id': correlation,
    });
    expect(read.status).toBe(200);
    // A card processor may not read the audit trail: refused, and the refusal is recorded too.
    const refused = await http(
      'GET',
      `${ledger.url}/v1/audit?customerId=${customerId}`,
      undefined,
      as.processor,
    );
    expect(refused.status).toBe(403);
    const compliance = await asRole('compliance');
    const trail = await eventually(async () => {
      const r = await http('GET', `${ledger.url}/v1/audit?customerId=${customerId}`, undefined, compliance);
      expect(r.status).toBe(200);
      if (r.json.items.length < 2) throw new Error(`${r.json.items.length} audit records`);
      return r.json.items as {
        subject: string;
        actingRole: string;
        route: string;
        method: string;
        status: number;
        correlationId: string | null;
        resource: Record<string, string>;
        customerIds: string[];
      }[];
    });
    const agentRead = trail.find((t) => t.method === 'GET' && t.route === '/v1/accounts/:accountId');
    expect(agentRead).toMatchObject({
      actingRole: 'agent',
      status: 200,
      correlationId: correlation,
      resource: { accountId },
      customerIds: [customerId],
    });
    expect(agentRead?.subject).toMatch(/^agent-/);
    expect(
      trail.some((t) => t.method === 'POST' && t.route === '/v1/accounts' && t.actingRole === 'admin'),
    ).toBe(true);
    // By person: the processor's refused look is on its own trail.
    const processorSubject = JSON.parse(
      Buffer.from(String(as.processor.authorization).split('.')[1] as string, 'base64url').toString(),
    ).sub as string;
    const byPerson = await eventually(async () => {
      const r = await http(
        'GET',
        `${ledger.url}/v1/audit?subject=${processorSubject}`,
        undefined,
        compliance,
      );
      if (!r.json.items.some((t: { route: string }) => t.route === '/v1/audit'))
        throw new Error('refusal not recorded');
      return r.json.items as { route: string; status: number; actingRole: string | null }[];
    });
    expect(byPerson.find((t) => t.route === '/v1/audit')).toMatchObject({ status: 403, actingRole: null });
    const bad = await http('GET', `${ledger.url}/v1/audit`, undefined, compliance);
    expect(bad.status).toBe(422);
    expect(bad.contentType).toMatch(/problem\+json/);
  });
});
