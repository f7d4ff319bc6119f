import { z } from 'zod';
import { eventTypes } from '@cardline/schemas';
import {
  ServiceRuntime,
  authConfigProblems,
  authConfigShape,
  refuseDevelopmentValue,
  createLogger,
  loadConfig,
  runtimeConfigShape,
  type Logger,
  type RunningService,
} from '@cardline/platform';
import { CardService } from './application/card-service';
import type { CardState } from './domain/card';
import { LocalCardVault, type VaultEntry } from './adapters/vault/local-vault';
import { SimulatedCarrier, type Shipment } from './adapters/carrier/simulated-carrier';
import { CardTransactionsView, type CardTransactionDoc } from './adapters/mongo/card-transactions';
import { issuanceHandlers, policyHandlers, transactionHandlers } from './adapters/kafka/handlers';
import { cardRoutes, toProblem } from './adapters/http/routes';

/** The committed vault passphrase: only the local profile accepts it (docs/adr/0019-token-rules.md). */
export const DEVELOPMENT_VAULT_PASSPHRASE = 'cardline-local-vault-key-not-for-production';

export const cardsConfigShape = {
  ...authConfigShape,
  ...runtimeConfigShape,
  SERVICE_NAME: z.string().default('cards'),
  MONGO_DB: z.string().default('cards'),
  /** The stand-in card vault's database (its own, as the issuer's vault would be). */
  VAULT_DB: z.string().optional(),
  // Empty means unset (compose passes VAULT_SECRET= when none is given).
  VAULT_SECRET: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16).default(DEVELOPMENT_VAULT_PASSPHRASE),
  ),
  /** The id of VAULT_SECRET's key: new numbers are sealed under it. */
  VAULT_KEY_ID: z.string().min(1).max(40).default('v1'),
  /** Keys being rotated out, `kid:secret,…`: they still open what they sealed. */
  VAULT_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const keys: Record<string, string> = {};
      for (const part of v.split(',').filter(Boolean)) {
        const at = part.indexOf(':');
        if (at < 1 || part.length - at - 1 < 16) {
          ctx.addIssue({
            code: 'custom',
            message: 'VAULT_PREVIOUS_KEYS entries are kid:secret, secrets of 16+',
          });
          return z.NEVER;
        }
        keys[part.slice(0, at)] = part.slice(at + 1);
      }
      return keys;
    }),
  /** Keys the numbers' fingerprints; kept across key rotations (default: VAULT_SECRET). */
  VAULT_FINGERPRINT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16).optional()),
  CARRIER_POLL_MS: z.coerce.number().int().positive().default(60000),
};

export type CardsConfig = ReturnType<typeof loadCardsConfig>;
export const loadCardsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(cardsConfigShape, env, [
    authConfigProblems,
    refuseDevelopmentValue('VAULT_SECRET', DEVELOPMENT_VAULT_PASSPHRASE, 'vault passphrase'),
  ]);

export interface Cards extends RunningService {
  config: CardsConfig;
  cards: CardService;
  carrier: SimulatedCarrier;
  vault: LocalCardVault;
  transactions: CardTransactionsView;
}

/** Wiring only: every part comes from the platform kit or this service's modules. */
export async function createCards(
  config: CardsConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Promise<Cards> {
  return ServiceRuntime.compose(config, logger, eventTypes, async (rt) => {
    const { store } = rt.aggregate<CardState>('cards', [
      { key: { accountId: 1 }, name: 'by_account' },
      { key: { customerId: 1 }, name: 'by_customer' },
      // Customer search by the card's last four (GET /v1/cards?last4=); on state, so cards saved before it are found.
      { key: { 'state.last4': 1 }, name: 'by_last4' },
    ]);
    const transactions = new CardTransactionsView(rt.db.collection<CardTransactionDoc>('card_transactions'));
    const vault = new LocalCardVault(
      rt.otherDb(config.VAULT_DB ?? `${config.MONGO_DB}_vault`).collection<VaultEntry>('vault_entries'),
      {
        keys: { ...config.VAULT_PREVIOUS_KEYS, [config.VAULT_KEY_ID]: config.VAULT_SECRET },
        currentKeyId: config.VAULT_KEY_ID,
        fingerprintSecret: config.VAULT_FINGERPRINT_SECRET ?? config.VAULT_SECRET,
        legacySecrets: [config.VAULT_SECRET, ...Object.values(config.VAULT_PREVIOUS_KEYS)],
      },
    );
    rt.beforeStart(() => vault.ensureIndexes());
    const cards = new CardService(store, vault, transactions, rt.clock);
    const carrier = new SimulatedCarrier(
      rt.db.collection<Shipment>('carrier_shipments'),
      rt.clock,
      async (m) => {
        await cards.recordMilestone(m.cardId, m, { correlationId: m.correlationId, causationId: null });
      },
      logger,
      undefined,
      rt.timerReporting,
    );
    rt.beforeStart(() => transactions.ensureIndexes());
    rt.beforeStart(() => carrier.ensureIndexes());
    rt.consumer('cards.issuance', ['ledger.account'], issuanceHandlers(cards));
    rt.consumer('cards.card-transactions', ['ledger.transaction'], transactionHandlers(transactions));
    rt.consumer('cards.policies', ['cards.card'], policyHandlers(cards, carrier));
    rt.timer(carrier, config.CARRIER_POLL_MS);

    const routes = cardRoutes({ cards, transactions, clock: rt.clock, drainCarrier: () => carrier.drain() });
    rt.serveApi(
      routes,
      {
        title: 'Cardline cards',
        version: '0.1.0',
        description:
          'Card lifecycle: issue, activate, freeze/unfreeze, lost/stolen/damaged, replacement and delivery, fraud trace.',
      },
      { auth: config, toProblem },
    );

    return rt.service({ config, cards, carrier, vault, transactions });
  });
}
