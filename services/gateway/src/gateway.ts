import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import {
  HealthChecks,
  PlatformMetrics,
  authConfigShape,
  authenticate,
  createHttpApp,
  createLogger,
  listen,
  problems,
  requireRole,
  sendProblem,
  type Logger,
} from '@cardline/platform';
import { forward } from './proxy';
import { docsRoutes } from './docs';
import { aggregateOpenApi } from './openapi';
import { LEDGER_ROLES, gatewayRoles, type Upstream } from './upstreams';

export const gatewayConfigSchema = z.object({
  ...authConfigShape,
  SERVICE_NAME: z.string().default('gateway'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LEDGER_URL: z.string().url().default('http://127.0.0.1:8101'),
  CARDS_URL: z.string().url().default('http://127.0.0.1:8102'),
  DISPUTES_URL: z.string().url().default('http://127.0.0.1:8103'),
  TICKETING_URL: z.string().url().default('http://127.0.0.1:8104'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Requests per principal per minute, per gateway instance. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  BODY_LIMIT: z.string().default('256kb'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => {
  const r = gatewayConfigSchema.safeParse(env);
  if (!r.success)
    throw new Error(
      `invalid configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
};

export interface Gateway {
  config: GatewayConfig;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The only HTTP entry for internal apps. Routes `/<service>/…` to that
 * service: authenticates the bearer token, applies the per-principal rate
 * limit and request size limit, checks roles for services that do not check
 * them themselves, forwards with request id, correlation, trace context and
 * Idempotency-Key, and turns an unreachable or slow service into 503/504.
 * Stateless: rate limits are per instance.
 */
export function createGateway(
  config: GatewayConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Gateway {
  const upstreams: Upstream[] = [
    { name: 'ledger', url: config.LEDGER_URL, roles: LEDGER_ROLES },
    { name: 'cards', url: config.CARDS_URL },
    { name: 'disputes', url: config.DISPUTES_URL },
    { name: 'ticketing', url: config.TICKETING_URL },
  ];
  const byName = new Map(upstreams.map((u) => [u.name, u]));
  const metrics = new PlatformMetrics(config.SERVICE_NAME);
  const { app, finish } = createHttpApp({
    logger,
    metrics,
    health: new HealthChecks(),
    bodyLimit: config.BODY_LIMIT,
  });

  app.get('/openapi.json', async (_req, res) => {
    res.json(await aggregateOpenApi(upstreams));
  });
  app.use(docsRoutes());

  const limiter = rateLimit({
    windowMs: 60_000,
    limit: config.RATE_LIMIT_PER_MINUTE,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.subject ?? 'anonymous',
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      res.setHeader('retry-after', String(seconds));
      sendProblem(res, {
        type: 'https://cardline.dev/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: `more than ${config.RATE_LIMIT_PER_MINUTE} requests a minute for ${req.principal?.subject}; retry in ${seconds} s`,
        instance: req.originalUrl,
      });
    },
  });

  app.all(
    '/:service/v1/*',
    (req: Request, _res: Response, next: NextFunction) =>
      byName.has(String(req.params.service))
        ? next()
        : next(problems.notFound(`no service ${req.params.service}`)),
    authenticate(config),
    limiter,
    (req: Request, res: Response, next: NextFunction) => {
      const u = byName.get(String(req.params.service)) as Upstream;
      const path = req.path.slice(u.name.length + 1);
      const roles = gatewayRoles(u, req.method, path);
      const run = () =>
        forward(req, res, {
          service: u.name,
          baseUrl: u.url,
          path,
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
        }).catch(next);
      if (!roles) return void run();
      requireRole(...roles)(req, res, (err?: unknown) => (err ? next(err) : void run()));
    },
  );
  finish();

  let http: Awaited<ReturnType<typeof listen>> | null = null;
  const gw: Gateway = {
    config,
    port: 0,
    async start() {
      http = await listen(app, config.PORT);
      gw.port = http.port;
      logger.info({ port: gw.port, upstreams: upstreams.map((u) => `${u.name}=${u.url}`) }, 'gateway ready');
    },
    async stop() {
      await http?.close();
    },
  };
  return gw;
}
