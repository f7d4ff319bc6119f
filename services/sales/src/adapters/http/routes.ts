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
  type Logger,
  type Role,
} from '@cardline/platform';
import type { ApplicationService } from '../../application/application-service';
import { ConsentIncomplete } from '../../domain/consent';
import {
  ApplicationIdParams,
  ConsentBody,
  DetailsBody,
  ListQuery,
  SubmitBody,
  UnderwriteBody,
  WithdrawBody,
} from './schemas';
import { ApplicationSchema, ApplicationsSchema, SensitiveSchema } from './responses';
import { applicationView, sensitiveView } from './views';

/** The use cases the routes call. */
export type Applications = Pick<
  ApplicationService,
  | 'list'
  | 'require'
  | 'submit'
  | 'provideDetails'
  | 'consent'
  | 'decide'
  | 'underwrite'
  | 'withdraw'
  | 'sensitive'
>;

export interface RouteDeps {
  applications: Applications;
  clock: Clock;
  logger: Logger;
  /** Warns and breaches the decision clocks now due (after the simulated clock moves). */
  drainClock: () => Promise<number>;
  /** Runs the add-on trial and fee timers now due (none without enrolments). */
  drainTrialClock?: () => Promise<number>;
}

// Who may do what (docs/domain.md#privacy-and-security): agents take applications,
// underwriters decide referrals and alone (with admins) see the personal data.
const WORK: Role[] = ['sales_agent', 'underwriter', 'supervisor', 'admin'];
const UNDERWRITE: Role[] = ['underwriter', 'supervisor', 'admin'];
const SENSITIVE: Role[] = ['underwriter', 'admin'];

const TAG = ['sales'];
const byId = { params: ApplicationIdParams } as const;

export function toProblem(err: unknown): unknown {
  if (!(err instanceof DomainError)) return err;
  // Every missing element named, so the agent completes the record in one pass.
  if (err instanceof ConsentIncomplete)
    return new HttpProblem({ ...problems.validation(err.message).problem, missing: err.missing });
  const extra: Record<string, unknown> =
    err.code === 'INVALID_STATE' ? { currentStatus: err.currentStatus } : {};
  if ('existingApplicationId' in err) extra.existingApplicationId = err.existingApplicationId;
  if ('failing' in err) extra.failing = err.failing;
  return domainProblem(err.code, err.message, extra);
}

