import { createLogger, SimulatedClock } from '@cardline/platform';
import { Runner } from '../src/runner';
import type { RunRecord } from '../src/runs';
import { fakeAuditTrails, fakeSandbox, memory, type AuditRecord } from './fake-sandbox';

// The runner on in-memory stand-ins for its store, the sandbox's audit
// trails and the sandbox's API: a stolen-card run seeded, played with the
// unrecognised charge left unmarked, and scored from the records.

const clock = new SimulatedClock(new Date('2026-03-04T15:00:00Z'));
const sandbox = fakeSandbox(clock);

const runs: RunRecord[] = [];
const audit: AuditRecord[] = [];
const mongo = fakeAuditTrails(audit);
const asked: string[] = [];
const api = {
  call: async (method: string, path: string) => {
    asked.push(`${method} ${path}`);
    if (method === 'POST' && path === '/ledger/v1/accounts') return { accountId: 'acc-1' };
    if (path === '/cards/v1/accounts/acc-1/cards') return { items: [{ cardId: 'card-1' }] };
    if (path === '/ledger/v1/accounts/acc-1/cards') return { items: [{ status: 'ACTIVE' }] };
    if (path.startsWith('/disputes/v1/disputes')) return { items: [] };
    if (path.startsWith('/sales/v1/consent-records')) return { items: [] };
    return {};
  },
  moveClocks: async (to: Date) => {
    asked.push(`clocks ${to.toISOString()}`);
    clock.set(to);
  },
};

const runner = new Runner(
  sandbox,
  memory(runs) as never,
  mongo as never,
  createLogger('training', 'silent'),
  { api: api as never, factSettleTries: 0 },
);
const trainee = { subject: 'trainee-ann', supervisor: false };
const ready = async (runId: string) => {
  for (let i = 0; i < 100; i++) {
    const r = runs.find((x) => x._id === runId);
    if (r?.status !== 'SEEDING') return r;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('still seeding');
};
/** One of the trainee's calls, a moment after the one before. */
let wall = 0;
const did = (service: string, method: string, route: string, status = 200) =>
  audit.push({ subject: 'trainee-ann', service, method, route, status, at: new Date((wall += 2)) });

it('seeds, plays and scores a stolen-card run from the sandbox’s records', async () => {
  const started = await runner.start('stolen-card', 'trainee-ann');
  expect(started.status).toBe('SEEDING');
  const run = await ready(started.runId);
  expect(run?.status).toBe('READY');
  expect(run?.seeded).toMatchObject({
    customerId: `trn-${started.runId}`,
    accountId: 'acc-1',
    cardId: 'card-1',
  });
  // The seed as the scenario lists it: the account and its card, a purchase, a day later the thief's.
  expect(asked.filter((a) => a.startsWith('POST') || a.startsWith('clocks'))).toEqual([
    'POST /ledger/v1/accounts',
    'POST /cards/v1/cards/card-1/activate',
    'POST /ledger/v1/accounts/acc-1/transactions',
    'clocks 2026-03-05T15:00:00.000Z',
    'POST /ledger/v1/accounts/acc-1/transactions',
  ]);
  await expect(runner.start('late-fee', 'trainee-bo')).rejects.toMatchObject({ problem: { status: 409 } });

  expect((await runner.get(started.runId, trainee)).lines.map((l) => l.en)).toHaveLength(1);
  wall = run?.startedAt?.getTime() ?? 0;
  await new Promise((r) => setTimeout(r, 30));
  did('ticketing', 'POST', '/v1/cases', 201);
  did('cards', 'POST', '/v1/cards/:cardId/report-stolen');
  did('cards', 'GET', '/v1/cards/:cardId/fraud-trace');
  did('cards', 'POST', '/v1/cards/:cardId/replacement', 201);
  // Someone else's call in the same window counts for nothing.
  audit.push({ ...audit[0], subject: 'trainee-bo' } as (typeof audit)[number]);
  const playing = await runner.get(started.runId, trainee);
  expect(playing.lines.map((l) => l.en)).toEqual([
    'Hello, my wallet was stolen on the subway last night. My card was in it!',
    'I last used it yesterday morning at Whole Foods.',
    'Thank you. Can you see anything I did not buy?',
    'That 320.00 at Best Buy is not me. I have never been to Newark.',
    'Great, thank you for your help.',
  ]);
  await expect(runner.get(started.runId, { subject: 'trainee-bo', supervisor: false })).rejects.toMatchObject(
    {
      problem: { status: 404 },
    },
  );

  const scored = await runner.finish(started.runId, trainee);
  expect(scored.status).toBe('SCORED');
  expect(scored.score).toMatchObject({
    score: 67,
    met: 4,
    total: 6,
    missed: ['charges-marked', 'fraud-disputes'],
  });
  expect(scored.score?.resolvedInMs).toBeGreaterThanOrEqual(0);
  await expect(runner.finish(started.runId, trainee)).rejects.toMatchObject({ problem: { status: 409 } });
  const listed = await runner.list('trainee-ann');
  expect(listed.map((r) => [r.runId, r.status, r.score?.missed])).toEqual([
    [started.runId, 'SCORED', ['charges-marked', 'fraud-disputes']],
  ]);
});
