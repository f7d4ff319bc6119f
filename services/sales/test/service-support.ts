import type { Logger } from 'pino';
import { createLogger, mintToken, type Role } from '@cardline/platform';
import { createSales, loadSalesConfig, type Sales } from '../src/sales';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

/** A sales service in this process on the real servers, with its own database and consumer groups. */
export async function startTestSales(
  over: Record<string, string> = {},
  logger?: Logger,
): Promise<Sales & { url: string }> {
  const config = loadSalesConfig({
    ...serverEnv(),
    SERVICE_NAME: 'sales',
    PORT: '0',
    MONGO_DB: unique('sales_test').replace(/-/g, '_'),
    CLOCK: 'simulated',
    // The ledger's test clock starts here too (services/ledger/test/support.ts).
    CLOCK_START: '2026-01-10T14:00:00Z',
    CLOCK_POLL_MS: '3600000',
    GROUP_SUFFIX: `.${unique('t')}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...over,
  });
  const sales = stopAfterFile(
    await createSales(config, logger ?? createLogger('sales', config.LOG_LEVEL)),
    'sales',
  );
  await sales.start();
  return Object.assign(sales, { url: `http://127.0.0.1:${sales.port}` });
}

/** A bearer token for a role, signed with the default local key the test services verify with. */
export async function tokenFor(role: Role, subject = `${role}-${unique('u')}`): Promise<string> {
  const c = loadSalesConfig({ ...serverEnv(), SERVICE_NAME: 'sales' });
  return mintToken(c, { subject, roles: [role] });
}
