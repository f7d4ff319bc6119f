import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import type { AxeResults } from 'axe-core';

// Training mode's screens in Chromium on fixtures, with no server (as
// console-render.unit.test.ts does for the customer screen): the banner when
// the gateway answers /training/sandbox, the trainee's name in the sign-in,
// the customer's lines while the run plays, the score card with the missed
// steps, the supervisors' list, both languages. The runner's scoring itself
// is apps/training's; the real run is training.browser.test.ts.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'http://training.test';
// A copy of its own: console-render.unit.test.ts rebuilds dist/web in another worker.
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-training-'));

const line = (en: string, zh: string) => ({ en, zh });
const label = (en: string) => ({ en, zh: `${en}（中文）` });
const ready = {
  runId: 'r1',
  scenarioId: 'stolen-card',
  trainee: 'trainee-ann-lee',
  status: 'READY',
  customerId: 'trn-r1',
  accountId: 'acc-1',
  simulatedNow: '2026-03-04T15:00:00.000Z',
  timeZone: 'America/New_York',
  lines: [line('My wallet was stolen!', '我的钱包被偷了！')],
  createdAt: '2026-03-04T15:00:00.000Z',
};
const scored = {
  ...ready,
  status: 'SCORED',
  score: {
    score: 67,
    met: 4,
    total: 6,
    missed: ['charges-marked', 'fraud-disputes'],
    resolvedInMs: 245_000,
    steps: [
      { id: 'case-logged', rule: 'TICKETING.CALL_LOGGED', label: label('The call logged'), met: true, at: 1 },
      {
        id: 'reported-stolen',
        rule: 'CARDS.BLOCK_ON_REPORT',
        label: label('Reported stolen'),
        met: true,
        at: 2,
      },
      { id: 'trace-reviewed', rule: 'CARDS.FRAUD_TRACE', label: label('Trace reviewed'), met: true, at: 3 },
      {
        id: 'charges-marked',
        rule: 'REG_Z.UNAUTHORISED_USE',
        label: label('The unrecognised charge marked'),
        met: false,
        reason: 'not-done',
      },
      {
        id: 'fraud-disputes',
        rule: 'REG_Z.UNAUTHORISED_USE',
        label: label('A fraud dispute opened'),
        met: false,
        reason: 'not-done',
      },
      {
        id: 'replacement-ordered',
        rule: 'CARDS.REPORT_BEFORE_REPLACEMENT',
        label: label('New card'),
        met: true,
        at: 4,
      },
    ],
  },
  finishedAt: '2026-03-04T15:05:00.000Z',
};

const sent: { method: string; path: string; body: unknown }[] = [];

async function answer(route: Route) {
  const req = route.request();
  const u = new URL(req.url());
  const json = (status: number, body: unknown) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const file = path.join(dist, u.pathname.replace(/^\/console\/?/, ''));
  if (u.pathname.startsWith('/console') && req.method() === 'GET') {
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return route.fulfill({ path: file });
    return route.fulfill({ path: path.join(dist, 'index.html') });
  }
  sent.push({ method: req.method(), path: u.pathname + u.search, body: req.postDataJSON() });
  const key = `${req.method()} ${u.pathname}`;
  if (key === 'POST /console/token') {
    const { role, subject } = req.postDataJSON() as { role: string; subject?: string };
    return json(200, { token: `t-${role}`, role, subject, expiresAt: '2099-01-01T00:00:00Z' });
  }
  if (key === 'GET /training/sandbox')
    return json(200, { sandbox: 'training', simulatedNow: ready.simulatedNow });
  if (key === 'GET /training/scenarios')
    return json(200, {
      items: [
        {
          id: 'stolen-card',
          title: line('Stolen card with fraud', '卡片被盗并有盗刷'),
          briefing: line('A stolen wallet.', '钱包被盗。'),
          role: 'agent',
        },
        {
          id: 'late-fee',
          title: line('Late fee', '滞纳金'),
          briefing: line('An angry customer.', '愤怒的客户。'),
          role: 'agent',
        },
      ],
    });
  if (key === 'POST /training/runs') return json(202, { ...ready, status: 'SEEDING', lines: [] });
  if (key === 'GET /training/runs/r1') return json(200, ready);
  if (key === 'POST /training/runs/r1/finish') return json(200, scored);
  if (key === 'GET /training/runs') return json(200, { items: [scored] });
  return json(404, { title: 'Resource not found', status: 404, detail: `no fixture for ${key}` });
}

