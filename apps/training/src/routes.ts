import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { authenticate, problems, type AuthOptions } from '@cardline/platform';
import type { Runner } from './runner';
import { SCENARIOS } from './scenarios';
import { SANDBOX } from './names';

const StartBody = z.object({ scenarioId: z.string().min(1).max(64) }).strict();

type Handler = (req: Request) => Promise<{ status: number; body: unknown }>;

const handle =
  (h: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    h(req).then(({ status, body }) => res.status(status).json(body), next);
  };

const asker = (req: Request) => {
  const p = req.principal;
  if (!p) throw problems.unauthorized('a training token is required');
  return { subject: p.subject, supervisor: p.roles.includes('supervisor') };
};

/**
 * The runner's API on the sandbox gateway, outside `/<service>/v1` (docs/adr/0033-console-training-mode.md):
 * `GET /training/sandbox` (public: the console shows its banner when it answers), the scenarios,
 * a trainee's runs, and every run for supervisors. Training tokens only: the sandbox's key signs them.
 */
export function trainingRoutes(auth: AuthOptions, runner: () => Runner, now: () => Date): Router {
  const r = Router();
  r.get('/training/sandbox', (_req, res) => {
    res.json({ sandbox: SANDBOX, simulatedNow: now().toISOString() });
  });
  r.use('/training', authenticate(auth));
  r.get(
    '/training/scenarios',
    handle(async () => ({
      status: 200,
      body: {
        items: SCENARIOS.map((s) => ({ id: s.id, title: s.title, briefing: s.briefing, role: s.role })),
      },
    })),
  );
  r.post(
    '/training/runs',
    handle(async (req) => {
      const body = StartBody.safeParse(req.body ?? {});
      if (!body.success) throw problems.validation('give the scenarioId to play');
      return { status: 202, body: await runner().start(body.data.scenarioId, asker(req).subject) };
    }),
  );
  r.get(
    '/training/runs',
    handle(async (req) => {
      if (!asker(req).supervisor) throw problems.forbidden('the runs of every trainee are for supervisors');
      const trainee = typeof req.query.trainee === 'string' ? req.query.trainee : undefined;
      return { status: 200, body: { items: await runner().list(trainee) } };
    }),
  );
  r.get(
    '/training/runs/:runId',
    handle(async (req) => ({ status: 200, body: await runner().get(String(req.params.runId), asker(req)) })),
  );
  r.post(
    '/training/runs/:runId/finish',
    handle(async (req) => ({
      status: 200,
      body: await runner().finish(String(req.params.runId), asker(req)),
    })),
  );
  return r;
}
