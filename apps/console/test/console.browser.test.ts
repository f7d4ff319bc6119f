import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { createLogger, mintToken, type Role } from '@cardline/platform';
import { eventually, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';
import { http, openBody, purchaseBody, startTestLedger } from '../../../services/ledger/test/support';
import { startTestCards } from '../../../services/cards/test/support';
import { startTestDisputes } from '../../../services/disputes/test/support';
import { startTestTicketing, ticketingEnv } from '../../../services/ticketing/test/support';
import { startTestCollections } from '../../../services/collections/test/support';
import { startTestSales } from '../../../services/sales/test/service-support';
import { createGateway, loadGatewayConfig, type Gateway } from '../../../services/gateway/src/gateway';
import { CONSOLE_DIST } from '../../../services/gateway/src/console';

// The agent console in Debian's Chromium (playwright-core drives the binary
// at CHROMIUM_PATH, else /usr/bin/chromium) against the six services on the
// real servers behind the gateway, which serves the console at /console and
// signs agents in with its local token issuer. Ledger, cards, disputes and
// collections run on their simulated clocks (the test supports' defaults:
// January 2026, moved forward by the tests); ticketing and sales on the
// system clock, because the console records the time a customer said yes as
// the browser's now, and sales refuses a yes in its future.
// The tests run in file order: the collections call moves the ledger to
// March, after the January flows. Screenshots go to docs/screenshots/.

// A call waits on several services' projections in turn (card, trace, disputes, timeline).
jest.setTimeout(300_000);

const root = path.resolve(__dirname, '..', '..', '..');
const shots = path.join(root, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The agent works from Shanghai, the customers are elsewhere: both times show. */
const AGENT_ZONE = 'Asia/Shanghai';

let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let disputes: Awaited<ReturnType<typeof startTestDisputes>>;
let ticketing: Awaited<ReturnType<typeof startTestTicketing>>;
let collections: Awaited<ReturnType<typeof startTestCollections>>;
let sales: Awaited<ReturnType<typeof startTestSales>>;
let gw: Gateway;
let browser: Browser;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: bash infra/local/install.sh chromium, or set CHROMIUM_PATH`);
  if (!fs.existsSync(path.join(CONSOLE_DIST, 'index.html')))
    execFileSync(process.execPath, [path.join(root, 'apps', 'console', 'build.mjs')], { stdio: 'inherit' });
  [ledger, cards, disputes, ticketing, collections, sales] = await Promise.all([
    startTestLedger(),
    startTestCards(),
    startTestDisputes(),
    startTestTicketing(ticketingEnv()),
    startTestCollections(),
    startTestSales({ CLOCK: 'system' }),
  ]);
  const config = loadGatewayConfig({
    PORT: '0',
    LEDGER_URL: ledger.url,
    CARDS_URL: cards.url,
    DISPUTES_URL: disputes.url,
    TICKETING_URL: ticketing.url,
    COLLECTIONS_URL: collections.url,
    SALES_URL: sales.url,
    // The console polls and the tests poll: the edge must not limit them.
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
  });
  gw = stopAfterFile(createGateway(config, createLogger('gateway', 'silent')), 'gateway');
  await gw.start();
  for (const role of ['admin', 'agent', 'collector', 'sales_agent', 'card_processor'] as const)
    tokens[role] = await mintToken(config, { subject: `${role}-browser`, roles: [role] });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  stopAfterFile({ stop: () => browser.close() }, 'chromium');
  fs.mkdirSync(shots, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await gw?.stop();
  await Promise.all([
    sales?.stop(),
    collections?.stop(),
    ticketing?.stop(),
    disputes?.stop(),
    cards?.stop(),
    ledger?.stop(),
  ]);
});

const url = (p: string) => `http://127.0.0.1:${gw.port}${p}`;
const as = (role: Role) => ({ authorization: `Bearer ${tokens[role]}` });
const api = async (method: string, p: string, role: Role, body?: unknown) => {
  const r = await http(method, url(p), body, { ...as(role), 'idempotency-key': unique('k') });
  if (r.status >= 300) throw new Error(`${method} ${p} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
};

/** An account opened as the floor would have it: its customer, its card active in the ledger. */
async function customerWithCard(over: Record<string, unknown> = {}) {
  const account = await api(
    'POST',
    '/ledger/v1/accounts',
    'admin',
    openBody({ customerId: unique('cus-console'), ...over }),
  );
  const accountId = account.accountId as string;
  const card = await eventually(
    async () => {
      const c = (await api('GET', `/cards/v1/accounts/${accountId}/cards`, 'agent')).items?.[0];
      if (!c) throw new Error('no card yet');
      return c as { cardId: string };
    },
    { timeoutMs: 60_000, what: 'the card issued for the new account' },
  );
  await api('POST', `/cards/v1/cards/${card.cardId}/activate`, 'agent', {});
  await eventually(
    async () => {
      const seen = (await api('GET', `/ledger/v1/accounts/${accountId}/cards`, 'agent')).items;
      if (seen?.[0]?.status !== 'ACTIVE') throw new Error('the ledger has not seen the activation');
    },
    { timeoutMs: 60_000, what: 'the activation in the ledger' },
  );
  // The console finds a customer through ticketing's answers, which name their accounts.
  await eventually(
    () => api('GET', `/ticketing/v1/customers/${account.customerId as string}/answers`, 'agent'),
    {
      timeoutMs: 60_000,
      what: 'the account in ticketing',
    },
  );
  return { accountId, customerId: account.customerId as string, cardId: card.cardId };
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    timezoneId: AGENT_ZONE,
    locale: 'en-US',
    viewport: { width: 1400, height: 1000 },
  });
  stopAfterFile({ stop: () => context.close() }, 'browser context');
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** Signs in as the role with the local token issuer; the header names the role. */
async function signIn(page: Page, role: Role, roleLabel: string) {
  await page.goto(url('/console'));
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectText(page.getByTestId('signed-in-role'), `role: ${roleLabel}`);
}

/** Types the customer into the search and waits for their screen. */
async function openCustomer(page: Page, customerId: string) {
  await page.getByLabel('Customer or account id').fill(customerId);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expectText(page.getByTestId('customer-heading'), customerId);
}

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible' });
}

/** Reloads the customer's screen until `check` passes (other services project asynchronously). */
async function untilShown(page: Page, what: string, check: () => Promise<boolean>) {
  await eventually(
    async () => {
      if (await check()) return;
      await page.reload();
      await page.getByTestId('customer-heading').waitFor();
      throw new Error(`not shown yet: ${what}`);
    },
    { timeoutMs: 90_000, intervalMs: 1000, what },
  );
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

it('the stolen-card call: search, log the call, report stolen, review the trace, mark the charges, fraud disputes opened, the timeline shows the chain', async () => {
  // A legitimate purchase on 10 January, a stolen card used on the 11th (the ledger's clock).
  const c = await customerWithCard();
  await api('POST', `/ledger/v1/accounts/${c.accountId}/transactions`, 'card_processor', {
    ...purchaseBody(1800),
    cardId: c.cardId,
  });
  await api('POST', '/ledger/v1/admin/clock', 'admin', { advanceHours: 24 });
  await api('POST', `/ledger/v1/accounts/${c.accountId}/transactions`, 'card_processor', {
    ...purchaseBody(32000),
    cardId: c.cardId,
  });

  const { page } = await newPage();
  await signIn(page, 'agent', 'Agent');
  await shot(page, 'console-signed-in');
  // The agent may act on cards and open disputes, and is offered no collections or sales action.
  await openCustomer(page, c.customerId);
  await expect(page.getByTestId('contact-gate').count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Enroll' }).count()).resolves.toBe(0);

  await page.getByLabel('Call subject').fill('Card stolen');
  await page.getByLabel('Topic').selectOption('LOST_CARD');
  await page.getByRole('button', { name: 'Log this call' }).click();
  await expectText(page.getByTestId('cases'), 'Card stolen');

  // Last used by the customer at midnight UTC on the 11th: 08:00 in the agent's Shanghai.
  const card = page.getByTestId(`card-${c.cardId}`);
  await card.getByLabel('Last used by the customer').fill('2026-01-11T08:00');
  await card.getByRole('button', { name: 'Report stolen' }).click();
  await expectText(card.getByTestId('card-status'), 'STOLEN');

  // The trace lists the charge after the last legitimate use once cards has it.
  await eventually(
    async () => {
      await card.getByRole('button', { name: 'Review fraud trace' }).click();
      await page.getByTestId('fraud-trace').waitFor({ timeout: 5000 });
      if ((await page.getByTestId('fraud-trace').getByRole('checkbox').count()) !== 1)
        throw new Error('the trace has not the one charge yet');
    },
    { timeoutMs: 60_000, intervalMs: 1000, what: 'the fraud trace' },
  );
  await page.getByTestId('fraud-trace').getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Mark 1 unrecognised' }).click();
  await expectText(page.getByTestId('fraud-trace'), 'Reported');
  await shot(page, 'console-stolen-card');

  // Disputes opens a fraud claim for the marked charge; the timeline holds the call's chain:
  // the case, the card reported stolen and the fraud report, and the dispute they caused.
  await untilShown(
    page,
    'the fraud dispute',
    async () =>
      (await page.locator(`[data-testid="disputes-${c.accountId}"] [data-kind="FRAUD"]`).count()) > 0,
  );
  await untilShown(page, 'the chain in the timeline', async () => {
    const chains = page.getByTestId('chain');
    for (let i = 0; i < (await chains.count()); i++) {
      const chain = chains.nth(i);
      const fraud = await chain.locator('[data-type^="cards.card.fraud-reported"]').count();
      const dispute = await chain.locator('[data-type^="disputes.dispute."]').count();
      const caseOpened = await chain.locator('[data-type^="ticketing.case."]').count();
      if (fraud > 0 && dispute > 0 && caseOpened > 0) return true;
    }
    return false;
  });
  await shot(page, 'console-timeline-chain');
});

it('an add-on enrolment cannot be submitted until every disclosure is acknowledged', async () => {
  // Sales runs on the system clock: the customer lives where it is now within the calling hours.
  const zone = zoneWithinHours(new Date());
  const c = await customerWithCard({ timeZone: zone });
  await api('PUT', `/sales/v1/customers/${c.customerId}/facts`, 'sales_agent', {
    marketingConsent: true,
    doNotCall: false,
    inHardship: false,
    employmentStatus: 'EMPLOYED',
  });
  await eventually(
    async () => {
      const sheet = await api(
        'GET',
        `/sales/v1/customers/${c.customerId}/offers?accountId=${c.accountId}`,
        'sales_agent',
      );
      if (!sheet.offers?.some((o: { addOn: string }) => o.addOn === 'PAYMENT_PROTECTION'))
        throw new Error(`no payment protection offered: ${JSON.stringify(sheet.excluded)}`);
    },
    { timeoutMs: 60_000, what: 'an offer for the customer' },
  );

  const { page } = await newPage();
  await signIn(page, 'sales_agent', 'Sales agent');
  await openCustomer(page, c.customerId);
  const offer = page
    .locator('[data-testid^="offer-"]')
    .filter({ has: page.getByTestId('enrol') })
    .first();
  const enrol = offer.getByTestId('enrol');
  await offer.waitFor();
  await expect(enrol.isDisabled()).resolves.toBe(true);

  // Every statement read and every disclosure ticked, the recording named: still no express yes.
  for (const box of await offer.locator('input[type="checkbox"]:not([data-testid="ack-yes"])').all()) {
    await box.check();
    await expect(enrol.isDisabled()).resolves.toBe(true);
  }
  await offer.getByTestId('recording-ref').fill('rec-browser-1');
  await expect(enrol.isDisabled()).resolves.toBe(true);
  await expectText(offer.getByTestId('enrol-missing'), 'No express yes');
  await shot(page, 'console-enrolment-gate');

  // One statement un-ticked again closes the gate; all of them and the yes open it.
  const firstLine = offer.getByTestId('ack-script').first();
  await firstLine.uncheck();
  await offer.getByTestId('ack-yes').check();
  await expect(enrol.isDisabled()).resolves.toBe(true);
  await expectText(offer.getByTestId('enrol-missing'), 'Statement 1 not acknowledged');
  await firstLine.check();
  await expect(enrol.isDisabled()).resolves.toBe(false);
  // Pinned by its own test id: once enrolled the offer has no Enroll button, so the filter above no longer finds it.
  const pinned = page.getByTestId((await offer.getAttribute('data-testid')) as string);
  await enrol.click();
  await expectText(pinned.getByTestId('enrolled'), 'Enrolled');
});

it('a collections call outside the calling hours is refused with the rule named, and allowed in hours (simulated clock)', async () => {
  // A New York account 1–29 days past due on 4 March (statement of 5 February, due 2 March).
  const c = await customerWithCard();
  await api('POST', `/ledger/v1/accounts/${c.accountId}/transactions`, 'card_processor', {
    ...purchaseBody(100000),
    cardId: c.cardId,
  });
  await api('POST', '/ledger/v1/admin/clock', 'admin', { to: '2026-03-04T12:00:00Z' });
  const caseId = await eventually(
    async () => {
      const k = await api('GET', `/collections/v1/accounts/${c.accountId}/case`, 'collector');
      if (k.status !== 'OPEN') throw new Error(`case ${k.status}`);
      return k.caseId as string;
    },
    { timeoutMs: 60_000, what: 'the collections case' },
  );
  // The validation notice went out on the 4th; the number on file is not a mobile.
  await api('POST', '/collections/v1/admin/clock', 'admin', { to: '2026-03-04T15:00:00Z' });
  await api('POST', `/collections/v1/cases/${caseId}/contact-facts`, 'collector', {
    validationNoticeSentAt: '2026-03-04T14:00:00.000Z',
    mobile: false,
  });

  // 21:00 in New York.
  await api('POST', '/collections/v1/admin/clock', 'admin', { to: '2026-03-05T02:00:00Z' });
  const { page } = await newPage();
  await signIn(page, 'collector', 'Collector');
  await openCustomer(page, c.customerId);
  const gate = page.getByTestId('contact-gate');
  // The live verdict (GET …/contact-verdict, nothing recorded) refuses the call by the hours rule.
  await expectText(gate.getByTestId('live-verdict-CALL'), 'not allowed');
  await expectText(gate.getByTestId('live-verdict-CALL'), 'US.CONTACT_HOURS');
  await gate.getByRole('button', { name: 'Ask for CALL' }).click();
  await expectText(gate.getByTestId('contact-verdict'), 'CALL: not allowed now');
  await expectText(gate.getByTestId('verdict-rule'), 'US.CONTACT_HOURS');
  await expectText(gate.getByTestId('problem'), 'Allowed again at');
  await shot(page, 'console-collections-refused');

  // 10:00 the next morning in New York: allowed, the rules that applied named; the outcome and a promise logged.
  await api('POST', '/collections/v1/admin/clock', 'admin', { to: '2026-03-05T15:00:00Z' });
  await gate.getByRole('button', { name: 'Ask the gate again' }).click();
  await gate.getByTestId('live-verdict-CALL').locator('.verdict-allowed').waitFor();
  await gate.getByRole('button', { name: 'Ask for CALL' }).click();
  await expectText(gate.getByTestId('contact-verdict'), 'CALL: allowed now');
  await expectText(gate.getByTestId('verdict-rule'), 'US.CONTACT_HOURS');
  await gate.getByLabel('Call outcome').selectOption('PROMISE');
  await gate.getByRole('button', { name: 'Log outcome' }).click();
  await gate.getByRole('button', { name: 'Log outcome' }).waitFor({ state: 'detached' });
  const promise = page.getByRole('form', { name: 'Record promise' });
  await promise.getByLabel(/Amount/).fill('10.00');
  await promise.getByLabel('Due date').fill('2026-03-10');
  await promise.getByRole('button', { name: 'Record promise' }).click();
  await expectText(page.getByTestId(`collections-${c.accountId}`), '/ $10.00');
  await shot(page, 'console-collections-allowed');

  // The same screen in Chinese.
  await page.getByLabel('Language').selectOption('zh');
  await expectText(page.getByTestId(`collections-${c.accountId}`), '催收');
  await shot(page, 'console-collections-zh');
});

it('the customer screen has no serious or critical accessibility violations (axe-core)', async () => {
  const c = await customerWithCard();
  const { page } = await newPage();
  await signIn(page, 'supervisor', 'Supervisor');
  await openCustomer(page, c.customerId);
  await page.getByTestId('timeline').waitFor();
  await page.getByTestId(`cards-${c.accountId}`).getByTestId('card-status').first().waitFor();
  await shot(page, 'console-customer-supervisor');
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run: () => Promise<AxeResults> } };
    const r = await axe.run();
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.length,
    }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
});

it('finds the customer by the card’s last four (cards) and by the phone they text from (ticketing)', async () => {
  const c = await customerWithCard();
  const card = await api('GET', `/cards/v1/cards/${c.cardId}`, 'agent');
  // The customer texts in: ticketing keeps the number on the case, as a fingerprint in its index.
  const phone = `+1 415 555 ${String(Math.floor(Math.random() * 9000) + 1000)}`;
  await api('POST', '/ticketing/v1/channels/SMS/messages', 'admin', {
    customerId: c.customerId,
    from: phone,
    body: 'Is my card working?',
    externalId: unique('sms'),
  });
  const { page } = await newPage();
  await signIn(page, 'agent', 'Agent');
  /** Searches, then opens the customer: at once when alone, from the list when others match too. */
  const find = async (query: string) => {
    // From an empty screen (the session is kept for the tab), so no earlier heading answers for this search.
    await page.goto(url('/console'));
    await page.getByLabel('Customer or account id').fill(query);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const heading = page.getByTestId('customer-heading').filter({ hasText: c.customerId });
    const pick = page.getByTestId('search-matches').getByRole('button', { name: c.customerId });
    await heading.or(pick).first().waitFor();
    if (await pick.isVisible()) await pick.click();
    await expectText(page.getByTestId('customer-heading'), c.customerId);
  };
  const texted = await api('POST', '/ticketing/v1/customers/search', 'agent', { phone });
  expect(texted.items.map((m: { customerId: string }) => m.customerId)).toEqual([c.customerId]);
  await find(card.last4 as string);
  // Written another way than it came in: the fingerprint is of the digits.
  await find(phone.replace('+1 ', '(').replace(' 555 ', ') 555-'));
  await shot(page, 'console-search');
});

/** A zone where it is now between 09:00 and 20:00 (sales calls 08:00–21:00 local). */
function zoneWithinHours(now: Date): string {
  const zones = [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Los_Angeles',
    'America/Anchorage',
    'Pacific/Honolulu',
    'Pacific/Guam',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Europe/London',
  ];
  const hourIn = (zone: string) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(now),
    );
  const zone = zones.find((z) => hourIn(z) >= 9 && hourIn(z) < 20);
  if (!zone) throw new Error(`no zone within the calling hours at ${now.toISOString()}`);
  return zone;
}