let browser: Browser;

async function signedIn(role: string, name: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'en-US' });
  await context.route('**/*', answer);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${ORIGIN}/console`);
  await page.getByTestId('training-banner').waitFor();
  await page.getByLabel('Role').selectOption(role);
  await page.getByLabel('Your name (trainee)').fill(name);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-role').waitFor();
  return page;
}

describe('training mode in the console bundle, on fixtures (docs/adr/0033-console-training-mode.md)', () => {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: run bash infra/local/install.sh chromium, or set CHROMIUM_PATH`,
      );
    execFileSync(process.execPath, [path.join(__dirname, '..', 'build.mjs'), dist], { stdio: 'inherit' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('plays a run: the banner, the trainee’s own name, the customer’s lines, then the score with the missed steps', async () => {
    const page = await signedIn('agent', 'Ann Lee');
    expect(sent.find((s) => s.path === '/console/token')?.body).toEqual({
      role: 'agent',
      subject: 'trainee-ann-lee',
    });
    await expect(page.getByTestId('training-banner').textContent()).resolves.toContain('no real customer');
    const panel = page.getByTestId('training');
    await expect(panel.getByTestId('training-briefing').textContent()).resolves.toContain('A stolen wallet.');
    await panel.getByRole('button', { name: 'Start scenario' }).click();
    await panel.getByTestId('training-lines').getByText('My wallet was stolen!').waitFor();
    // Asked once the screen moved on: the click returns before its request is sent.
    expect(sent.find((s) => s.method === 'POST' && s.path === '/training/runs')?.body).toEqual({
      scenarioId: 'stolen-card',
    });
    await panel.getByRole('button', { name: 'Open the customer (trn-r1)' }).waitFor();
    await panel.getByRole('button', { name: 'End the call and score it' }).click();
    const score = panel.getByTestId('training-score');
    await expect(score.textContent()).resolves.toContain('Score: 67% (4 of 6 steps)');
    await expect(score.textContent()).resolves.toContain('Time to resolve: 4 min 05 s');
    const missed = await score.getByTestId('training-missed').locator('li').allTextContents();
    expect(missed).toEqual([
      'The unrecognised charge marked — not done (REG_Z.UNAUTHORISED_USE)',
      'A fraud dispute opened — not done (REG_Z.UNAUTHORISED_USE)',
    ]);
    // An agent is not shown the supervisors' list.
    await expect(page.getByTestId('training-runs').count()).resolves.toBe(0);
    await page.getByLabel('Language').selectOption('zh');
    await expect(page.getByTestId('training-banner').textContent()).resolves.toContain('培训模式');
    await expect(score.textContent()).resolves.toContain('得分：67%');
    await page.context().close();
  });

  it('lists every run with its score and missed steps for a supervisor, with no serious accessibility violation', async () => {
    const page = await signedIn('supervisor', 'Sam');
    const row = page.getByTestId('training-runs').locator('tr[data-run="r1"]');
    await expect(row.textContent()).resolves.toMatch(
      /trainee-ann-lee.*stolen-card.*SCORED.*67%.*charges-marked, fraud-disputes/,
    );
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const { axe } = globalThis as unknown as { axe: { run: () => Promise<AxeResults> } };
      const r = await axe.run();
      return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.context().close();
  });
});
