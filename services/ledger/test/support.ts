import { createLogger, type Logger } from '@cardline/platform';
import { createLedger, loadLedgerConfig, type Ledger } from '../src/ledger';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';

/** A ledger in this process on the real servers, with its own database and consumer groups. */
export async function startTestLedger(
  over: Record<string, string> = {},
  logger?: Logger,
): Promise<Ledger & { url: string }> {
  const env = serverEnv();
  const config = loadLedgerConfig({
    ...env,
    SERVICE_NAME: 'ledger',
    PORT: '0',
    MONGO_DB: unique('ledger_test').replace(/-/g, '_'),
    CLOCK: 'simulated',
    CLOCK_START: '2026-01-10T14:00:00Z',
    EOD_POLL_MS: '3600000',
    GROUP_SUFFIX: `.${unique('t')}`,
    // Fresh groups skip the shared topics' history (other runs' accounts).
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...over,
  });
  const ledger = stopAfterFile(
    await createLedger(config, logger ?? createLogger('ledger', config.LOG_LEVEL)),
    'ledger',
  );
  await ledger.start();
  return Object.assign(ledger, { url: `http://127.0.0.1:${ledger.port}` });
}

export async function http(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    json,
    headers: res.headers,
  };
}

export const openBody = (over: Record<string, unknown> = {}) => ({
  customerId: unique('cus'),
  productCode: 'CLASSIC',
  market: 'US',
  currency: 'USD',
  creditLimit: 500000,
  aprBps: 2499,
  billingCycleDay: 5,
  timeZone: 'America/New_York',
  ...over,
});

export const purchaseBody = (amount: number) => ({
  kind: 'PURCHASE',
  amount,
  currency: 'USD',
  merchant: { name: 'Whole Foods Market', mcc: '5411', city: 'New York', country: 'US' },
});
