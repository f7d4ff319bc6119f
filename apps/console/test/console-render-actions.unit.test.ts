import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { can } from '../src/actions';
import {
  buildAndLaunch,
  card,
  caseDetail,
  FakeApi,
  fixtures,
  openCase,
  signedIn,
  type Answer,
  type Fixture,
  type Sent,
} from './console-fixtures';

// The console's actions in Chromium on fixtures (console-fixtures.ts), as an
// agent takes them: each is held to the request the console sends (method,
// path, body, the headers every write carries) and to what the screen shows
// once the fake service has done it. Who is not offered an action is the
// route tables' word, through actions.ts (docs/adr/0028-agent-console.md).

// A copy of its own: console-render.unit.test.ts rebuilds dist/web in another worker.
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-actions-'));
const AT = '2026-03-04T15:05:00.000Z';

/** The signed-in role's console identity, as the fake token issuer names it (`t-<role>`). */
const actorOf = (req: Sent) => {
  const role = (req.headers.authorization ?? '').replace(/^Bearer t-/, '');
  return { id: `${role}-console`, role };
};

const conflict = (detail: string): Answer => [
  409,
  {
    type: 'https://cardline.dev/problems/conflict',
    title: 'Conflicts with the current state',
    status: 409,
    detail,
  },
];

/** Ticketing's allowed status moves (services/ticketing/src/domain/status.ts). */
const MOVES: Record<string, string[]> = {
  NEW: ['OPEN', 'PENDING', 'SOLVED'],
  OPEN: ['PENDING', 'SOLVED'],
  PENDING: ['OPEN', 'SOLVED'],
  SOLVED: ['OPEN', 'CLOSED'],
  CLOSED: [],
};
const UP: Record<string, string> = { TIER1: 'TIER2', TIER2: 'SUPERVISOR' };

/**
 * The services that keep what the console did, answered as they answer it:
 * ticketing's case cas-1, cards' crd-1, the account's disputes, sales'
 * applications. A fresh one per test, ahead of the shared fixtures.
 */
function services(): Fixture[] {
  const kase = { ...openCase };
  const interactions = caseDetail.interactions.map((i) => ({ ...i }));
  const detail = (): Answer => [200, { ...caseDetail, ...kase, interactions }];
  const note = (kind: string, body: string, req: Sent) => {
    interactions.push({
      interactionId: `int-${interactions.length + 1}`,
      kind,
      channel: 'CHAT',
      body,
      contact: null,
      actor: actorOf(req),
      at: AT,
      correlationId: req.headers['x-correlation-id'] ?? '',
      mergedFromCaseId: null,
      delivery: null,
    });
    return detail();
  };
  let theCard: Record<string, unknown> = { ...card, customerId: 'cus-1' };
  const disputes: unknown[] = [];
  const tx = {
    transactionId: 'tx-1',
    accountId: 'acc-1',
    kind: 'PURCHASE',
    amount: 32000,
    currency: 'USD',
    at: '2026-03-01T18:30:00.000Z',
    merchant: { name: 'Best Buy', mcc: '5732' },
    description: null,
  };
  const clock = (dueAt: string) => ({ dueAt, met: false, warned: false, breached: false });
  return [
    ['GET', /^\/ticketing\/v1\/cases$/, () => [200, { items: [kase] }]],
    ['GET', /^\/ticketing\/v1\/cases\/cas-1$/, detail],
    [
      'POST',
      /^\/ticketing\/v1\/cases\/cas-1\/replies$/,
      (req) => note('OUTBOUND', (req.body as { body: string }).body, req),
    ],
    [
      'POST',
      /^\/ticketing\/v1\/cases\/cas-1\/notes$/,
      (req) => {
        const b = req.body as { kind: string; body: string };
        return note(b.kind, b.body, req);
      },
    ],
    [
      'POST',
      /^\/ticketing\/v1\/cases\/cas-1\/status$/,
      (req) => {
        const { to } = req.body as { to: string };
        if (!MOVES[kase.status]?.includes(to))
          return conflict(`case cas-1 is ${kase.status}: cannot move to ${to}`);
        kase.status = to;
        return detail();
      },
    ],
    [
      'POST',
      /^\/ticketing\/v1\/cases\/cas-1\/escalate$/,
      () => {
        const up = UP[kase.level];
        if (!up) return conflict('case is already with a supervisor');
        kase.level = up;
        return detail();
      },
    ],
    ['GET', /^\/cards\/v1\/accounts\/acc-1\/cards$/, () => [200, { items: [theCard] }]],
    [
      'POST',
      /^\/cards\/v1\/cards\/crd-1\/freeze$/,
      (req) => {
        if (theCard.status !== 'ACTIVE') return conflict(`card crd-1 is ${String(theCard.status)}`);
        const { reason } = req.body as { reason: string };
        theCard = { ...theCard, status: 'FROZEN', statusChangedAt: AT, freeze: { reason, at: AT } };
        return [200, theCard];
      },
    ],
    ['GET', /^\/ledger\/v1\/accounts\/acc-1\/transactions$/, () => [200, { items: [tx], next: null }]],
    ['GET', /^\/disputes\/v1\/disputes$/, () => [200, { items: disputes }]],
    [
      'POST',
      /^\/disputes\/v1\/disputes$/,
      (req) => {
        const b = req.body as { accountId: string; transactionId: string; reason: string };
        const dispute = {
          disputeId: `dsp-${disputes.length + 1}`,
          accountId: b.accountId,
          customerId: 'cus-1',
          kind: 'BILLING_ERROR',
          reason: b.reason,
          status: 'OPEN',
          transactionId: b.transactionId,
          transactionAmount: tx.amount,
          disputedAmount: tx.amount,
          currency: 'USD',
          source: 'AGENT',
          noticeAt: AT,
          clocks: {
            ACKNOWLEDGE: clock('2099-04-03T15:05:00.000Z'),
            RESOLVE: clock('2099-06-02T15:05:00.000Z'),
          },
        };
        disputes.push(dispute);
        return [201, dispute];
      },
    ],
    [
      'POST',
      /^\/sales\/v1\/applications$/,
      (req) => {
        const b = req.body as { customerId?: string; creditCheckConsent?: unknown };
        return [
          201,
          {
            applicationId: 'app_1',
            customerId: b.customerId ?? 'cus-new',
            market: 'US',
            productCode: 'CLASSIC',
            // Identity only: sales waits for income, housing and employment before it decides.
            status: 'INCOMPLETE',
            provided: [],
            creditCheckConsentAt: b.creditCheckConsent ? AT : null,
            completedAt: null,
            decision: null,
            accountId: null,
            cardId: null,
          },
        ];
      },
    ],
  ];
}

