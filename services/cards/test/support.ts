import { Writable } from 'node:stream';
import { createLogger, mintToken, type Role } from '@cardline/platform';
import { createCards, loadCardsConfig, type Cards } from '../src/cards';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

/** Everything the services of a test wrote to their logs (scanned for card numbers). */
export const capturedLogs: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    capturedLogs.push(chunk.toString());
    done();
  },
});
export const testLogger = (service: string) =>
  createLogger(service, process.env.TEST_LOG_LEVEL ?? 'info', sink);

/** A cards service in this process on the real servers, with its own databases and consumer groups. */
export async function startTestCards(over: Record<string, string> = {}): Promise<Cards & { url: string }> {
  const db = unique('cards_test').replace(/-/g, '_');
  const config = loadCardsConfig({
    ...serverEnv(),
    SERVICE_NAME: 'cards',
    PORT: '0',
    MONGO_DB: db,
    VAULT_DB: `${db}_vault`,
    CLOCK: 'simulated',
    CLOCK_START: '2026-01-12T00:00:00Z',
    CARRIER_POLL_MS: '3600000',
    GROUP_SUFFIX: `.${unique('t')}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
    LOG_LEVEL: 'info',
    ...over,
  });
  const cards = stopAfterFile(await createCards(config, testLogger('cards')), 'cards');
  await cards.start();
  return Object.assign(cards, { url: `http://127.0.0.1:${cards.port}` });
}

/**
 * A bearer token for a role, signed with the default local key the test
 * services verify with; `channel` for a channel adapter's one channel.
 */
export async function tokenFor(
  role: Role,
  subject = `${role}-${unique('u')}`,
  channel?: string,
): Promise<string> {
  const c = loadCardsConfig({ ...serverEnv(), SERVICE_NAME: 'cards' });
  return mintToken(c, { subject, roles: [role], channel });
}
