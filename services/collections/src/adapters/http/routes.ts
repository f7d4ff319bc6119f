import {
  clockRoutes,
  domainProblem,
  DomainError,
  HttpProblem,
  problems,
  reply,
  route,
  type AnyRouteDef,
  type Clock,
  type Role,
} from '@cardline/platform';
import type { CaseService } from '../../application/case-service';
import { LanguageRefused } from '../../application/contact-service';
import { RuleRefused } from '../../domain/refusals';
import { contactRoutes, type ContactRouteDeps } from './contact-routes';
import { reliefRoutes, type ReliefRouteDeps } from './relief-routes';
import { reportRoutes, type ReportRouteDeps } from './report-routes';
import { AccountIdParams, CaseIdParams, ListQuery, PromiseBody } from './schemas';
import { CaseSchema, CasesSchema } from './responses';
import { caseView } from './views';

export interface RouteDeps extends ContactRouteDeps, ReliefRouteDeps, ReportRouteDeps {
  cases: CaseService;
  clock: Clock;
  /** Decides the promises whose deadline has passed (after the simulated clock moves). */
  drainPromises: () => Promise<number>;
  /** Runs the strategy runner on every case whose treatment came due. */
  drainTreatments: () => Promise<number>;
}

// Who may do what (roles: docs/domain.md#privacy-and-security): collections is the
// collectors' work, watched by supervisors.
const WORK: Role[] = ['collector', 'supervisor', 'admin'];

const TAG = ['collections'];

export function toProblem(err: unknown): unknown {
  if (err instanceof LanguageRefused)
    return new HttpProblem({ ...problems.validation(err.message).problem, category: err.category });
  if (err instanceof RuleRefused)
    return new HttpProblem({ ...problems.validation(err.message).problem, ruleId: err.ruleId });
  return err instanceof DomainError
    ? domainProblem(
        err.code,
        err.message,
        err.code === 'INVALID_STATE' ? { currentStatus: err.currentStatus } : {},
      )
    : err;
}

export function collectionsRoutes(d: RouteDeps): AnyRouteDef[] {
  return [
    route({
      method: 'get',
      path: '/v1/cases',
      summary: 'Collections cases, newest first (at most 200), by account, bucket and status',
      roles: WORK,
      tags: TAG,
      query: ListQuery,
      responses: { 200: reply('The cases (empty when none match)', CasesSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: (await d.cases.list(query)).map(caseView) },
      }),
    }),
    route({
      method: 'get',
      path: '/v1/cases/:caseId',
      summary: 'A case: bucket, collectable amount, open disputes, promises, contact suppression',
      roles: WORK,
      tags: TAG,
      params: CaseIdParams,
      responses: { 200: reply('The case', CaseSchema), 404: 'No such case' },
      handle: async ({ params }) => ({ status: 200, body: caseView(await d.cases.require(params.caseId)) }),
    }),
    route({
      method: 'get',
      path: '/v1/accounts/:accountId/case',
      summary: 'The account’s collections case: the open one, else the latest',
      roles: WORK,
      tags: TAG,
      params: AccountIdParams,
      responses: { 200: reply('The case', CaseSchema), 404: 'The account never had a case' },
      handle: async ({ params }) => {
        const s = await d.cases.forAccount(params.accountId);
        if (!s) throw new DomainError('NOT_FOUND', `account ${params.accountId} has no collections case`);
        return { status: 200, body: caseView(s) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/promises',
      summary:
        'Record a promise to pay (one or several instalments): contact waits until the last date plus the grace days',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      body: PromiseBody,
      responses: {
        201: reply('The case with the new promise', CaseSchema),
        404: 'No such case',
        409: 'The case is closed, or a promise is still running (currentStatus names the case’s status)',
        422: 'An amount is not positive, a date is not after today or the one before, or the total exceeds the collectable amount',
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { state } = await d.cases.makePromise(
          params.caseId,
          { instalments: body.instalments, actor },
          ctx,
        );
        return { status: 201, body: caseView(state), location: `/v1/cases/${state.caseId}` };
      },
    }),
    ...contactRoutes(d),
    ...reliefRoutes(d),
    ...reportRoutes(d),
    ...clockRoutes(d.clock, {
      service: 'collections',
      fires: 'promises whose deadline passed are decided kept or broken, then treatments due are run',
      fired: {
        promises: 'Cases whose promise deadlines were decided',
        treatments: 'Cases the strategy runner worked (a treatment applied or refused by the gate)',
      },
      afterMove: async () => {
        const promises = await d.drainPromises();
        return { promises, treatments: await d.drainTreatments() };
      },
    }),
  ];
}
