import express from 'express';
import request from 'supertest';
import {
  SimulatedClock,
  authenticate,
  mintToken,
  mountRoutes,
  problemHandler,
  type AuthOptions,
  type Role,
} from '@cardline/platform';
import { ledgerRoutes, toProblem, type RouteDeps } from '../src/adapters/http/routes';
import { decide, fold, type AccountState } from '../src/domain/account';
import { counter, given, opened, policy, purchase } from './account-fixtures';

// One account's end-of-day ahead of the clock (local profile only): the demo seeds delinquent
// accounts with it while the shared clock stays where every other demo step expects it.

const auth: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};
const bearer = async (role: Role) => ({
  authorization: `Bearer ${await mintToken(auth, { subject: `${role}-1`, roles: [role] })}`,
});

/** acc_1 with a 1,000.00 purchase on 12 January 2026, its days run by the real decider. */
function accountsWith(): { deps: RouteDeps; runs: { accountId: string; asOf: number }[] } {
  let state = given([opened]).after(purchase(100_000)).state as AccountState;
  const runs: { accountId: string; asOf: number }[] = [];
  const accounts = {
    get: async (id: string) => (id === 'acc_1' ? state : null),
    runEndOfDay: async (accountId: string, asOf: Date) => {
      runs.push({ accountId, asOf: asOf.getTime() });
      const cmd = { kind: 'RunEndOfDay' as const, asOf: asOf.getTime(), newId: counter() };
      const events = decide(cmd, state, policy);
      state = fold(events, state) as AccountState;
      return events;
    },
  };
  const deps = {
    accounts,
    readModels: {},
    cardStatus: {},
    scheduler: { drain: async () => 0 },
    clock: new SimulatedClock(new Date('2026-01-10T14:00:00Z')),
    accountTimeTravel: true,
  } as unknown as RouteDeps;
  return { deps, runs };
}

function app(d: RouteDeps) {
  const a = express();
  a.use(express.json());
  a.use('/v1', authenticate(auth));
  a.use(mountRoutes(ledgerRoutes(d), { idempotency: (_req, _res, next) => next(), toProblem }));
  a.use(problemHandler());
  return a;
}

const PATH = '/v1/admin/accounts/acc_1/end-of-day';

describe("one account's end-of-day ahead of the clock", () => {
  it('is not in the route table unless the local profile asks for it', () => {
    const { deps } = accountsWith();
    const paths = (d: RouteDeps) => ledgerRoutes(d).map((r) => r.path);
    expect(paths({ ...deps, accountTimeTravel: false })).not.toContain(
      '/v1/admin/accounts/:accountId/end-of-day',
    );
    expect(paths(deps)).toContain('/v1/admin/accounts/:accountId/end-of-day');
  });

  it('runs the account’s days up to asOf: unpaid since the 5 February statement, 45 days past due by mid-April', async () => {
    const { deps, runs } = accountsWith();
    const res = await request(app(deps))
      .post(PATH)
      .set(await bearer('admin'))
      .send({ asOf: '2026-04-16T12:00:00Z' });
    expect(res.status).toBe(200);
    expect(runs).toEqual([{ accountId: 'acc_1', asOf: Date.parse('2026-04-16T12:00:00Z') }]);
    expect(res.body).toMatchObject({ accountId: 'acc_1', delinquencyBucket: 'DPD_30_59' });
    expect(res.body.daysPastDue).toBeGreaterThanOrEqual(30);
  });

  it('refuses an instant more than 400 days ahead of the clock (the run folds every day)', async () => {
    const { deps, runs } = accountsWith();
    const res = await request(app(deps))
      .post(PATH)
      .set(await bearer('admin'))
      .send({ asOf: '2027-02-15T14:00:00Z' });
    expect(res.status).toBe(422);
    expect(runs).toEqual([]);
  });

  it('answers 404 for an unknown account and 403 to anyone but an admin', async () => {
    const { deps } = accountsWith();
    const a = app(deps);
    const body = { asOf: '2026-02-01T00:00:00Z' };
    expect(
      (
        await request(a)
          .post('/v1/admin/accounts/acc_none/end-of-day')
          .set(await bearer('admin'))
          .send(body)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(a)
          .post(PATH)
          .set(await bearer('collector'))
          .send(body)
      ).status,
    ).toBe(403);
  });
});
