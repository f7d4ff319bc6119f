import request from 'supertest';
import { declaredRoles, routeTableSpec, type Role } from '@cardline/platform';
import { enrolmentRoutes } from '../src/adapters/http/enrolment-routes';
import { toProblem } from '../src/adapters/http/routes';
import type { CustomerFactsDoc } from '../src/adapters/mongo/standing-view';
import type { CustomerStanding } from '../src/domain/eligibility';
import { T, eligible } from './support';
import { enrolmentSetUp } from './fake-enrolments';

// The add-on route table without servers: who may call each route, and the
// refusals an agent sees (every missing consent element, every failing rule).

const WORK: Role[] = ['sales_agent', 'underwriter', 'supervisor', 'admin'];
const PROOF: Role[] = ['compliance', 'supervisor', 'admin'];

/** Each route and the roles that may call it (docs/adr/0020-sales-enrolments-service.md). */
const ROLES_BY_ROUTE: Record<string, Role[]> = {
  'GET /v1/customers/:customerId/offers': WORK,
  'PUT /v1/customers/:customerId/facts': WORK,
  'POST /v1/enrolments': WORK,
  'GET /v1/enrolments/:enrolmentId': WORK,
  'POST /v1/enrolments/:enrolmentId/conversion-agreement': WORK,
  'POST /v1/enrolments/:enrolmentId/cancel': WORK,
  'GET /v1/enrolments/:enrolmentId/consent-record': PROOF,
  'GET /v1/consent-records': PROOF,
};

/** The add-on table as ServiceRuntime.serveApi mounts it (the platform's route-table harness). */
function spec(standing: CustomerStanding = eligible) {
  const { service, clock } = enrolmentSetUp(standing);
  const facts = {
    recordFacts: async (
      customerId: string,
      f: Omit<CustomerFactsDoc, '_id' | 'recordedBy' | 'recordedAt'>,
      actor: { id: string; role: string },
      at: number,
    ) => ({
      _id: customerId,
      ...f,
      recordedBy: actor,
      recordedAt: at,
    }),
  };
  return routeTableSpec({
    routes: enrolmentRoutes({ enrolments: service, facts, clock }),
    toProblem,
    params: { customerId: 'cus_1', enrolmentId: 'enr_none' },
  });
}
const app = (standing?: CustomerStanding) => spec(standing).app;
const { bearer } = spec();

const enrolBody = (consent: Record<string, unknown>) => ({
  customerId: 'cus_1',
  accountId: 'acc_1',
  termsVersion: 'PP-US-2',
  consent,
});

describe('who may call each add-on route', () => {
  it('declares the roles next to every route', () => {
    const { service, clock } = enrolmentSetUp();
    const routes = enrolmentRoutes({
      enrolments: service,
      facts: {
        recordFacts: async () => {
          throw new Error('unused');
        },
      },
      clock,
    });
    expect(declaredRoles(routes)).toEqual(spec().expectedRoles(ROLES_BY_ROUTE));
  });

  it('answers 401 without a token or with a bad one', async () => {
    const rows = await spec().unauthenticated(ROLES_BY_ROUTE);
    expect(rows).toEqual(Object.keys(ROLES_BY_ROUTE).map((key) => ({ key, none: 401, bad: 401 })));
  });

  it('lets exactly the declared roles past the role check; every other role gets 403 naming those that may', async () => {
    const { observed, expected } = await spec().roleChecks(ROLES_BY_ROUTE);
    expect(observed).toEqual(expected);
  });
});

describe('the add-on API behind the role checks', () => {
  it('an empty consent record is refused with 422 naming every element an agent must record', async () => {
    const res = await request(app())
      .post('/v1/enrolments')
      .set(await bearer('sales_agent'))
      .send(enrolBody({}));
    expect(res.status).toBe(422);
    expect(res.body.missing).toEqual([
      'OFFER_AND_TERMS_SHOWN',
      'PRICE_DISCLOSED',
      'OPTIONAL_DISCLOSED',
      'EXCLUSIONS_READ',
      'EXPRESS_YES',
      'CHANNEL',
      'SCRIPT_VERSION',
      'RECORDING_REFERENCE',
    ]);
  });

  it('an ineligible customer is offered nothing they are excluded from, and enrolling them is 409 naming every rule', async () => {
    const a = app({ ...eligible, onDoNotCall: true });
    const sheet = await request(a)
      .get('/v1/customers/cus_1/offers?accountId=acc_1')
      .set(await bearer('sales_agent'));
    expect(sheet.status).toBe(200);
    expect(sheet.body.offers).toEqual([]);
    for (const x of sheet.body.excluded) expect(x.failing).toEqual(['NOT_ON_DO_NOT_CALL']);
    const said = new Date(T - 60_000).toISOString();
    const res = await request(a)
      .post('/v1/enrolments')
      .set(await bearer('sales_agent'))
      .send(enrolBody({ expressYesAt: said }));
    expect(res.status).toBe(409);
    expect(res.body.failing).toEqual(['NOT_ON_DO_NOT_CALL']);
  });

  it('an offer names its price, says it is optional and carries the script', async () => {
    const res = await request(app())
      .get('/v1/customers/cus_1/offers?accountId=acc_1')
      .set(await bearer('sales_agent'));
    const pp = res.body.offers.find((o: { termsVersion: string }) => o.termsVersion === 'PP-US-2');
    expect(pp).toMatchObject({
      optional: true,
      pricing: { kind: 'MONTHLY', monthlyFee: 1_499, freeTrial: true },
    });
    expect(pp.script[0]).toContain('optional');
  });
});