export function salesRoutes(d: RouteDeps): AnyRouteDef[] {
  const view = reply('The application', ApplicationSchema);
  return [
    route({
      method: 'get',
      path: '/v1/applications',
      summary: 'Applications, newest first (at most 200), by status',
      roles: WORK,
      tags: TAG,
      query: ListQuery,
      responses: { 200: reply('The applications (empty when none match)', ApplicationsSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: (await d.applications.list(query)).map(applicationView) },
      }),
    }),
    route({
      method: 'post',
      path: '/v1/applications',
      summary:
        'Take an application: identity, any sections given, and the consent to a credit check if given on this call',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      body: SubmitBody,
      responses: {
        201: reply('The application', ApplicationSchema),
        409: 'The applicant has an open application (existingApplicationId names it)',
        422: 'The identity or a section is invalid, or the product is not sold in the market',
      },
      handle: async ({ body, actor, ctx }) => {
        const r = await d.applications.submit(
          {
            market: body.market,
            productCode: body.productCode,
            customerId: body.customerId,
            secrets: { identity: body.identity, details: body.details, hasCoSigner: body.hasCoSigner },
            creditCheckConsent: body.creditCheckConsent,
          },
          actor,
          ctx,
        );
        const id = r.application.applicationId;
        return { status: 201, body: applicationView(r), location: `/v1/applications/${id}` };
      },
    }),
    route({
      method: 'get',
      path: '/v1/applications/:applicationId',
      summary: 'An application and each step after it: decided → account opened → card issued',
      roles: WORK,
      tags: TAG,
      ...byId,
      responses: { 200: view, 404: 'No such application' },
      handle: async ({ params }) => ({
        status: 200,
        body: applicationView(await d.applications.require(params.applicationId)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/applications/:applicationId/details',
      summary: 'Complete sections (income, housing, employment); the last one in completes the application',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      ...byId,
      body: DetailsBody,
      responses: {
        200: view,
        404: 'No such application',
        409: 'The application is no longer taking details (currentStatus names its status)',
        422: 'No section given, or an amount is not a whole non-negative number',
      },
      handle: async ({ params, body, actor, ctx }) => ({
        status: 200,
        body: applicationView(await d.applications.provideDetails(params.applicationId, body, actor, ctx)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/applications/:applicationId/consent-credit-check',
      summary: 'Record the applicant’s consent to the credit check (FCRA permissible purpose)',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      ...byId,
      body: ConsentBody,
      responses: {
        200: view,
        404: 'No such application',
        409: 'The application is no longer taking consent (currentStatus names its status)',
      },
      handle: async ({ params, body, actor, ctx }) => ({
        status: 200,
        body: applicationView(await d.applications.consent(params.applicationId, body.channel, actor, ctx)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/applications/:applicationId/decide',
      summary:
        'The rules decide a complete application on the bureau’s report: approve (limit, APR tier), decline (1–4 reasons) or refer',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      ...byId,
      responses: {
        200: view,
        404: 'No such application',
        409: 'The application is incomplete, has no consent, or is decided (currentStatus names its status)',
      },
      handle: async ({ params, actor, ctx }) => ({
        status: 200,
        body: applicationView(await d.applications.decide(params.applicationId, actor, ctx)),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/applications/:applicationId/underwrite',
      summary: 'An underwriter decides a referred application, with a note, held to the same limits',
      roles: UNDERWRITE,
      tags: TAG,
      idempotent: true,
      ...byId,
      body: UnderwriteBody,
      responses: {
        200: view,
        404: 'No such application',
        409: 'The application is not referred (currentStatus names its status)',
        422: 'No note, 0 or more than 4 reasons, or a limit outside the bands or above what the applicant can pay',
      },
      handle: async ({ params, body, actor, ctx }) => ({
        status: 200,
        body: applicationView(
          await d.applications.underwrite(params.applicationId, body.decision, body.note, actor, ctx),
        ),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/applications/:applicationId/withdraw',
      summary: 'The applicant withdraws an open application; the decision clock stops',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      ...byId,
      body: WithdrawBody,
      responses: {
        200: view,
        404: 'No such application',
        409: 'The application is decided or withdrawn (currentStatus names its status)',
      },
      handle: async ({ params, body, actor, ctx }) => ({
        status: 200,
        body: applicationView(await d.applications.withdraw(params.applicationId, body.reason, actor, ctx)),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/applications/:applicationId/sensitive',
      summary:
        'The applicant’s personal data (national id, income, date of birth), decrypted; every read is logged',
      roles: SENSITIVE,
      tags: TAG,
      ...byId,
      responses: {
        200: reply('The personal data', SensitiveSchema),
        404: 'No such application, or no personal data on file',
      },
      handle: async ({ params, actor }) => {
        const s = await d.applications.sensitive(params.applicationId);
        // The audit line names who read which application, never the values.
        d.logger.info(
          { audit: 'sales.sensitive-read', applicationId: params.applicationId, actor },
          'applicant personal data read',
        );
        return { status: 200, body: sensitiveView(params.applicationId, s, actor) };
      },
    }),
    ...clockRoutes(d.clock, {
      service: 'sales',
      fires:
        'decision clocks that are due warn (due soon) or breach; trials remind, convert or lapse, fees fall due',
      fired: {
        decisionClocks: 'Applications whose decision clock warned or breached',
        trialClocks: 'Enrolments whose trial or monthly fee timer fired',
      },
      afterMove: async () => ({
        decisionClocks: await d.drainClock(),
        trialClocks: (await d.drainTrialClock?.()) ?? 0,
      }),
    }),
  ];
}
