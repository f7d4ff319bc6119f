import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import type { AxeResults } from 'axe-core';

// The built console in Chromium with no server at all: every request the
// page makes is answered inside the browser (Playwright's request routing)
// from dist/web and from the fixtures below, shaped as the services answer.
// It checks that the bundle renders and behaves, not the platform: that is
// console.browser.test.ts. Needs Chromium (bash infra/local/install.sh
// chromium, which .ci/run's `install.sh all` runs, or CHROMIUM_PATH).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = path.resolve(__dirname, '..', 'dist', 'web');
const ORIGIN = 'http://console.test';
/** CONSOLE_SCREENSHOTS=1 saves the screens on fixtures to docs/screenshots/fixtures-*.png (the browser test saves the real ones). */
const shot = async (page: Page, name: string) => {
  if (process.env.CONSOLE_SCREENSHOTS !== '1') return;
  const dir = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `fixtures-${name}.png`), fullPage: true });
};

const account = {
  accountId: 'acc-1',
  customerId: 'cus-1',
  productCode: 'CLASSIC',
  market: 'US',
  status: 'OPEN',
  currency: 'USD',
  creditLimit: 500000,
  balance: 123456,
  availableCredit: 376544,
  aprBps: 2499,
  billingCycleDay: 5,
  timeZone: 'America/New_York',
  daysPastDue: 12,
  delinquencyBucket: 'DPD_1_29',
  amountPastDue: 2500,
  amountInDispute: 0,
  lastStatement: {
    statementId: 'st-1',
    closingBalance: 100000,
    minimumDue: 2500,
    minimumDueNow: 2500,
    dueDate: '2026-03-02',
  },
};
const offer = {
  offerId: 'off-1',
  addOn: 'PAYMENT_PROTECTION',
  termsVersion: 'PP-US-3',
  name: 'Payment protection',
  optional: true,
  pricing: { kind: 'MONTHLY', monthlyFee: 995, freeTrial: true, feeBps: null, minimumFee: null },
  currency: 'USD',
  exclusions: ['Pre-existing conditions'],
  scriptVersion: 'S-7',
  script: ['Payment protection is optional.', 'It costs $9.95 a month after a 30-day free trial.'],
};
const openCase = {
  caseId: 'cas-1',
  customerId: 'cus-1',
  accountId: 'acc-1',
  channel: 'CHAT',
  topic: 'BILLING_QUESTION',
  priority: 'NORMAL',
  subject: 'What is my balance?',
  status: 'OPEN',
  level: 'TIER1',
  openedAt: '2026-03-04T15:00:00.000Z',
  correlationIds: [],
  sla: {
    FIRST_REPLY: {
      state: 'RUNNING',
      dueAt: '2099-03-04T16:00:00.000Z',
      remainingMs: null,
      warned: false,
      breached: false,
    },
  },
};
const refusedAt21 = {
  type: 'https://cardline.dev/problems/conflict',
  title: 'Conflicts with the current state',
  status: 409,
  detail: 'outside the calling hours at the debtor’s location (21:00 America/New_York)',
  ruleId: 'US.CONTACT_HOURS',
  nextAllowedAt: '2026-03-05T13:00:00.000Z',
};

