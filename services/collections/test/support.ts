import { createLogger, mintToken, type Role } from '@cardline/platform';
import { createCollections, loadCollectionsConfig, type Collections } from '../src/collections';
import { serverEnv, unique } from '../../../test/support/env';
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
