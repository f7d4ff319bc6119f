import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  LeasedTimer,
  ServiceRuntime,
  authConfigProblems,
  authConfigShape,
  createLogger,
  DomainError,
  loadConfig,
  runtimeConfigShape,
  type AggregateDoc,
  type Logger,
  type RunningService,
} from '@cardline/platform';
import { DisputeService } from './application/dispute-service';
import type { DisputeState } from './domain/dispute';
import { DEFAULT_POLICIES } from './domain/policy';
import { LedgerView } from './adapters/mongo/ledger-view';
import { fraudReportHandlers, networkHandlers, viewHandlers } from './adapters/kafka/handlers';
import { SimulatedCardNetwork, type NetworkCase } from './adapters/network/simulated-network';
import { disputeRoutes, toProblem } from './adapters/http/routes';

export const disputesConfigShape = {
  ...authConfigShape,
  ...runtimeConfigShape,
  SERVICE_NAME: z.string().default('disputes'),
  MONGO_DB: z.string().default('disputes'),
  CLOCK_POLL_MS: z.coerce.number().int().positive().default(60000),
};

export type DisputesConfig = ReturnType<typeof loadDisputesConfig>;
export const loadDisputesConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(disputesConfigShape, env, [authConfigProblems]);

export interface Disputes extends RunningService {
  config: DisputesConfig;
  disputes: DisputeService;
  clocks: LeasedTimer<AggregateDoc<DisputeState>>;
}

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createDisputes(
  config: DisputesConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Disputes> {
  return ServiceRuntime.compose(config, logger, eventTypes, async (rt) => {
    const { store, collection } = rt.aggregate<DisputeState>('disputes', [
      { key: { accountId: 1 }, name: 'by_account' },
      { key: { caseId: 1 }, name: 'by_case' },
      { key: { nextDueAt: 1 }, name: 'next_due' },
    ]);
    const view = new LedgerView(rt.db);
    rt.beforeStart(() => view.ensureIndexes());
    const disputes = new DisputeService(store, view, (m) => DEFAULT_POLICIES[m], rt.clock);
    const clocks = new LeasedTimer({
      name: 'dispute-clocks',
      reporting: rt.timerReporting,
      collection,
      dueField: 'nextDueAt',
      clock: rt.clock,
      logger,
      work: async (doc, now) => {
        await disputes.tick(doc._id, now);
      },
    });
    rt.consumer(
      'disputes.ledger-view',
      ['ledger.account', 'ledger.transaction', 'ledger.statement', 'cards.card'],
      viewHandlers(view),
    );
    // A report may arrive before the view has its transactions: retry for about a minute, then dead-letter.
    rt.consumer('disputes.fraud-reports', ['cards.card'], fraudReportHandlers(disputes));
    rt.timer(clocks, config.CLOCK_POLL_MS);
    const network = new SimulatedCardNetwork(
      rt.db.collection<NetworkCase>('network_cases'),
      rt.clock,
      async (disputeId, step, note, correlationId) => {
        try {
          await disputes.recordNetworkStep(disputeId, { step, note }, { correlationId, causationId: null });
        } catch (err) {
          // The dispute ended or moved on (resolved, withdrawn): the network's late answer changes nothing.
          if (!(err instanceof DomainError)) throw err;
          logger.info({ disputeId, step, reason: err.message }, 'network answer no longer applies');
        }
      },
      logger,
      rt.timerReporting,
    );
    rt.beforeStart(() => network.ensureIndexes());
    rt.consumer('disputes.network', ['disputes.dispute'], networkHandlers(disputes, network));
    rt.timer(network.timer, config.CLOCK_POLL_MS);

    const routes = disputeRoutes({
      disputes,
      clock: rt.clock,
      // Moving the clock fires the dispute clocks and then delivers the network's answers now due.
      drainClocks: async () => (await clocks.drain()) + (await network.timer.drain()),
    });
    rt.serveApi(
      routes,
      {
        title: 'Cardline disputes',
        version: '0.1.0',
        description:
          'Fee, billing-error and fraud disputes: regulatory clocks, provisional credit, goodwill, chargebacks.',
      },
      { auth: config, toProblem },
    );

    return rt.service({ config, disputes, clocks });
  });
}
