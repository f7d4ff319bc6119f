import { createLogger } from '@cardline/platform';
import { createTicketing, loadTicketingConfig, type Ticketing } from '../src/ticketing';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

/** Settings of a test ticketing service: its own database and consumer groups on the real servers. */
export function ticketingEnv(over: Record<string, string> = {}): Record<string, string> {
  return {
    ...serverEnv(),
    SERVICE_NAME: 'ticketing',
    PORT: '0',
    MONGO_DB: unique('ticketing_test').replace(/-/g, '_'),
    CLOCK_POLL_MS: '3600000',
    GROUP_SUFFIX: `.${unique('t')}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...over,
  };
}

/** A ticketing service in this process (the same env again starts it on the same store and groups). */
export async function startTestTicketing(env: Record<string, string>): Promise<Ticketing & { url: string }> {
  const config = loadTicketingConfig(env);
  const t = stopAfterFile(
    await createTicketing(config, createLogger('ticketing', config.LOG_LEVEL)),
    'ticketing',
  );
  await t.start();
  return Object.assign(t, { url: `http://127.0.0.1:${t.port}` });
}
