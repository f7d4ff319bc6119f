import { DomainError, reply, route, type AnyRouteDef, type Role } from '@cardline/platform';
import type { CaseService } from '../../application/case-service';
import type { ReportService } from '../../application/report-service';
import {
  CollectorIdParams,
  ComplaintBody,
  ComplaintSchema,
  PeriodQuery,
  ScorecardSchema,
  ScorecardsSchema,
  StrategyReportQuery,
  StrategyReportSchema,
} from './report-schemas';

export interface ReportRouteDeps {
  cases: CaseService;
  reports: ReportService;
}

// The variant report is the supervisors' (docs/domain.md#privacy-and-security); scorecards weigh
// conduct, so compliance reads them and records complaints too.
const SUPERVISE: Role[] = ['supervisor', 'admin'];
const CONDUCT: Role[] = ['supervisor', 'compliance', 'admin'];
const TAG = ['collections'];

const period = (q: { from?: string; to?: string }) => ({
  ...(q.from && { from: new Date(q.from) }),
  ...(q.to && { to: new Date(q.to) }),
});

export function reportRoutes(d: ReportRouteDeps): AnyRouteDef[] {
  return [
    route({
      method: 'get',
      path: '/v1/strategies/report',
      summary:
        'Champion/challenger: per strategy and variant, cases, cure rate, amount recovered, contacts used',
      roles: SUPERVISE,
      tags: TAG,
      query: StrategyReportQuery,
      responses: { 200: reply('Strategies in name order, variants in name order', StrategyReportSchema) },
      handle: async ({ query }) => ({ status: 200, body: await d.reports.strategyReport(query.strategyId) }),
    }),
    route({
      method: 'get',
      path: '/v1/collectors/scorecards',
      summary:
        'Collector scorecards ranked: compliance (overrides, complaints) beside promises kept and recovery',
      roles: CONDUCT,
      tags: TAG,
      query: PeriodQuery,
      responses: { 200: reply('Scorecards in rank order', ScorecardsSchema) },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await d.reports.scorecards(period(query)) },
      }),
    }),
    route({
      method: 'get',
      path: '/v1/collectors/:collectorId/scorecard',
      summary: 'One collector’s scorecard and rank among the team',
      roles: CONDUCT,
      tags: TAG,
      params: CollectorIdParams,
      query: PeriodQuery,
      responses: { 200: reply('The scorecard', ScorecardSchema), 404: 'No activity of that collector' },
      handle: async ({ params, query }) => {
        const card = await d.reports.scorecard(params.collectorId, period(query));
        if (!card)
          throw new DomainError('NOT_FOUND', `collector ${params.collectorId} has no recorded activity`);
        return { status: 200, body: card };
      },
    }),
    route({
      method: 'post',
      path: '/v1/collectors/:collectorId/complaints',
      summary:
        'Record a complaint about a collector’s conduct on a case (append-only; it lowers the scorecard)',
      roles: CONDUCT,
      tags: TAG,
      idempotent: true,
      params: CollectorIdParams,
      body: ComplaintBody,
      responses: { 201: reply('The complaint recorded', ComplaintSchema), 404: 'No such case' },
      handle: async ({ params, body, actor }) => {
        await d.cases.require(body.caseId);
        const c = await d.reports.recordComplaint({ collectorId: params.collectorId, ...body }, actor);
        return { status: 201, body: { ...c, at: c.at.toISOString() } };
      },
    }),
  ];
}
