import request from 'supertest';
import { declaredRoles, routeTableSpec, type Role } from '@cardline/platform';
import { salesRoutes, toProblem, type RouteDeps } from '../src/adapters/http/routes';
import { SECRETS, salesDeps } from './fake-applications';

// Sales' route table without servers: who may call each route, and what the
// handlers answer behind the role checks (stand-ins built on the real decider).

const WORK: Role[] = ['sales_agent', 'underwriter', 'supervisor', 'admin'];

/** Each route and the roles that may call it (docs/adr/0018-sales-applications-service.md). */
const ROLES_BY_ROUTE: Record<string, Role[]> = {
  'GET /v1/applications': WORK,
  'POST /v1/applications': WORK,
  'GET /v1/applications/:applicationId': WORK,
  'POST /v1/applications/:applicationId/details': WORK,
  'POST /v1/applications/:applicationId/consent-credit-check': WORK,
  'POST /v1/applications/:applicationId/decide': WORK,
  'POST /v1/applications/:applicationId/underwrite': ['underwriter', 'supervisor', 'admin'],
  'POST /v1/applications/:applicationId/withdraw': WORK,
  'GET /v1/applications/:applicationId/sensitive': ['underwriter', 'admin'],
  'GET /v1/admin/clock': ['admin'],
  'POST /v1/admin/clock': ['admin'],
};

/** The table as ServiceRuntime.serveApi mounts it (the platform's route-table harness). */
const spec = (d: RouteDeps = salesDeps()) =>
  routeTableSpec({ routes: salesRoutes(d), toProblem, params: { applicationId: 'app_none' } });
const app = (d?: RouteDeps) => spec(d).app;
const { bearer } = spec();

/** A route named as in ROLES_BY_ROUTE, at the application given. */
function call(a: ReturnType<typeof app>, key: string, id: string) {
  const [method, path] = key.split(' ') as [string, string];
  const url = path.replace(':applicationId', id);
  return method === 'GET' ? request(a).get(url) : request(a).post(url);
}

describe('who may call each sales route', () => {
  it('declares the roles next to every route', () => {
    expect(declaredRoles(salesRoutes(salesDeps()))).toEqual(spec().expectedRoles(ROLES_BY_ROUTE));
  });

  it('answers 401 without a token', async () => {
    const rows = await spec().unauthenticated(ROLES_BY_ROUTE);
    expect(rows).toEqual(Object.keys(ROLES_BY_ROUTE).map((key) => ({ key, none: 401, bad: 401 })));
  });

  it('lets exactly the declared roles past the role check; every other role gets 403 naming those that may', async () => {
    const { observed, expected } = await spec().roleChecks(ROLES_BY_ROUTE);
    expect(observed).toEqual(expected);
  });
});

describe('the sales API behind the role checks', () => {
  it('an application shows each step after the approval, and no national id beyond the mask, no income', async () => {
    const res = await call(app(), 'GET /v1/applications/:applicationId', 'app_approved').set(
      await bearer('sales_agent'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'APPROVED',
      accountId: 'acc_1',
      cardId: 'card_1',
      decision: { outcome: 'APPROVE', reasons: [] },
    });
    expect(res.body.steps.map((s: { step: string; done: boolean }) => [s.step, s.done])).toEqual([
      ['SUBMITTED', true],
      ['COMPLETED', true],
      ['DECIDED', true],
      ['ACCOUNT_OPENED', true],
      ['CARD_ISSUED', true],
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('6789');
    expect(text).not.toContain(String(SECRETS.details.income?.annualIncome));
    expect(text).not.toContain(SECRETS.identity.dateOfBirth);
  });

  it('a decline shows its 1–4 reasons', async () => {
    const res = await call(app(), 'GET /v1/applications/:applicationId', 'app_declined').set(
      await bearer('supervisor'),
    );
    expect(res.body.decision.outcome).toBe('DECLINE');
    expect(res.body.decision.reasons.length).toBeGreaterThanOrEqual(1);
    expect(res.body.decision.reasons.length).toBeLessThanOrEqual(4);
  });

  it('the personal data is shown to an underwriter, and the read is logged without the values', async () => {
    const lines: unknown[] = [];
    const d = salesDeps();
    const logger = {
      ...d.logger,
      info: (o: unknown) => void lines.push(o),
    } as unknown as RouteDeps['logger'];
    const res = await call(
      app({ ...d, logger }),
      'GET /v1/applications/:applicationId/sensitive',
      'app_complete',
    ).set(await bearer('underwriter'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      nationalId: '123-45-6789',
      readBy: { id: 'underwriter-1', role: 'underwriter' },
    });
    expect(lines).toEqual([
      {
        audit: 'sales.sensitive-read',
        applicationId: 'app_complete',
        actor: { id: 'underwriter-1', role: 'underwriter' },
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('6789');
  });

  it('a duplicate application is refused with 409 naming the open one', async () => {
    const body = {
      identity: { ...SECRETS.identity, nationalId: '999-99-9999' },
      details: SECRETS.details,
      creditCheckConsent: { channel: 'PHONE' },
    };
    const res = await request(app())
      .post('/v1/applications')
      .set(await bearer('sales_agent'))
      .send(body);
    expect(res.status).toBe(409);
    expect(res.body.existingApplicationId).toBe('app_complete');
  });

  it('a referral is decided by an underwriter only with a note', async () => {
    const a = app();
    const path = '/v1/applications/app_referred/underwrite';
    const decline = { outcome: 'DECLINE', reasons: ['THIN_FILE'] };
    const noNote = await request(a)
      .post(path)
      .set(await bearer('underwriter'))
      .send({ decision: decline, note: ' ' });
    expect(noNote.status).toBe(422);
    const ok = await request(a)
      .post(path)
      .set(await bearer('underwriter'))
      .send({ decision: decline, note: 'File too thin to lend on' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'DECLINED', decision: { reasons: ['THIN_FILE'] } });
  });
});