/** The answers of the services, by method and gateway path. */
const fixtures: [string, RegExp, number, unknown][] = [
  [
    'GET',
    /^\/ticketing\/v1\/customers\/cus-1\/answers$/,
    200,
    {
      items: [
        {
          accountId: 'acc-1',
          productCode: 'CLASSIC',
          asOf: '2026-03-04T12:00:00.000Z',
          answers: [
            { question: 'BALANCE', text: 'Your balance is $1,234.56.', figures: { balance: 123456 } },
          ],
        },
      ],
    },
  ],
  ['GET', /^\/ledger\/v1\/accounts\/acc-1$/, 200, account],
  ['GET', /^\/ledger\/v1\/accounts\/acc-1\/transactions$/, 200, { items: [], next: null }],
  [
    'GET',
    /^\/cards\/v1\/accounts\/acc-1\/cards$/,
    200,
    {
      items: [
        {
          cardId: 'crd-1',
          accountId: 'acc-1',
          maskedNumber: '4111 11** **** 4242',
          last4: '4242',
          network: 'VISA',
          expiry: '01/29',
          status: 'ACTIVE',
          statusChangedAt: '2026-01-10T14:00:00.000Z',
          freeze: null,
          block: null,
          replacedByCardId: null,
        },
      ],
    },
  ],
  [
    'POST',
    /^\/sales\/v1\/customers\/search$/,
    200,
    {
      items: [
        { customerId: 'cus-1', market: 'US', accountIds: ['acc-1'] },
        { customerId: 'cus-2', market: 'US', accountIds: [] },
      ],
    },
  ],
  [
    'GET',
    /^\/cards\/v1\/cards$/,
    200,
    {
      items: [
        { cardId: 'crd-1', accountId: 'acc-1', customerId: 'cus-1', maskedNumber: '4111 11** **** 4242' },
      ],
    },
  ],
  ['GET', /^\/ticketing\/v1\/cases$/, 200, { items: [openCase] }],
  [
    'GET',
    /^\/ticketing\/v1\/cases\/cas-1$/,
    200,
    {
      ...openCase,
      triage: [
        {
          interactionId: 'int-1',
          intent: 'BALANCE_QUESTION',
          confidence: 0.93,
          language: 'en',
          urgency: 'NONE',
          entities: { lastFour: ['4242'], amounts: [], dates: [], merchants: [], caseRefs: [] },
          source: 'ANSWERS',
          suggestion: 'Your balance is $1,234.56.',
          review: null,
          at: '2026-03-04T15:00:00.000Z',
        },
      ],
    },
  ],
  ['GET', /^\/disputes\/v1\/disputes$/, 200, { items: [] }],
  [
    'GET',
    /^\/collections\/v1\/accounts\/acc-1\/case$/,
    200,
    {
      caseId: 'col-1',
      accountId: 'acc-1',
      timeZone: 'America/New_York',
      status: 'OPEN',
      stage: 'EARLY',
      bucket: 'DPD_1_29',
      daysPastDue: 12,
      amountOwed: 2500,
      collectableAmount: 2500,
      currency: 'USD',
      promises: [],
      suppressedUntil: null,
    },
  ],
  ['GET', /^\/collections\/v1\/cases\/col-1\/plans$/, 200, { plans: [], hardships: [] }],
  ['POST', /^\/collections\/v1\/cases\/col-1\/contacts$/, 409, refusedAt21],
  [
    'GET',
    /^\/collections\/v1\/cases\/col-1\/contact-verdict$/,
    200,
    {
      caseId: 'col-1',
      accountId: 'acc-1',
      customerId: 'cus-1',
      market: 'US',
      timeZone: 'America/New_York',
      at: '2026-03-05T02:00:00.000Z',
      items: [
        {
          channel: 'CALL',
          allowed: false,
          ruleIds: ['US.CONTACT_HOURS'],
          reason: refusedAt21.detail,
          nextAllowedAt: refusedAt21.nextAllowedAt,
        },
        {
          channel: 'LETTER',
          allowed: true,
          ruleIds: ['ALL.PARTY', 'ALL.CEASE'],
          reason: null,
          nextAllowedAt: null,
        },
      ],
    },
  ],
  [
    'GET',
    /^\/sales\/v1\/customers\/cus-1\/offers$/,
    200,
    {
      customerId: 'cus-1',
      accountId: 'acc-1',
      accountLast4: '4242',
      market: 'US',
      at: '2026-03-04T15:00:00.000Z',
      offers: [offer],
      excluded: [{ addOn: 'CARD_UPGRADE', termsVersion: 'UP-1', failing: ['PRODUCT_SUITABILITY'] }],
    },
  ],
  ['GET', /^\/sales\/v1\/consent-records$/, 200, { items: [] }],
  ['POST', /^\/sales\/v1\/enrolments$/, 201, { enrolmentId: 'enr-1' }],
  [
    'GET',
    /^\/ticketing\/v1\/customers\/cus-1\/timeline$/,
    200,
    {
      items: [
        {
          eventId: 'e2',
          at: '2026-03-04T12:00:02.000Z',
          type: 'collections.case.opened.v1',
          source: 'collections',
          subject: 'col-1',
          accountId: 'acc-1',
          customerId: 'cus-1',
          summary: 'Collections case opened',
          correlationId: 'eod-1',
          causationId: 'e1',
        },
        {
          eventId: 'e1',
          at: '2026-03-04T12:00:00.000Z',
          type: 'ledger.account.delinquent.v1',
          source: 'ledger',
          subject: 'acc-1',
          accountId: 'acc-1',
          customerId: 'cus-1',
          summary: 'Past due',
          correlationId: 'eod-1',
          causationId: null,
        },
      ],
      next: null,
    },
  ],
];

