import { createLogger } from '@cardline/platform';
import { createDisputes, loadDisputesConfig, type Disputes } from '../src/disputes';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

/** A disputes service in this process on the real servers, with its own database and consumer groups. */
export async function startTestDisputes(
  over: Record<string, string> = {},
): Promise<Disputes & { url: string }> {
  const config = loadDisputesConfig({
    ...serverEnv(),
    SERVICE_NAME: 'disputes',
    PORT: '0',
    MONGO_DB: unique('disputes_test').replace(/-/g, '_'),
    CLOCK: 'simulated',
    CLOCK_START: '2026-01-12T12:00:00Z',
    CLOCK_POLL_MS: '3600000',
    GROUP_SUFFIX: `.${unique('t')}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...over,
  });
  const disputes = stopAfterFile(
    await createDisputes(config, createLogger('disputes', config.LOG_LEVEL)),
    'disputes',
  );
  await disputes.start();
  return Object.assign(disputes, { url: `http://127.0.0.1:${disputes.port}` });
}
