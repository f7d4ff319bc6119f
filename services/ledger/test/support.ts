import { createLogger, mintToken, type Logger, type Role } from '@cardline/platform';
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

const tokens = new Map<Role, Promise<string>>();

/**
 * The Authorization header of a caller in `role` for the test services,
 * signed with the default local key they verify with. One token (one
 * subject) per role for the whole test file, so a retry with an
 * Idempotency-Key comes from the same caller, as it must to be replayed.
 */
export async function asRole(role: Role): Promise<Record<string, string>> {
  let token = tokens.get(role);
  if (!token) {
    const c = loadLedgerConfig({ ...serverEnv(), SERVICE_NAME: 'ledger' });
    token = mintToken(c, { subject: `${role}-${unique('u')}`, roles: [role] });
    tokens.set(role, token);
  }
  return { authorization: `Bearer ${await token}` };
}

export type AuthHeader = Awaited<ReturnType<typeof asRole>>;

/** The ledger's callers, each in a role its routes allow (src/adapters/http/routes.ts). */
export interface LedgerCallers {
  /** Opens accounts directly: an admin's path (the floor opens them by an approved application). */
  sales: AuthHeader;
  /** Posts transactions, as the card processor does. */
  processor: AuthHeader;
  /** Reads accounts, transactions, statements and the ledger's view of cards. */
  reader: AuthHeader;
  /** Moves the clock and runs end-of-day. */
  admin: AuthHeader;
}

export async function ledgerCallers(): Promise<LedgerCallers> {
  const [sales, processor, reader, admin] = await Promise.all([
    asRole('admin'),
    asRole('card_processor'),
    asRole('agent'),
    asRole('admin'),
  ]);
  return { sales, processor, reader, admin };
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