let browser: Browser;

async function open(role: string): Promise<{ page: Page; api: FakeApi }> {
  const api = new FakeApi(dist, [...services(), ...fixtures]);
  return { page: await signedIn(browser, api, role), api };
}

/**
 * The console sent exactly one write to `want.path`, with `want`'s method and
 * body, as the signed-in role, with an Idempotency-Key and the correlation id
 * every request of the screen carries (so what it causes joins the call's chain).
 */
function expectSent(api: FakeApi, role: string, want: { method: string; path: string; body: unknown }) {
  const got = api.writes().filter((s) => s.path === want.path);
  expect(got.map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([want]);
  const headers = got[0]?.headers ?? {};
  expect(headers.authorization).toBe(`Bearer t-${role}`);
  expect(headers['content-type']).toBe('application/json');
  expect(headers['idempotency-key']).toEqual(expect.any(String));
  expect(headers['x-correlation-id']).toEqual(expect.any(String));
  const asAgent = api.sent.filter((s) => s.headers.authorization); // not the training probe before sign-in
  expect(new Set(asAgent.map((s) => s.headers['x-correlation-id']))).toEqual(
    new Set([headers['x-correlation-id']]),
  );
}

describe('the console’s actions in Chromium, on fixtures: the request each sends and the screen after', () => {
  beforeAll(async () => {
    browser = await buildAndLaunch(dist);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('replies to the case, then adds a call note by keyboard and an internal note: each as ticketing takes it, each then in the case’s thread', async () => {
    const { page, api } = await open('agent');
    const row = page.getByTestId('case-cas-1');
    const thread = row.getByRole('list', { name: 'Latest messages and notes' });
    await thread.locator('li[data-kind="INBOUND"]').waitFor(); // the case is read after its row shows
    await expect(thread.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^INBOUND · chat-adapter · .*What is my balance on the card ending 4242\?$/),
    ]);
    const text = row.getByLabel('Reply, note or reason');
    await text.fill('Your balance is $1,234.56.');
    await row.getByRole('button', { name: 'Reply', exact: true }).click();
    await thread.locator('li[data-kind="OUTBOUND"]').waitFor();
    expectSent(api, 'agent', {
      method: 'POST',
      path: '/ticketing/v1/cases/cas-1/replies',
      body: { body: 'Your balance is $1,234.56.' },
    });
    await expect(text.inputValue()).resolves.toBe('');

    // By keyboard: type in the box, Tab to its first action, Enter.
    await text.focus();
    await page.keyboard.type('Explained the minimum due.');
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Call note');
    await page.keyboard.press('Enter');
    await thread.locator('li[data-kind="CALL_NOTE"]').waitFor();
    await text.fill('Asked twice this month.');
    await row.getByRole('button', { name: 'Internal note' }).click();
    await thread.locator('li[data-kind="INTERNAL_NOTE"]').waitFor();
    expect(api.writes().filter((s) => s.path === '/ticketing/v1/cases/cas-1/notes')).toEqual([
      expect.objectContaining({
        method: 'POST',
        body: { kind: 'CALL_NOTE', body: 'Explained the minimum due.' },
      }),
      expect.objectContaining({
        method: 'POST',
        body: { kind: 'INTERNAL_NOTE', body: 'Asked twice this month.' },
      }),
    ]);
    await expect(thread.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^INBOUND · /),
      expect.stringMatching(/^OUTBOUND · agent-console · .*Your balance is \$1,234\.56\.$/),
      expect.stringMatching(/^CALL_NOTE · agent-console · .*Explained the minimum due\.$/),
      expect.stringMatching(/^INTERNAL_NOTE · agent-console · .*Asked twice this month\.$/),
    ]);
    // Three writes, three keys: a retried click is one action, three clicks are three.
    const writes = api.writes();
    expect(writes).toHaveLength(3);
    expect(new Set(writes.map((w) => w.headers['idempotency-key'])).size).toBe(3);
    await page.context().close();
  });

  it('changes the case’s status and escalates it, with the reason typed: the case then shows PENDING and TIER2', async () => {
    const { page, api } = await open('agent');
    const row = page.getByTestId('case-cas-1');
    const heading = (status: string, level: string) =>
      row.getByRole('heading', {
        name: `What is my balance? · BILLING_QUESTION · CHAT · ${status} · ${level}`,
      });
    await heading('OPEN', 'TIER1').waitFor();
    const text = row.getByLabel('Reply, note or reason');
    await text.fill('Waiting for the customer’s receipt');
    await row.getByLabel('Status').selectOption('PENDING');
    await row.getByRole('button', { name: 'Change status' }).click();
    await heading('PENDING', 'TIER1').waitFor();
    expectSent(api, 'agent', {
      method: 'POST',
      path: '/ticketing/v1/cases/cas-1/status',
      body: { to: 'PENDING', reason: 'Waiting for the customer’s receipt' },
    });
    await text.fill('The customer asks for a specialist');
    await row.getByRole('button', { name: 'Escalate' }).click();
    await heading('PENDING', 'TIER2').waitFor();
    expectSent(api, 'agent', {
      method: 'POST',
      path: '/ticketing/v1/cases/cas-1/escalate',
      body: { reason: 'The customer asks for a specialist' },
    });
    await expect(row.getByRole('alert').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('shows a refused status change as ticketing’s problem says, title and detail, and leaves the case as it was', async () => {
    const { page, api } = await open('agent');
    const row = page.getByTestId('case-cas-1');
    await row.getByLabel('Status').selectOption('CLOSED');
    await row.getByRole('button', { name: 'Change status' }).click();
    const alert = row.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe(
      'Conflicts with the current state (409)case cas-1 is OPEN: cannot move to CLOSED',
    );
    // No reason typed: the status is the reason.
    expectSent(api, 'agent', {
      method: 'POST',
      path: '/ticketing/v1/cases/cas-1/status',
      body: { to: 'CLOSED', reason: 'CLOSED' },
    });
    await expect(row.getByRole('heading', { level: 3 }).textContent()).resolves.toContain('· OPEN ·');
    await page.context().close();
  });

  it('freezes a card with the reason given, which then shows FROZEN, the reason and Unfreeze; a dispute analyst, who reads cards, is offered no Freeze', async () => {
    const { page, api } = await open('agent');
    const cards = page.getByRole('region', { name: 'Cards' });
    const freeze = cards.getByRole('button', { name: 'Freeze', exact: true });
    await expect(freeze.isDisabled()).resolves.toBe(true); // no reason yet
    await cards.getByLabel('Reason').fill('Customer mislaid it at home');
    await freeze.click();
    await cards.getByRole('button', { name: 'Unfreeze' }).waitFor();
    expectSent(api, 'agent', {
      method: 'POST',
      path: '/cards/v1/cards/crd-1/freeze',
      body: { reason: 'Customer mislaid it at home' },
    });
    await expect(cards.getByTestId('card-status').textContent()).resolves.toBe('FROZEN');
    await cards.getByText('Frozen: Customer mislaid it at home').waitFor();
    await expect(freeze.count()).resolves.toBe(0);
    await page.context().close();

    expect([can('dispute_analyst', 'cards.read'), can('dispute_analyst', 'card.freeze')]).toEqual([
      true,
      false,
    ]);
    const analyst = await open('dispute_analyst');
    const seen = analyst.page.getByRole('region', { name: 'Cards' });
    await seen.getByTestId('card-status').waitFor();
    await expect(seen.getByRole('button', { name: 'Freeze', exact: true }).count()).resolves.toBe(0);
    await expect(seen.getByLabel('Reason').count()).resolves.toBe(0);
    await analyst.page.context().close();
  });

  it('opens a dispute by hand on the transaction picked, which is then listed with its clocks; a collector, who reads disputes, is offered no way to open one', async () => {
    const { page, api } = await open('agent');
    const panel = page.getByRole('region', { name: 'Disputes' });
    await panel.getByText('No disputes.').waitFor();
    await panel
      .getByLabel('Transaction or fee')
      .selectOption({ label: '2026-03-01 · PURCHASE · Best Buy · $320.00' });
    await panel.getByLabel('Reason').selectOption('DUPLICATE');
    await panel.getByRole('button', { name: 'Open dispute' }).click();
    const listed = panel.getByTestId('dispute-dsp-1');
    await listed.waitFor();
    expectSent(api, 'agent', {
      method: 'POST',
      path: '/disputes/v1/disputes',
      body: { accountId: 'acc-1', transactionId: 'tx-1', reason: 'DUPLICATE' },
    });
    await expect(listed.textContent()).resolves.toMatch(
      /^BILLING_ERROR · DUPLICATE · OPEN \$320\.00 · tx-1 · source: AGENT/,
    );
    await expect(
      listed.getByRole('list', { name: 'Regulatory clocks' }).getByRole('listitem').allTextContents(),
    ).resolves.toEqual([expect.stringMatching(/^ACKNOWLEDGE: /), expect.stringMatching(/^RESOLVE: /)]);
    await expect(panel.getByText('No disputes.').count()).resolves.toBe(0);
    await page.context().close();

    expect([can('collector', 'disputes.read'), can('collector', 'dispute.open')]).toEqual([true, false]);
    const collector = await open('collector');
    const seen = collector.page.getByRole('region', { name: 'Disputes' });
    await seen.getByText('No disputes.').waitFor();
    await expect(seen.getByRole('button', { name: 'Open dispute' }).count()).resolves.toBe(0);
    await expect(seen.getByLabel('Transaction or fee').count()).resolves.toBe(0);
    await collector.page.context().close();
  });

  it('takes a card application with the credit-check consent: sales gets the identity as typed, the screen its id and status; an agent is offered none', async () => {
    const { page, api } = await open('sales_agent');
    const panel = page.getByRole('region', { name: 'Take an application' });
    await panel.getByLabel('Full name').fill('Ada Approved');
    await panel.getByLabel('Date of birth').fill('1990-04-01');
    await panel.getByLabel('Address').fill('1 Main St');
    await panel.getByLabel('City').fill('Springfield');
    await panel.getByLabel('Postal code').fill('62701');
    await expect(panel.getByLabel('Country').inputValue()).resolves.toBe('US');
    await panel.getByLabel('National id').fill('123-45-6789');
    await panel.getByLabel('Consents to the credit check').check();
    await panel.getByRole('button', { name: 'Take application' }).click();
    await panel.getByText('Application app_1: INCOMPLETE').waitFor();
    expectSent(api, 'sales_agent', {
      method: 'POST',
      path: '/sales/v1/applications',
      body: {
        market: 'US',
        productCode: 'CLASSIC',
        customerId: 'cus-1',
        identity: {
          fullName: 'Ada Approved',
          dateOfBirth: '1990-04-01',
          address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
          nationalId: '123-45-6789',
        },
        creditCheckConsent: { channel: 'PHONE' },
      },
    });
    // Cleared for the next caller: the national id does not stay on the screen.
    await expect(panel.getByLabel('National id').inputValue()).resolves.toBe('');
    await expect(panel.getByLabel('Full name').inputValue()).resolves.toBe('');
    await page.context().close();

    expect(can('agent', 'application.create')).toBe(false);
    const agent = await open('agent');
    await agent.page.getByRole('region', { name: 'Cards' }).waitFor();
    await expect(agent.page.getByRole('region', { name: 'Take an application' }).count()).resolves.toBe(0);
    await agent.page.context().close();
  });
});
