import type { RequestListener } from 'node:http';
import { z } from 'zod';
import {
  HealthChecks,
  PlatformMetrics,
  authConfigShape,
  createHttpApp,
  createLogger,
  listen,
  type Logger,
} from '@cardline/platform';
import { API_PATH, apiPath } from './api-path';
import { perPrincipalLimiter } from './rate-limit';
import { docsRoutes } from './docs';
import { aggregateOpenApi } from './openapi';
import type { Upstream } from './upstreams';

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
  /** Largest request body: bytes, or with a kb/mb suffix. */
  BODY_LIMIT: z
    .string()
    .default('256kb')
    .transform((v, ctx) => {
      const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(v.trim());
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a size such as 262144, 256kb or 1mb' });
        return z.NEVER;
      }
      const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b'];
      return Number(m[1]) * unit;
    }),
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
 * limit and request size limit, forwards with the token, request id,
 * correlation, trace context and Idempotency-Key (each service checks the
 * roles of its own routes), and turns an unreachable or slow service into
 * 503/504.
 * Stateless: rate limits are per instance.
 */
export function createGateway(
  config: GatewayConfig,
  logger: Logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL),
): Gateway {
  const upstreams: Upstream[] = [
    { name: 'ledger', url: config.LEDGER_URL },
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
    res.json(
      await aggregateOpenApi(upstreams, {
        bodyLimitBytes: config.BODY_LIMIT,
        limitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      }),
    );
  });
  app.use(docsRoutes());

  finish();
  const proxy = apiPath({
    upstreams: byName,
    auth: config,
    limiter: perPrincipalLimiter(config.RATE_LIMIT_PER_MINUTE),
    limitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: config.BODY_LIMIT,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    logger,
    metrics,
  });
  const handler: RequestListener = (req, res) => {
    const m = API_PATH.exec(req.url ?? '');
    if (m) proxy(req, res, m);
    else app(req, res);
  };

  let http: Awaited<ReturnType<typeof listen>> | null = null;
  const gw: Gateway = {
    config,
    port: 0,
    async start() {
      http = await listen(handler, config.PORT);
      gw.port = http.port;
      logger.info({ port: gw.port, upstreams: upstreams.map((u) => `${u.name}=${u.url}`) }, 'gateway ready');
    },
    async stop() {
      await http?.close();
    },
  };
  return gw;
}
