import request from 'supertest';
import {
  SimulatedClock,
  declaredRoles,
  openApiDocument,
  routeTableSpec,
  type Role,
} from '@cardline/platform';
import { ledgerRoutes, toProblem, type RouteDeps } from '../src/adapters/http/routes';

// The ledger's route table without servers: who may call each route, the
// OpenAPI document written from it, and the handlers behind the role checks.

const READ: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent', 'admin'];

/** Each route and the roles that may call it: those the gateway enforced for the ledger before. */
const ROLES_BY_ROUTE: Record<string, Role[]> = {
  'POST /v1/accounts': ['admin'],
  'GET /v1/accounts/:accountId': READ,
  'POST /v1/accounts/:accountId/transactions': ['card_processor', 'admin'],
  'GET /v1/accounts/:accountId/transactions': READ,
  'GET /v1/accounts/:accountId/cards': READ,
  'GET /v1/accounts/:accountId/statements': READ,
  'GET /v1/accounts/:accountId/statements/:statementId': READ,
  'GET /v1/admin/clock': ['admin'],
  'POST /v1/admin/clock': ['admin'],
  'POST /v1/admin/end-of-day': ['admin'],
};

const posted: { accountId: string; requestId?: string; correlationId: string }[] = [];

/** Stand-ins for the use cases and read models: no account exists; postings and end-of-day are recorded. */
function deps(clock = new SimulatedClock(new Date('2026-01-10T14:00:00Z'))): RouteDeps {
  return {
    accounts: {
      get: async () => null,
      open: async () => {
        throw new Error('not in this test');
      },
      post: async (
        accountId: string,
        _input: unknown,
        ctx: { requestId?: string; correlationId: string },
      ) => {
        posted.push({ accountId, requestId: ctx.requestId, correlationId: ctx.correlationId });
        return { status: 'POSTED', transactionId: 'txn_1', balance: 2500, availableCredit: 97500 };
      },
    },
    readModels: {
      listTransactions: async () => [],
      listStatements: async () => [],
      getStatement: async () => null,
    },
    cardStatus: { listByAccount: async () => [] },
    scheduler: { drain: async () => 3 },
    clock,
  } as unknown as RouteDeps;
}

/** The ledger's routes as ServiceRuntime.serveApi mounts them (the platform's route-table harness). */
const spec = (d: RouteDeps = deps()) =>
  routeTableSpec({
    routes: ledgerRoutes(d),
    toProblem,
    params: { accountId: 'acc-1', statementId: 'stmt-1' },
  });
const app = (d?: RouteDeps) => spec(d).app;
const { bearer } = spec();

describe('who may call each ledger route', () => {
  it('declares the roles next to every route, the same the gateway enforced before', () => {
    const s = spec();
    expect(declaredRoles(ledgerRoutes(deps()))).toEqual(s.expectedRoles(ROLES_BY_ROUTE));
  });

  it('answers 401 without a token or with a bad one, before anything else', async () => {
    const rows = await spec().unauthenticated(ROLES_BY_ROUTE);
    expect(rows).toEqual(Object.keys(ROLES_BY_ROUTE).map((key) => ({ key, none: 401, bad: 401 })));
  });

  it('lets exactly the declared roles past the role check; every other role gets 403 naming those that may', async () => {
    // Past the check, the stand-ins answer 200, 404 (no such account) or 422 (no body).
    const { observed, expected } = await spec().roleChecks(ROLES_BY_ROUTE);
    expect(observed).toEqual(expected);
  });
});

describe('the ledger API behind the role checks', () => {
  it('a posting by the card processor reaches the use case, with its Idempotency-Key as the request id', async () => {
    posted.length = 0;
    const res = await request(app())
      .post('/v1/accounts/acc-1/transactions')
      .set(await bearer('card_processor'))
      .set('idempotency-key', 'pay-1')
      .set('x-correlation-id', 'call-1')
      .send({ kind: 'PAYMENT', amount: 2500, currency: 'USD' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: 'POSTED',
      transactionId: 'txn_1',
      balance: 2500,
      availableCredit: 97500,
    });
    expect(posted).toEqual([{ accountId: 'acc-1', requestId: 'http:pay-1', correlationId: 'call-1' }]);
  });

  it('reads of an account that does not exist answer 404 problem+json', async () => {
    const res = await request(app())
      .get('/v1/accounts/acc-1/transactions')
      .set(await bearer('agent'));
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toBe('account acc-1 not found');
  });

  it('the platform clock routes move the simulated clock and run end-of-day for what came due', async () => {
    const clock = new SimulatedClock(new Date('2026-01-10T14:00:00Z'));
    const a = app(deps(clock));
    const admin = await bearer('admin');
    const moved = await request(a).post('/v1/admin/clock').set(admin).send({ advanceDays: 2 });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: '2026-01-12T14:00:00.000Z', accountsProcessed: 3 });
    expect((await request(a).get('/v1/admin/clock').set(admin)).body).toEqual({
      now: '2026-01-12T14:00:00.000Z',
      simulated: true,
    });
    const back = await request(a).post('/v1/admin/clock').set(admin).send({ to: '2020-01-01T00:00:00Z' });
    expect(back.status).toBe(422);
  });
});

describe("the ledger's OpenAPI document", () => {
  const doc = openApiDocument(ledgerRoutes(deps()), {
    title: 'Cardline ledger',
    version: '0',
    description: '',
  });
  const paths = doc.paths as Record<
    string,
    Record<string, { 'x-roles': Role[]; parameters?: { name: string }[] }>
  >;

  it('has every path and method the ledger serves, and no other', () => {
    const operations = Object.entries(paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(operations.sort()).toEqual(
      Object.keys(ROLES_BY_ROUTE)
        .map((k) => k.replace(/:([A-Za-z]+)/g, '{$1}'))
        .sort(),
    );
  });

  it('lists the roles of each operation, and Idempotency-Key on postings', () => {
    for (const [key, roles] of Object.entries(ROLES_BY_ROUTE)) {
      const [method, path] = key.split(' ') as [string, string];
      const op = paths[path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];
      expect({ key, roles: op?.['x-roles'] }).toEqual({ key, roles });
    }
    const post = paths['/v1/accounts/{accountId}/transactions']?.post;
    expect(post?.parameters?.map((p) => p.name)).toContain('idempotency-key');
  });
});
