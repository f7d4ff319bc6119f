import express from 'express';
import request from 'supertest';
import {
  ROLES,
  SimulatedClock,
  authenticate,
  mintToken,
  mountRoutes,
  openApiDocument,
  problemHandler,
  type AuthOptions,
  type Role,
} from '@cardline/platform';
import { ledgerRoutes, toProblem, type RouteDeps } from '../src/adapters/http/routes';

// The ledger's route table without servers: who may call each route, the
// OpenAPI document written from it, and the handlers behind the role checks.

const auth: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};

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

/** The ledger's routes as ServiceRuntime.serveApi mounts them: bearer auth on /v1, then the table. */
function app(d: RouteDeps = deps()) {
  const a = express();
  a.use(express.json());
  a.use('/v1', authenticate(auth));
  a.use(mountRoutes(ledgerRoutes(d), { idempotency: (_req, _res, next) => next(), toProblem }));
  a.use(problemHandler());
  return a;
}

const tokens = new Map<Role, Promise<string>>();
const bearer = async (role: Role) => {
  if (!tokens.has(role)) tokens.set(role, mintToken(auth, { subject: `${role}-1`, roles: [role] }));
  return { authorization: `Bearer ${await tokens.get(role)}` };
};

/** A request to a route named as in ROLES_BY_ROUTE ('GET /v1/accounts/:accountId'), at a concrete URL. */
function call(a: express.Express, key: string) {
  const [method, path] = key.split(' ') as [string, string];
  const url = path.replace(':accountId', 'acc-1').replace(':statementId', 'stmt-1');
  return method === 'GET' ? request(a).get(url) : request(a).post(url);
}

describe('who may call each ledger route', () => {
  it('declares the roles next to every route, the same the gateway enforced before', () => {
    const declared = Object.fromEntries(
      ledgerRoutes(deps()).map((r) => [`${r.method.toUpperCase()} ${r.path}`, [...r.roles].sort()]),
    );
    expect(declared).toEqual(
      Object.fromEntries(Object.entries(ROLES_BY_ROUTE).map(([k, roles]) => [k, [...roles].sort()])),
    );
  });

  it('answers 401 without a token or with a bad one, before anything else', async () => {
    const a = app();
    for (const key of Object.keys(ROLES_BY_ROUTE)) {
      expect({ key, status: (await call(a, key)).status }).toEqual({ key, status: 401 });
      const bad = await call(a, key).set('authorization', 'Bearer nope');
      expect({ key, status: bad.status }).toEqual({ key, status: 401 });
    }
  });

  it('lets exactly the declared roles past the role check; every other role gets 403 naming those that may', async () => {
    const a = app();
    for (const [key, allowed] of Object.entries(ROLES_BY_ROUTE)) {
      for (const role of ROLES) {
        const res = await call(a, key).set(await bearer(role));
        // Past the check, the stand-ins answer 200, 404 (no such account) or 422 (no body).
        const got = res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthenticated' : 'let through';
        const want = allowed.includes(role) ? 'let through' : 'forbidden';
        expect({ key, role, got }).toEqual({ key, role, got: want });
        if (res.status === 403)
          expect(res.body.detail).toContain(`requires one of the roles ${allowed.join(', ')}`);
      }
    }
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
