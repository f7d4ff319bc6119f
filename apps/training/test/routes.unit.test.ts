import express from 'express';
import request from 'supertest';
import { mintToken, problemHandler } from '@cardline/platform';
import { sandboxAuth } from '../src/auth';
import { trainingRoutes } from '../src/routes';
import type { Runner } from '../src/runner';

const auth = { ...sandboxAuth(), SERVICE_NAME: 'training' };
const calls: unknown[][] = [];
const runner = {
  start: async (...a: unknown[]) => (calls.push(['start', ...a]), { runId: 'r1', status: 'SEEDING' }),
  get: async (...a: unknown[]) => (calls.push(['get', ...a]), { runId: 'r1', status: 'READY' }),
  finish: async (...a: unknown[]) => (calls.push(['finish', ...a]), { runId: 'r1', status: 'SCORED' }),
  list: async (...a: unknown[]) => (calls.push(['list', ...a]), []),
} as unknown as Runner;

const app = express();
app.use(express.json());
app.use(
  trainingRoutes(
    auth,
    () => runner,
    () => new Date('2026-03-04T12:00:00Z'),
  ),
);
app.use(problemHandler());

const as = async (role: 'agent' | 'supervisor', subject = `${role}-1`) =>
  `Bearer ${await mintToken(auth, { subject, roles: [role] })}`;

describe("the runner's API on the sandbox gateway (docs/adr/0033-console-training-mode.md)", () => {
  beforeEach(() => calls.splice(0));

  it('names the sandbox to anyone, so the console can show its banner', async () => {
    const r = await request(app).get('/training/sandbox');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sandbox: 'training', simulatedNow: '2026-03-04T12:00:00.000Z' });
  });

  it('takes training tokens only', async () => {
    expect((await request(app).get('/training/scenarios')).status).toBe(401);
    // Another start's key: its tokens are not this sandbox's.
    const other = await mintToken(sandboxAuth(), { subject: 'x', roles: ['agent'] });
    expect(
      (await request(app).get('/training/scenarios').set('authorization', `Bearer ${other}`)).status,
    ).toBe(401);
    const ok = await request(app)
      .get('/training/scenarios')
      .set('authorization', await as('agent'));
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((s: { id: string }) => s.id)).toEqual([
      'stolen-card',
      'late-fee',
      'hardship-call',
      'addon-sale',
    ]);
  });

  it("starts a run for the token's subject, and lets its trainee read and finish it", async () => {
    const agent = await as('agent', 'trainee-ann');
    const started = await request(app)
      .post('/training/runs')
      .set('authorization', agent)
      .send({ scenarioId: 'late-fee' });
    expect(started.status).toBe(202);
    await request(app).get('/training/runs/r1').set('authorization', agent).expect(200);
    await request(app).post('/training/runs/r1/finish').set('authorization', agent).expect(200);
    expect(calls).toEqual([
      ['start', 'late-fee', 'trainee-ann'],
      ['get', 'r1', { subject: 'trainee-ann', supervisor: false }],
      ['finish', 'r1', { subject: 'trainee-ann', supervisor: false }],
    ]);
    const bad = await request(app).post('/training/runs').set('authorization', agent).send({ scenario: 'x' });
    expect(bad.status).toBe(422);
  });

  it('lists every run to supervisors only, narrowed to a trainee when asked', async () => {
    expect(
      (
        await request(app)
          .get('/training/runs')
          .set('authorization', await as('agent'))
      ).status,
    ).toBe(403);
    const r = await request(app)
      .get('/training/runs?trainee=trainee-ann')
      .set('authorization', await as('supervisor'));
    expect(r.status).toBe(200);
    expect(calls).toEqual([['list', 'trainee-ann']]);
  });
});