const sent: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];

async function answer(route: Route) {
  const req = route.request();
  const u = new URL(req.url());
  const json = (status: number, body: unknown) =>
    route.fulfill({
      status,
      contentType: status >= 400 ? 'application/problem+json' : 'application/json',
      body: JSON.stringify(body),
    });
  if (u.pathname === '/console/token' && req.method() === 'POST') {
    const { role } = req.postDataJSON() as { role: string };
    return json(200, {
      token: `t-${role}`,
      role,
      subject: `${role}-console`,
      expiresAt: '2099-01-01T00:00:00Z',
    });
  }
  const file = path.join(dist, u.pathname.replace(/^\/console\/?/, ''));
  if (u.pathname.startsWith('/console') && fs.existsSync(file) && fs.statSync(file).isFile())
    return route.fulfill({ path: file });
  if (u.pathname === '/console' || u.pathname.startsWith('/console/'))
    return route.fulfill({ path: path.join(dist, 'index.html') });
  sent.push({ method: req.method(), path: u.pathname, body: req.postDataJSON(), headers: req.headers() });
  const hit = fixtures.find(([m, p]) => m === req.method() && p.test(u.pathname));
  if (hit) return json(hit[2], hit[3]);
  return json(404, {
    type: 'https://cardline.dev/problems/not-found',
    title: 'Resource not found',
    status: 404,
    detail: `no fixture for ${req.method()} ${u.pathname}`,
  });
}

let browser: Browser;

