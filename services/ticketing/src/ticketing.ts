import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  LeasedTimer,
  ServiceRuntime,
  authConfigProblems,
  authConfigShape,
  createLogger,
  loadConfig,
  refuseDevelopmentValue,
  runtimeConfigShape,
  type AggregateDoc,
  type Logger,
  type RunningService,
} from '@cardline/platform';
import { CaseService } from './application/case-service';
import { TriageService } from './application/triage-service';
import { DEFAULT_TRIAGE } from './domain/triage/policy';
import { loadOrTrain } from './adapters/triage/model-file';
import type { CaseState } from './domain/case';
import { DEFAULT_SLA } from './domain/sla';
import { AccountFactsView } from './adapters/mongo/account-facts';
import { TimelineView } from './adapters/mongo/timeline';
import { MongoCaseJournal } from './adapters/mongo/case-journal';
import { MongoChannelMessages } from './adapters/mongo/channel-messages';
import {
  TIMELINE_TOPICS,
  deliveryHandlers,
  factsHandlers,
  timelineHandlers,
} from './adapters/kafka/handlers';
import { DeliveryStatusView } from './adapters/mongo/delivery-status';
import { ticketingRoutes, toProblem } from './adapters/http/routes';

/** Committed default: only the local profile accepts it (docs/adr/0019-token-rules.md). */
const DEVELOPMENT_PHONE_KEY = 'cardline-local-ticketing-phone-key-not-for-production';

export const ticketingConfigShape = {
  ...authConfigShape,
  ...runtimeConfigShape,
  SERVICE_NAME: z.string().default('ticketing'),
  MONGO_DB: z.string().default('ticketing'),
  /** SLA targets are minutes: poll often enough that a firing is late by seconds, not minutes. */
  CLOCK_POLL_MS: z.coerce.number().int().positive().default(15000),
  /** Keys the phone fingerprints the customer search compares (phone-fingerprint.ts). Empty means unset. */
  TICKETING_PHONE_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16).default(DEVELOPMENT_PHONE_KEY),
  ),
};

export type TicketingConfig = ReturnType<typeof loadTicketingConfig>;
export const loadTicketingConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(ticketingConfigShape, env, [
    authConfigProblems,
    refuseDevelopmentValue('TICKETING_PHONE_KEY', DEVELOPMENT_PHONE_KEY, 'phone fingerprint key'),
  ]);

export interface Ticketing extends RunningService {
  config: TicketingConfig;
  cases: CaseService;
  triage: TriageService;
  timeline: TimelineView;
  slaClocks: LeasedTimer<AggregateDoc<CaseState>>;
}

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createTicketing(
  config: TicketingConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Ticketing> {
  return ServiceRuntime.compose(config, logger, eventTypes, async (rt) => {
    const { store, collection } = rt.aggregate<CaseState>('cases', [
      { key: { customerId: 1, openedAt: -1 }, name: 'by_customer' },
      { key: { queue: 1, status: 1, openedAt: -1 }, name: 'by_queue' },
      // A channel message id is unique per channel and customer only (docs/adr/0023-least-privilege-operations.md).
      { key: { customerId: 1, externalIds: 1 }, name: 'by_customer_external_id' },
      { key: { nextDueAt: 1 }, name: 'next_due' },
      { key: { solvedAt: 1 }, name: 'by_solved' },
      // The customer search by phone: fingerprints, never the number (phone-fingerprint.ts).
      { key: { phoneKeys: 1 }, name: 'by_phone_key' },
    ]);
    const facts = new AccountFactsView(rt.db);
    const timeline = new TimelineView(rt.db);
    const deliveries = new DeliveryStatusView(rt.db);
    rt.beforeStart(() => facts.ensureIndexes());
    const journal = new MongoCaseJournal(rt.db);
    rt.beforeStart(() => timeline.ensureIndexes());
    rt.beforeStart(() => journal.ensureIndexes());
    const cases = new CaseService(
      store,
      journal,
      DEFAULT_SLA,
      rt.clock,
      new MongoChannelMessages(rt.db),
      config.TICKETING_PHONE_KEY,
    );
    rt.beforeStart(async () => {
      const n = await cases.backfillPhoneKeys();
      if (n) logger.info({ cases: n }, 'phone fingerprints given to cases saved before the phone search');
    });
    const intents = await loadOrTrain();
    if (intents.model)
      logger.info({ model: intents.model.version, how: intents.how, ms: intents.ms }, 'triage model ready');
    else
      logger.warn('no triage model (npm run train:triage -w @cardline/ticketing): messages are not triaged');
    const triage = new TriageService(cases, intents.model, facts, DEFAULT_TRIAGE, logger);
    const slaClocks = new LeasedTimer({
      name: 'sla-clocks',
      reporting: rt.timerReporting,
      collection,
      dueField: 'nextDueAt',
      clock: rt.clock,
      logger,
      work: async (doc, now) => {
        await cases.tick(doc._id, now.getTime());
      },
    });
    rt.consumer(
      'ticketing.answers',
      ['ledger.account', 'ledger.transaction', 'ledger.statement'],
      factsHandlers(facts),
    );
    rt.consumer('ticketing.timeline', TIMELINE_TOPICS, timelineHandlers(timeline));
    rt.consumer('ticketing.deliveries', ['collections.delivery'], deliveryHandlers(deliveries));
    rt.timer(slaClocks, config.CLOCK_POLL_MS);

    rt.serveApi(
      ticketingRoutes({
        cases,
        triage,
        facts,
        timeline,
        deliveries,
        clock: rt.clock,
        drainClocks: () => slaClocks.drain(),
      }),
      {
        title: 'Cardline ticketing',
        version: '0.1.0',
        description:
          'Customer inquiries from every channel: cases, interactions, SLAs with escalation, CSAT, answers and the customer-360 timeline.',
      },
      { auth: config, toProblem },
    );

    return rt.service({ config, cases, triage, timeline, slaClocks });
  });
}
