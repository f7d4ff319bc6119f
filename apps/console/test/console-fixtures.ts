import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';

// The fake API of the console's fixtures tests: the built console in
// Chromium with no server at all, every request the page makes answered
// inside the browser (Playwright's request routing) from a dist/web and from
// fixtures shaped as the services answer. It checks that the bundle renders
// and behaves, not the platform: that is console.browser.test.ts. Needs
// Chromium (bash infra/local/install.sh chromium, which .ci/run's
// `install.sh all` runs, or CHROMIUM_PATH).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'http://console.test';

/** A service's answer: its status and its JSON body. */
export type Answer = [status: number, body: unknown];
/** A request the console sent to the API, as the fake received it. */
export interface Sent {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}
/**
 * One route of the fake API by method and gateway path: a fixed answer, or
 * one made from the request and the path's match (a fake that keeps what the
 * console changed, so the screen can show it after).
 */
export type Fixture =
  | [method: string, path: RegExp, status: number, body: unknown]
  | [method: string, path: RegExp, answer: (req: Sent, match: RegExpExecArray) => Answer];

export const account = {
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
export const offer = {
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
export const card = {
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
};
export const openCase = {
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
export const refusedAt21 = {
  type: 'https://cardline.dev/problems/conflict',
  title: 'Conflicts with the current state',
  status: 409,
  detail: 'outside the calling hours at the debtor’s location (21:00 America/New_York)',
  ruleId: 'US.CONTACT_HOURS',
  nextAllowedAt: '2026-03-05T13:00:00.000Z',
};

/** The case as a single read answers it: its triage and its newest interactions, oldest first. */
export const caseDetail = {
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
  interactions: [
    {
      interactionId: 'int-1',
      kind: 'INBOUND',
      channel: 'CHAT',
      body: 'What is my balance on the card ending 4242?',
      contact: null,
      actor: { id: 'chat-adapter', role: 'channel_adapter' },
      at: '2026-03-04T15:00:00.000Z',
      correlationId: 'chat-1',
      mergedFromCaseId: null,
      delivery: null,
    },
  ],
  interactionCount: 1,
  history: [],
  historyCount: 0,
};

/** The answers of the services, by method and gateway path. */
export const fixtures: Fixture[] = [
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
  ['GET', /^\/cards\/v1\/accounts\/acc-1\/cards$/, 200, { items: [card] }],
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
  ['GET', /^\/ticketing\/v1\/cases\/cas-1$/, 200, caseDetail],
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

/**
 * The gateway as the page sees it: the local token issuer, the console's
 * files from `dist`, and the API from `routes` (the first that matches),
 * recording every API request in `sent`.
 */
export class FakeApi {
  readonly sent: Sent[] = [];

  constructor(
    private readonly dist: string,
    private readonly routes: readonly Fixture[] = fixtures,
  ) {}

  /** The requests other than reads, in the order sent. */
  writes(): Sent[] {
    return this.sent.filter((s) => s.method !== 'GET');
  }

  readonly answer = async (route: Route): Promise<void> => {
    const req = route.request();
    const u = new URL(req.url());
    const json = ([status, body]: Answer) =>
      route.fulfill({
        status,
        contentType: status >= 400 ? 'application/problem+json' : 'application/json',
        body: JSON.stringify(body),
      });
    if (u.pathname === '/console/token' && req.method() === 'POST') {
      const { role } = req.postDataJSON() as { role: string };
      return json([
        200,
        { token: `t-${role}`, role, subject: `${role}-console`, expiresAt: '2099-01-01T00:00:00Z' },
      ]);
    }
    const file = path.join(this.dist, u.pathname.replace(/^\/console\/?/, ''));
    if (u.pathname.startsWith('/console') && fs.existsSync(file) && fs.statSync(file).isFile())
      return route.fulfill({ path: file });
    if (u.pathname === '/console' || u.pathname.startsWith('/console/'))
      return route.fulfill({ path: path.join(this.dist, 'index.html') });
    const sent: Sent = {
      method: req.method(),
      path: u.pathname,
      body: req.postDataJSON(),
      headers: req.headers(),
    };
    this.sent.push(sent);
    for (const hit of this.routes) {
      const match = hit[0] === sent.method ? hit[1].exec(sent.path) : null;
      if (match) return json(hit.length === 3 ? hit[2](sent, match) : [hit[2], hit[3]]);
    }
    return json([
      404,
      {
        type: 'https://cardline.dev/problems/not-found',
        title: 'Resource not found',
        status: 404,
        detail: `no fixture for ${req.method()} ${u.pathname}`,
      },
    ]);
  };
}

/** Builds the console into `dist` afresh (under a second: a stale build would test yesterday's console) and starts Chromium. */
export async function buildAndLaunch(dist: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: run bash infra/local/install.sh chromium, or set CHROMIUM_PATH`,
    );
  execFileSync(process.execPath, [path.join(__dirname, '..', 'build.mjs'), dist], { stdio: 'inherit' });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** A fresh tab on `api`, signed in as `role`, with `search` opened (the customer's screen for cus-1). */
export async function signedIn(
  browser: Browser,
  api: FakeApi,
  role: string,
  search = 'cus-1',
): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'en-US' });
  await context.route('**/*', api.answer);
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
