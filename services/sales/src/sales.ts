import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  EnvelopeCipher,
  LeasedTimer,
  ServiceRuntime,
  authConfigProblems,
  authConfigShape,
  createLogger,
  loadConfig,
  previousKeysSetting,
  refuseDevelopmentValue,
  runtimeConfigShape,
  type AggregateDoc,
  type Logger,
  type RunningService,
} from '@cardline/platform';
import { ApplicationService } from './application/application-service';
import type { ApplicationRecord } from './application/application-record';
import { EnrolmentService } from './application/enrolment-service';
import type { EnrolmentRecord } from './application/enrolment-record';
import type { OfferDoc } from './application/ports';
import { ADD_ON_POLICIES, creditPolicyFor } from './domain/policy';
import { MongoSecretStore, type SecretDoc } from './adapters/mongo/secret-store';
import { ensureOpenApplicantIndex } from './adapters/mongo/open-applicant-index';
import { SimulatedBureau } from './adapters/bureau/simulated-bureau';
import { MongoOfferLog } from './adapters/mongo/offer-log';
import { StandingView, type AccountStandingDoc, type CustomerFactsDoc } from './adapters/mongo/standing-view';
import { fulfilmentHandlers, type IssuedCardDoc } from './adapters/kafka/handlers';
import { standingHandlers } from './adapters/kafka/standing-handlers';
import { enrolmentRoutes } from './adapters/http/enrolment-routes';
import { salesRoutes, toProblem } from './adapters/http/routes';
import { customerSearchRoute } from './adapters/http/customer-search-route';
import { MongoCustomerNames, type NameKeysDoc } from './adapters/mongo/customer-names';
import { NameIndexingSecrets } from './application/customer-names';

const LOCAL = 'not-for-production';
/** Committed defaults: only the local profile accepts them (docs/adr/0019-token-rules.md). */
const DEVELOPMENT_KEK = `cardline-local-sales-kek-${LOCAL}`;
const DEVELOPMENT_ID_HASH_KEY = `cardline-local-sales-id-hash-${LOCAL}`;

export const salesConfigShape = {
  ...authConfigShape,
  ...runtimeConfigShape,
  SERVICE_NAME: z.string().default('sales'),
  MONGO_DB: z.string().default('sales'),
  CLOCK_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** The key-encryption key's secret (a KMS would hold it in production) and its id. */
  // Empty means unset (compose passes SALES_KEK= when none is given).
  SALES_KEK: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16).default(DEVELOPMENT_KEK)),
  SALES_KEK_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('local-1'),
  /** Rotated-out key-encryption keys, `kid:secret,…`: records sealed under them still open. */
  SALES_PREVIOUS_KEYS: previousKeysSetting('SALES_PREVIOUS_KEYS'),
  /** Keys the national-id hash of the duplicate check. */
  SALES_ID_HASH_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16).default(DEVELOPMENT_ID_HASH_KEY),
  ),
};

export type SalesConfig = ReturnType<typeof loadSalesConfig>;
export const loadSalesConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(salesConfigShape, env, [
    authConfigProblems,
    refuseDevelopmentValue('SALES_KEK', DEVELOPMENT_KEK, 'key-encryption key'),
    refuseDevelopmentValue('SALES_ID_HASH_KEY', DEVELOPMENT_ID_HASH_KEY, 'national-id hash key'),
  ]);

/** The current key seals; it and every rotated-out key open (docs/architecture.md#security-model). */
export const salesCipher = (c: SalesConfig) =>
  new EnvelopeCipher({ ...c.SALES_PREVIOUS_KEYS, [c.SALES_KEK_ID]: c.SALES_KEK }, c.SALES_KEK_ID);