async function signedIn(role: string, search = 'cus-1'): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'en-US' });
  await context.route('**/*', answer);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${ORIGIN}/console`);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-role').waitFor();
  await page.getByLabel('Customer or account id').fill(search);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  if (search === 'cus-1') await page.getByTestId('customer-heading').waitFor();
  return page;
}

describe('the console bundle in Chromium, on fixtures', () => {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: run bash infra/local/install.sh chromium, or set CHROMIUM_PATH`,
      );
    // Built afresh (under a second): a stale dist/web would test yesterday's console.
    execFileSync(process.execPath, [path.join(__dirname, '..', 'build.mjs')], { stdio: 'inherit' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(() => browser?.close());

  it('shows the role, the figures in the customer’s and the agent’s time, and only the role’s actions', async () => {
    const page = await signedIn('agent');
    await expect(page.getByTestId('signed-in-role').textContent()).resolves.toContain('role: Agent');
    const figures = page.getByTestId('account-acc-1');
    await expect(figures.textContent()).resolves.toMatch(/\$1,234\.56.*\$3,765\.44/);
    await expect(figures.textContent()).resolves.toContain('DPD_1_29');
    await expect(page.getByTestId('customer-heading').textContent()).resolves.toMatch(
      /America\/New_York.*Asia\/Shanghai/,
    );
    await page.getByRole('button', { name: 'Freeze' }).waitFor();
    // The case at hand with its SLA clock and triage's suggested answer, with the figure it read.
    const suggestion = page.getByTestId('case-suggestion');
    await expect(suggestion.textContent()).resolves.toMatch(/Your balance is \$1,234\.56\..*••4242/);
    await expect(page.getByTestId('case-cas-1').textContent()).resolves.toContain('FIRST_REPLY: RUNNING');
    await expect(page.getByTestId('contact-gate').count()).resolves.toBe(0);
    await expect(page.getByTestId('enrol').count()).resolves.toBe(0);
    // The chain: the delinquency and the case it opened, the cause first.
    const chain = page.getByTestId('chain');
    await expect(chain.locator('li').first().getAttribute('data-type')).resolves.toBe(
      'ledger.account.delinquent.v1',
    );
    await page.context().close();
  });

  it('shows a refused contact as the problem says: title, detail and the rule, and no action for it', async () => {
    const page = await signedIn('collector');
    await expect(page.getByRole('button', { name: 'Freeze' }).count()).resolves.toBe(0);
    // The live verdict per channel, asked without an attempt: the rule and when it is next allowed.
    const call21 = page.getByTestId('live-verdict-CALL');
    await call21.getByText('not allowed').waitFor();
    await expect(call21.textContent()).resolves.toMatch(/US\.CONTACT_HOURS.*Mar 5, 2026, 08:00 EST/);
    await expect(page.getByTestId('live-verdict-LETTER').textContent()).resolves.toContain('allowed');
    expect(sent.filter((s) => s.path === '/collections/v1/cases/col-1/contacts')).toEqual([]);
    await page.getByRole('button', { name: 'Ask for CALL' }).click();
    const verdict = page.getByTestId('contact-verdict');
    await verdict.getByText('CALL: not allowed now').waitFor();
    await expect(verdict.getByTestId('verdict-rule').textContent()).resolves.toBe('US.CONTACT_HOURS');
    await expect(verdict.getByTestId('problem').textContent()).resolves.toContain(
      'outside the calling hours',
    );
    await expect(page.getByRole('button', { name: 'Log outcome' }).count()).resolves.toBe(0);
    await shot(page, 'collections-refused');
    const call = sent.find((s) => s.path === '/collections/v1/cases/col-1/contacts');
    expect(call?.body).toEqual({ channel: 'CALL', party: 'DEBTOR' });
    expect(call?.headers.authorization).toBe('Bearer t-collector');
    expect(call?.headers['idempotency-key']).toBeTruthy();
    await page.getByLabel('Language').selectOption('zh');
    await page.getByText('现在可以联系吗？通过哪个渠道？').waitFor();
    await shot(page, 'collections-zh');
    await page.context().close();
  });

  it('keeps Enroll disabled until every disclosure is acknowledged, then sends the complete consent record', async () => {
    const page = await signedIn('sales_agent');
    const card = page.getByTestId('offer-PAYMENT_PROTECTION');
    const enrol = card.getByTestId('enrol');
    await expect(enrol.isDisabled()).resolves.toBe(true);
    for (const box of await card.locator('input[type="checkbox"]').all()) {
      await expect(enrol.isDisabled()).resolves.toBe(true);
      await box.check();
    }
    await expect(enrol.isDisabled()).resolves.toBe(true); // the recording reference is still missing
    await shot(page, 'enrolment-gate');
    await card.getByTestId('recording-ref').fill('rec-9');
    await expect(enrol.isDisabled()).resolves.toBe(false);
    await enrol.click();
    await card.getByTestId('enrolled').waitFor();
    const sale = sent.find((s) => s.path === '/sales/v1/enrolments');
    expect(sale?.body).toMatchObject({
      customerId: 'cus-1',
      accountId: 'acc-1',
      termsVersion: 'PP-US-3',
      consent: {
        offerId: 'off-1',
        priceDisclosed: true,
        optionalDisclosed: true,
        exclusionsRead: true,
        scriptVersion: 'S-7',
        recordingRef: 'rec-9',
        conversion: { accountLast4: '4242', recordingRef: 'rec-9' },
      },
    });
    await page.context().close();
  });

  it('finds the customer by name from sales, lists the matches to pick from, and opens one card’s customer directly', async () => {
    const page = await signedIn('agent', 'Ada Approved');
    const list = page.getByTestId('search-matches');
    await list.getByRole('button', { name: 'cus-2' }).waitFor();
    const asked = sent.find((s) => s.path === '/sales/v1/customers/search');
    expect(asked?.body).toEqual({ name: 'Ada Approved' });
    // The name went in the body, and stays out of the address.
    expect(new URL(page.url()).pathname).toBe('/console');
    await list.getByRole('button', { name: 'cus-1' }).click();
    await expect(page.getByTestId('customer-heading').textContent()).resolves.toContain('Customer cus-1');
    // The last four: one customer found, opened at once.
    await page.getByLabel('Customer or account id').fill('4242');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('customer-heading').waitFor();
    expect(sent.some((s) => s.path === '/cards/v1/cards')).toBe(true);
    await page.waitForURL(/\/console\/customers\/cus-1$/);
    await page.context().close();
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const page = await signedIn('supervisor');
    await page.getByTestId('timeline').getByTestId('chain').first().waitFor();
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const { axe } = globalThis as unknown as { axe: { run: () => Promise<AxeResults> } };
      const r = await axe.run();
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
      }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await shot(page, 'customer-supervisor');
    await page.context().close();
  });
});
