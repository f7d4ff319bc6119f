import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  LeasedTimer,
  ServiceRuntime,
  authConfigProblems,
  authConfigShape,
  createLogger,
  loadConfig,
  runtimeConfigShape,
  type AggregateDoc,
  type Logger,
  type RunningService,
} from '@cardline/platform';
import { CaseService } from './application/case-service';
import { ContactService } from './application/contact-service';
import { ReliefService } from './application/relief-service';
import { WorklistService } from './application/worklist-service';
import { ReportService } from './application/report-service';
import { StrategyRunner } from './application/strategy-runner';
import { MongoComplaints, type ComplaintDoc } from './adapters/mongo/complaints';
import { wireDelivery } from './delivery/wiring';
import { MongoContactLog, type AttemptDoc, type DecisionDoc } from './adapters/mongo/contact-log';
import type { CaseState } from './domain/case';
import { AccountsView } from './adapters/mongo/accounts-view';
import { DisputesView, type DisputeDoc } from './adapters/mongo/disputes-view';
import { accountHandlers, disputeHandlers, paymentHandlers } from './adapters/kafka/handlers';
import { collectionsRoutes, toProblem } from './adapters/http/routes';

export const collectionsConfigShape = {
  ...authConfigShape,
  ...runtimeConfigShape,
  SERVICE_NAME: z.string().default('collections'),
  MONGO_DB: z.string().default('collections'),
  PROMISE_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** Days after a promised date that still keep the promise (default: the market's, 2). */
  PROMISE_GRACE_DAYS: z.coerce.number().int().min(0).max(30).optional(),
  /** How long a collector's claim on a case lasts unless claimed again. */
  WORKLIST_LEASE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  /** How often the strategy runner looks for treatments due (its timer; an admin clock move runs it at once). */
  STRATEGY_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** Off: no treatment is sent by the runner (tests of collectors' own contacts keep their counts). */
  STRATEGY_RUNNER: z.enum(['on', 'off']).default('on'),
  /** Off: the simulated delivery adapter and dialer do not run in this process (ADR 0025). */
  DELIVERY_ADAPTER: z.enum(['on', 'off']).default('on'),
};

export type CollectionsConfig = ReturnType<typeof loadCollectionsConfig>;
export const loadCollectionsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(collectionsConfigShape, env, [authConfigProblems]);

export interface Collections extends RunningService {
  config: CollectionsConfig;
  cases: CaseService;
  promiseTimer: LeasedTimer<AggregateDoc<CaseState>>;
  strategyTimer: LeasedTimer<AggregateDoc<CaseState>>;
  runner: StrategyRunner;
}

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createCollections(
  config: CollectionsConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Collections> {
  return ServiceRuntime.compose(config, logger, eventTypes, async (rt) => {
    const { store, collection } = rt.aggregate<CaseState>('cases', [
      { key: { accountId: 1, status: 1 }, name: 'by_account' },
      { key: { bucket: 1, status: 1 }, name: 'by_bucket' },
      { key: { openedAt: -1 }, name: 'by_opened' },
      { key: { nextDueAt: 1 }, name: 'next_due' },
      { key: { nextTreatmentAt: 1 }, name: 'next_treatment' },
      { key: { strategyId: 1, openedAt: -1 }, name: 'by_strategy' },
      { key: { hasPromises: 1, openedAt: -1 }, name: 'with_promises' },
      {
        key: { status: 1, bucketRank: -1, collectableAmount: -1, brokenPromises: -1, lastContactAt: 1 },
        name: 'worklist',
      },
    ]);
    const accounts = new AccountsView(rt.db.collection('ledger_accounts'));
    const disputes = new DisputesView(rt.db.collection<DisputeDoc>('open_disputes'));
    const contactLog = new MongoContactLog(
      rt.db.collection<AttemptDoc>('contact_attempts'),
      rt.db.collection<DecisionDoc>('contact_decisions'),
    );
    rt.beforeStart(() => disputes.ensureIndexes());
    const complaints = new MongoComplaints(rt.db.collection<ComplaintDoc>('collector_complaints'));
    rt.beforeStart(() => contactLog.ensureIndexes());
    rt.beforeStart(() => complaints.ensureIndexes());
    const cases = new CaseService(store, accounts, disputes, rt.clock, config.PROMISE_GRACE_DAYS);
    const contacts = new ContactService(cases, contactLog, rt.clock);
    const relief = new ReliefService(cases, accounts, () => rt.clock.now().getTime());
    const worklist = new WorklistService(collection, rt.clock, config.WORKLIST_LEASE_MS);
    const reports = new ReportService(cases, contactLog, complaints, rt.clock);
    const runner = new StrategyRunner(cases, contactLog, rt.clock);
    // The runner's durable timer: each case's nextTreatmentAt (treatment-plan.ts), leased per case.
    const strategyTimer = new LeasedTimer({
      name: 'strategy-runner',
      reporting: rt.timerReporting,
      collection,
      dueField: 'nextTreatmentAt',
      clock: rt.clock,
      logger,
      work: async (doc, now) => {
        await runner.run(doc._id, now);
      },
    });
    const promiseTimer = new LeasedTimer({
      name: 'promise-timer',
      reporting: rt.timerReporting,
      collection,
      dueField: 'nextDueAt',
      clock: rt.clock,
      logger,
      work: async (doc, now) => {
        await cases.tick(doc._id, now);
      },
    });
    rt.consumer('collections.accounts', ['ledger.account'], accountHandlers(cases, accounts));
    rt.consumer('collections.payments', ['ledger.transaction'], paymentHandlers(cases));
    rt.consumer('collections.disputes', ['disputes.dispute'], disputeHandlers(cases, disputes));
    rt.timer(promiseTimer, config.PROMISE_POLL_MS);
    if (config.STRATEGY_RUNNER === 'on') rt.timer(strategyTimer, config.STRATEGY_POLL_MS);
    wireDelivery(rt, cases, contacts, config.DELIVERY_ADAPTER === 'on');

    rt.serveApi(
      collectionsRoutes({
        cases,
        contacts,
        relief,
        worklist,
        reports,
        clock: rt.clock,
        drainPromises: () => promiseTimer.drain(),
        drainTreatments: () => (config.STRATEGY_RUNNER === 'on' ? strategyTimer.drain() : Promise.resolve(0)),
      }),
      {
        title: 'Cardline collections',
        version: '0.1.0',
        description:
          'Delinquency cases by bucket, the collectable amount (past due less open disputes), recovery at charge-off, promises to pay, the contact gate with its decision log, contact records, the work queue, repayment plans, hardship programmes and re-ageing, the strategy runner with its champion/challenger report, collector scorecards, and the simulated delivery adapter and dialer.',
      },
      { auth: config, toProblem },
    );

    return rt.service({ config, cases, promiseTimer, strategyTimer, runner });
  });
}
