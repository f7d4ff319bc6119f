import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { buildAndLaunch, FakeApi, signedIn as signIn } from './console-fixtures';

// The built console in Chromium with no server at all, on the fixtures of
// console-fixtures.ts: the customer's screen, its refusals and gates. The
// actions it takes and what the screen shows after: console-render-actions.unit.test.ts.

const dist = path.resolve(__dirname, '..', 'dist', 'web');
/** CONSOLE_SCREENSHOTS=1 saves the screens on fixtures to docs/screenshots/fixtures-*.png (the browser test saves the real ones). */
const shot = async (page: Page, name: string) => {
  if (process.env.CONSOLE_SCREENSHOTS !== '1') return;
  const dir = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `fixtures-${name}.png`), fullPage: true });
};

let browser: Browser;
/** The fake API of the test running now: what the console sent is in api.sent. */
let api: FakeApi;

async function signedIn(role: string, search = 'cus-1'): Promise<Page> {
  api = new FakeApi(dist);
  return signIn(browser, api, role, search);
}

describe('the console bundle in Chromium, on fixtures', () => {
  beforeAll(async () => {
    browser = await buildAndLaunch(dist);
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
    expect(api.sent.filter((s) => s.path === '/collections/v1/cases/col-1/contacts')).toEqual([]);
    await page.getByRole('button', { name: 'Ask for CALL' }).click();
    const verdict = page.getByTestId('contact-verdict');
    await verdict.getByText('CALL: not allowed now').waitFor();
    await expect(verdict.getByTestId('verdict-rule').textContent()).resolves.toBe('US.CONTACT_HOURS');
    await expect(verdict.getByTestId('problem').textContent()).resolves.toContain(
      'outside the calling hours',
    );
    await expect(page.getByRole('button', { name: 'Log outcome' }).count()).resolves.toBe(0);
    await shot(page, 'collections-refused');
    const call = api.sent.find((s) => s.path === '/collections/v1/cases/col-1/contacts');
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
    const sale = api.sent.find((s) => s.path === '/sales/v1/enrolments');
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
    const asked = api.sent.find((s) => s.path === '/sales/v1/customers/search');
    expect(asked?.body).toEqual({ name: 'Ada Approved' });
    // The name went in the body, and stays out of the address.
    expect(new URL(page.url()).pathname).toBe('/console');
    await list.getByRole('button', { name: 'cus-1' }).click();
    await expect(page.getByTestId('customer-heading').textContent()).resolves.toContain('Customer cus-1');
    // The last four: one customer found, opened at once.
    await page.getByLabel('Customer or account id').fill('4242');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('customer-heading').waitFor();
    expect(api.sent.some((s) => s.path === '/cards/v1/cards')).toBe(true);
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
