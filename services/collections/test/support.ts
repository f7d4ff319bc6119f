import { createLogger, mintToken, type Role } from '@cardline/platform';
import { createCollections, loadCollectionsConfig, type Collections } from '../src/collections';
import { serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { ledgerCallers, startTestLedger, type LedgerCallers } from '../../ledger/test/support';
import { startTestDisputes } from '../../disputes/test/support';
import { stopAfterFile } from '../../../test/support/teardown';

/** A collections service in this process on the real servers, with its own database and consumer groups. */
export async function startTestCollections(
  over: Record<string, string> = {},
): Promise<Collections & { url: string }> {
  const config = loadCollectionsConfig({
    ...serverEnv(),
    SERVICE_NAME: 'collections',
    PORT: '0',
    MONGO_DB: unique('collections_test').replace(/-/g, '_'),
    CLOCK: 'simulated',
    // The ledger's test clock starts here too (services/ledger/test/support.ts).
    CLOCK_START: '2026-01-10T14:00:00Z',
    PROMISE_POLL_MS: '3600000',
    GROUP_SUFFIX: `.${unique('t')}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
    // Collectors' own contacts are what these tests count: the strategy runner stays off unless asked for.
    STRATEGY_RUNNER: 'off',
    // Nor does the simulated delivery adapter run, unless a test asks for it (ADR 0025).
    DELIVERY_ADAPTER: 'off',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...over,
  });
  const collections = stopAfterFile(
    await createCollections(config, createLogger('collections', config.LOG_LEVEL)),
    'collections',
  );
  await collections.start();
  return Object.assign(collections, { url: `http://127.0.0.1:${collections.port}` });
}

/** A bearer token for a role, signed with the default local key the test services verify with. */
export async function tokenFor(role: Role, subject = `${role}-${unique('u')}`): Promise<string> {
  const c = loadCollectionsConfig({ ...serverEnv(), SERVICE_NAME: 'collections' });
  return mintToken(c, { subject, roles: [role] });
}

/** Who a test acts as: a name for `as()`, the role and, where the test names the person, the subject. */
export type StackTokens = Record<string, { role: Role; subject?: string }>;

export interface CollectionsStack {
  ledger: Awaited<ReturnType<typeof startTestLedger>>;
  collections: Awaited<ReturnType<typeof startTestCollections>>;
  /** Only when asked for (`disputes: true`). */
  disputes: Awaited<ReturnType<typeof startTestDisputes>> | null;
  events: TopicCollector;
  ledgerAs: LedgerCallers;
  /** Authorization (and any extra) headers for one of the stack's tokens, by its name. */
  as: (who: string, extra?: Record<string, string>) => Record<string, string>;
  stop: () => Promise<void>;
}

/**
 * The ledger and collections (and disputes, when asked) on the real servers,
 * each on its own simulated clock, a collector of the given topics, the
 * tokens by name and the ledger's callers: the setup every collections
 * integration test shares.
 */
export async function collectionsStack(o: {
  tokens: StackTokens;
  topics?: string[];
  disputes?: boolean;
  collections?: Record<string, string>;
}): Promise<CollectionsStack> {
  const [ledger, collections, disputes] = await Promise.all([
    startTestLedger(),
    startTestCollections(o.collections),
    o.disputes ? startTestDisputes() : Promise.resolve(null),
  ]);
  const events = await new TopicCollector(
    serverEnv().KAFKA_BROKERS.split(','),
    o.topics ?? ['collections.case'],
  ).start();
  const tokens: Record<string, string> = {};
  for (const [name, t] of Object.entries(o.tokens)) tokens[name] = await tokenFor(t.role, t.subject);
  const ledgerAs = await ledgerCallers();
  return {
    ledger,
    collections,
    disputes,
    events,
    ledgerAs,
    as: (who, extra = {}) => ({ authorization: `Bearer ${tokens[who]}`, ...extra }),
    stop: async () => {
      await events.stop();
      await Promise.all([collections.stop(), disputes?.stop(), ledger.stop()]);
    },
  };
}
