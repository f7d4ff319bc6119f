import { reply, route, type AnyRouteDef, type Role } from '@cardline/platform';
import type { CaseService } from '../../application/case-service';
import type { ReliefService } from '../../application/relief-service';
import { CaseIdParams, HardshipBody, PlanBody, PlanIdParams } from './schemas';
import { CaseReliefSchema } from './responses';
import { reliefView } from './relief-views';

export interface ReliefRouteDeps {
  cases: CaseService;
  relief: ReliefService;
}

// Collectors negotiate plans and hardship help; supervisors watch and may act too.
const WORK: Role[] = ['collector', 'supervisor', 'admin'];
const TAG = ['collections'];
const REFUSED_BY_RULE =
  'Refused by a named rule: problem+json with `ruleId` (docs/domain.md#collections, "Plans")';

export function reliefRoutes(d: ReliefRouteDeps): AnyRouteDef[] {
  return [
    route({
      method: 'get',
      path: '/v1/cases/:caseId/plans',
      summary: 'A case’s repayment plans, hardship programmes and re-age decisions',
      roles: WORK,
      tags: TAG,
      params: CaseIdParams,
      responses: {
        200: reply('Plans, programmes and re-ages, oldest first', CaseReliefSchema),
        404: 'No such case',
      },
      handle: async ({ params }) => ({ status: 200, body: reliefView(await d.cases.require(params.caseId)) }),
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/plans',
      summary: 'Propose a repayment plan: instalments from the calculator (the last takes the remainder)',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      body: PlanBody,
      responses: {
        201: reply('The case’s plans with the proposal', CaseReliefSchema),
        404: 'No such case',
        409: 'The case is closed, or a plan is proposed or running (currentStatus)',
        422: REFUSED_BY_RULE,
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { state } = await d.relief.proposePlan(
          params.caseId,
          { ...body, totalAmount: body.totalAmount ?? null, actor },
          ctx,
        );
        return { status: 201, body: reliefView(state), location: `/v1/cases/${state.caseId}/plans` };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/plans/:planId/accept',
      summary: 'The customer accepted the plan: payments count toward it and the ledger records its schedule',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: PlanIdParams,
      responses: {
        201: reply('The case’s plans', CaseReliefSchema),
        404: 'No such case or plan',
        409: 'The case is closed or the plan is not a proposal',
      },
      handle: async ({ params, actor, ctx }) => {
        const { state } = await d.relief.acceptPlan(params.caseId, params.planId, actor, ctx);
        return { status: 201, body: reliefView(state) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/hardship',
      summary:
        'Grant a hardship programme (reduced rate for N months, fee waiver, payment pause); the ledger posts it',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      body: HardshipBody,
      responses: {
        201: reply('The case’s programmes', CaseReliefSchema),
        404: 'No such case',
        422: REFUSED_BY_RULE,
      },
      handle: async ({ params, body, actor, ctx }) => {
        const { state } = await d.relief.grantHardship(params.caseId, body, actor, ctx);
        return { status: 201, body: reliefView(state) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/cases/:caseId/re-age',
      summary:
        'Ask to re-age the account (back to current): held to 9 months open, 3 consecutive minimum payments, once in 12 months, twice in 5 years',
      roles: WORK,
      tags: TAG,
      idempotent: true,
      params: CaseIdParams,
      responses: {
        201: reply('Granted; the ledger brings the account to current', CaseReliefSchema),
        404: 'No such case',
        409: 'The case is closed or the account was charged off',
        422: 'Refused by a limit, recorded on the case: `ruleId` names it (REAGE.ACCOUNT_AGE, REAGE.CONSECUTIVE_MINIMUM_PAYMENTS, REAGE.ONCE_IN_12_MONTHS, REAGE.TWICE_IN_5_YEARS)',
      },
      handle: async ({ params, actor, ctx }) => {
        const { state } = await d.relief.requestReAge(params.caseId, actor, ctx);
        return { status: 201, body: reliefView(state) };
      },
    }),
  ];
}