export interface Sales extends RunningService {
  config: SalesConfig;
  applications: ApplicationService;
  decisionClock: LeasedTimer<AggregateDoc<ApplicationRecord>>;
  enrolments: EnrolmentService;
  trialClock: LeasedTimer<AggregateDoc<EnrolmentRecord>>;
}

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createSales(
  config: SalesConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Sales> {
  return ServiceRuntime.compose(config, logger, eventTypes, async (rt) => {
    const { store, collection } = rt.aggregate<ApplicationRecord>('applications', [
      { key: { applicantKey: 1, status: 1 }, name: 'by_applicant' },
      { key: { status: 1, submittedAt: -1 }, name: 'by_status' },
      { key: { accountId: 1 }, name: 'by_account' },
      { key: { nextDueAt: 1 }, name: 'next_due' },
    ]);
    rt.beforeStart(() => ensureOpenApplicantIndex(collection));
    const sealed = new MongoSecretStore(
      rt.db.collection<SecretDoc>('applicant_secrets'),
      salesCipher(config),
    );
    // The customer search by name: keyed word hashes, written with every sealed identity.
    const names = new MongoCustomerNames(
      rt.db.collection<NameKeysDoc>('applicant_name_keys'),
      collection,
      config.SALES_ID_HASH_KEY,
    );
    rt.beforeStart(() => names.ensureIndexes());
    rt.beforeStart(async () => {
      const n = await names.backfill(sealed);
      if (n) logger.info({ applications: n }, 'names indexed for applications taken before the name search');
    });
    const secrets = new NameIndexingSecrets(sealed, names);
    const applications = new ApplicationService(
      store,
      secrets,
      new SimulatedBureau(),
      creditPolicyFor,
      rt.clock,
      config.SALES_ID_HASH_KEY,
    );
    const decisionClock = new LeasedTimer({
      name: 'decision-clock',
      reporting: rt.timerReporting,
      collection,
      dueField: 'nextDueAt',
      clock: rt.clock,
      logger,
      work: (doc, now) => applications.tick(doc._id, now),
    });
    const standing = new StandingView(
      rt.db.collection<AccountStandingDoc>('account_standing'),
      rt.db.collection<CustomerFactsDoc>('customer_facts'),
    );
    rt.beforeStart(() => standing.ensureIndexes());
    const enrolled = rt.aggregate<EnrolmentRecord>('enrolments', [
      { key: { customerId: 1, enrolledAt: -1 }, name: 'by_customer' },
      { key: { nextDueAt: 1 }, name: 'next_due' },
    ]);
    const enrolments = new EnrolmentService(
      enrolled.store,
      standing,
      new MongoOfferLog(rt.aggregate<OfferDoc>('offers').store),
      ADD_ON_POLICIES,
      rt.clock,
    );
    // The trial's reminder, conversion or lapse, then one fee per month (docs/adr/0020-sales-enrolments-service.md).
    const trialClock = new LeasedTimer({
      name: 'trial-clock',
      reporting: rt.timerReporting,
      collection: enrolled.collection,
      dueField: 'nextDueAt',
      clock: rt.clock,
      logger,
      work: (doc, now) => enrolments.tick(doc._id, now),
    });
    rt.consumer(
      'sales.standing',
      ['ledger.account', 'cards.card', 'collections.case', 'disputes.dispute'],
      standingHandlers(standing),
    );
    rt.consumer(
      'sales.accounts',
      ['ledger.account', 'cards.card'],
      fulfilmentHandlers(applications, rt.db.collection<IssuedCardDoc>('issued_cards')),
    );
    rt.timer(decisionClock, config.CLOCK_POLL_MS);
    rt.timer(trialClock, config.CLOCK_POLL_MS);

    rt.serveApi(
      [
        ...salesRoutes({
          applications,
          clock: rt.clock,
          logger,
          drainClock: () => decisionClock.drain(),
          drainTrialClock: () => trialClock.drain(),
        }),
        ...enrolmentRoutes({ enrolments, facts: standing, clock: rt.clock }),
        customerSearchRoute({ names }),
      ],
      {
        title: 'Cardline sales',
        version: '0.1.0',
        description:
          'Card applications: intake with personal data encrypted at rest, consent to the credit check, the rules’ decision with adverse-action reasons, underwriting, the 30-day decision clock, and the account and card that follow an approval. Add-ons: offers to eligible customers only, enrolment with a complete consent record, free trials that convert only with express agreement, monthly fees and refunds through the ledger.',
      },
      { auth: config, toProblem },
    );

    return rt.service({ config, applications, decisionClock, enrolments, trialClock });
  });
}
