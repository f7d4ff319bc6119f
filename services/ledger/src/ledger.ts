import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  ServiceRuntime,
  authConfigProblems,
  authConfigShape,
  createLogger,
  loadConfig,
  runtimeConfigShape,
  type Clock,
  type EventCatalog,
  type Logger,
} from '@cardline/platform';
import { AccountService } from './application/account-service';
import { EndOfDayScheduler } from './application/end-of-day';
import type { AccountState } from './domain/account';
import { DEFAULT_POLICIES } from './domain/policy';
import { ledgerRoutes, toProblem } from './adapters/http/routes';
import {
  adjustmentHandlers,
  applicationHandlers,
  enrollmentHandlers,
  cardStatusHandlers,
  disputeHoldHandlers,
  type DisputeHoldVersion,
  readModelHandlers,
} from './adapters/kafka/handlers';
import { arrangementHandlers } from './adapters/kafka/arrangement-handlers';
import { CardStatusReadModel } from './adapters/mongo/card-status';
import { KeyedPostings } from './adapters/mongo/keyed-postings';
import { LedgerReadModels } from './adapters/mongo/read-models';

export const ledgerConfigShape = {
  ...authConfigShape,
  ...runtimeConfigShape,
  SERVICE_NAME: z.string().default('ledger'),
  MONGO_DB: z.string().default('ledger'),
  EOD_POLL_MS: z.coerce.number().int().positive().default(60000),
};

export type LedgerConfig = ReturnType<typeof loadLedgerConfig>;
export const loadLedgerConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(ledgerConfigShape, env, [authConfigProblems]);

export interface Ledger {
  config: LedgerConfig;
  clock: Clock;
  accounts: AccountService;
  readModels: LedgerReadModels;
  scheduler: EndOfDayScheduler;
  /** Listening port (after start). */
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The generated catalog already answers `get(type)`; exported for tests that build their own consumers. */
export const catalog: EventCatalog = eventTypes;

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createLedger(
  config: LedgerConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Ledger> {
  return ServiceRuntime.compose(config, logger, catalog, async (rt) => {
    const { store, collection } = rt.aggregate<AccountState>('accounts', [
      { key: { nextEodAt: 1 }, name: 'next_eod' },
      { key: { customerId: 1 }, name: 'by_customer' },
    ]);
    const readModels = new LedgerReadModels(rt.db);
    const cardStatus = new CardStatusReadModel(rt.db.collection('card_status'));
    rt.beforeStart(() => readModels.ensureIndexes());
    rt.beforeStart(() => cardStatus.ensureIndexes());
    const accounts = new AccountService(
      store,
      (m) => DEFAULT_POLICIES[m],
      rt.clock,
      (id) => cardStatus.get(id),
    );
    const scheduler = new EndOfDayScheduler(collection, accounts, rt.clock, logger, rt.timerReporting);

    rt.consumer(
      'ledger.read-models',
      ['ledger.transaction', 'ledger.statement'],
      readModelHandlers(readModels),
    );
    rt.consumer('ledger.cards', ['cards.card'], cardStatusHandlers(cardStatus));
    rt.consumer(
      'ledger.disputes',
      ['disputes.dispute'],
      disputeHoldHandlers(accounts, rt.db.collection<DisputeHoldVersion>('dispute_hold_versions')),
    );
    rt.consumer('ledger.adjustments', ['ledger.adjustment'], {
      ...adjustmentHandlers(accounts),
      ...arrangementHandlers(accounts),
    });
    rt.consumer('ledger.applications', ['sales.application'], applicationHandlers(accounts));
    const keyedPostings = new KeyedPostings(rt.db.collection('keyed_postings'));
    rt.beforeStart(() => keyedPostings.ensureIndexes());
    rt.consumer('ledger.enrollments', ['sales.enrollment'], enrollmentHandlers(accounts, keyedPostings));
    rt.timer(scheduler, config.EOD_POLL_MS);

    rt.serveApi(
      ledgerRoutes({
        accounts,
        readModels,
        cardStatus,
        scheduler,
        clock: rt.clock,
        accountTimeTravel: (config.CARDLINE_PROFILE ?? 'local') === 'local',
      }),
      {
        title: 'Cardline ledger',
        version: '0.1.0',
        description:
          "The issuer's system of record: accounts, transactions, statements, fees, days past due.",
      },
      { auth: config, toProblem },
    );

    return rt.service({ config, accounts, readModels, scheduler });
  });
}
