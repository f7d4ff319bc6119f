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
};

export type CollectionsConfig = ReturnType<typeof loadCollectionsConfig>;
export const loadCollectionsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(collectionsConfigShape, env, [authConfigProblems]);

export interface Collections extends RunningService {
  config: CollectionsConfig;
  cases: CaseService;
  promiseTimer: LeasedTimer<AggregateDoc<CaseState>>;
}

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createCollections(
  config: CollectionsConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Collections> {
  const rt = await ServiceRuntime.create(config, logger, eventTypes);
  const { store, collection } = rt.aggregate<CaseState>('cases', [
    { key: { accountId: 1, status: 1 }, name: 'by_account' },
    { key: { bucket: 1, status: 1 }, name: 'by_bucket' },
    { key: { openedAt: -1 }, name: 'by_opened' },
    { key: { nextDueAt: 1 }, name: 'next_due' },
  ]);
  const accounts = new AccountsView(rt.db.collection('ledger_accounts'));
  const disputes = new DisputesView(rt.db.collection<DisputeDoc>('open_disputes'));
  rt.beforeStart(() => disputes.ensureIndexes());
  const cases = new CaseService(store, accounts, disputes, rt.clock, config.PROMISE_GRACE_DAYS);
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

  rt.serveApi(
    collectionsRoutes({ cases, clock: rt.clock, drainPromises: () => promiseTimer.drain() }),
    {
      title: 'Cardline collections',
      version: '0.1.0',
      description:
        'Delinquency cases by bucket, the collectable amount (past due less open disputes), recovery at charge-off, promises to pay.',
    },
    { auth: config, toProblem },
  );

  return rt.service({ config, cases, promiseTimer });
}
