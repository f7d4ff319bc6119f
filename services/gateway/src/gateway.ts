import type { RequestListener } from 'node:http';
import type { Router } from 'express';
import {
  HealthChecks,
  PlatformMetrics,
  createHttpApp,
  createLogger,
  listen,
  type Logger,
} from '@cardline/platform';
import { API_PATH, apiPath } from './api-path';
import { perPrincipalLimiter } from './rate-limit';
import { docsRoutes } from './docs';
import { asyncApiRoutes } from './asyncapi-page';
import { consoleRoutes } from './console';
import { aggregateOpenApi } from './openapi';
import { UpstreamRed } from './upstream-red';
import type { GatewayConfig } from './config';

export { gatewayConfigSchema, loadGatewayConfig, type GatewayConfig } from './config';

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
  /** Routes of the gateway's own outside `/<service>/v1` (the training sandbox's, docs/adr/0033-console-training-mode.md). */
  own: Router[] = [],
): Gateway {
  const { upstreams } = config;
  const byPrefix = new Map(upstreams.map((u) => [u.prefix.slice(1), u]));
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
  app.use(asyncApiRoutes());
  app.use(consoleRoutes(config));
  for (const r of own) app.use(r);

  finish();
  const red = new UpstreamRed(metrics.registry, upstreams);
  const proxy = apiPath({
    upstreams: byPrefix,
    auth: config,
    limiter: perPrincipalLimiter(config.RATE_LIMIT_PER_MINUTE),
    limitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: config.BODY_LIMIT,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    logger,
    metrics,
    red,
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
      red.start();
      gw.port = http.port;
      logger.info({ port: gw.port, upstreams: upstreams.map((u) => `${u.name}=${u.url}`) }, 'gateway ready');
    },
    async stop() {
      red.stop();
      await http?.close();
    },
  };
  return gw;
}
