import { createServer, type RequestListener, type Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import pinoHttp, { type HttpLogger } from 'pino-http';
import type { Logger } from 'pino';
import type { PlatformMetrics } from '../observability/metrics';
import { exposition, startTracedTimer } from '../observability/exemplar';
import type { HealthChecks } from '../runtime/health';
import { problemHandler, problems } from './problem';

export interface HttpAppOptions {
  logger: Logger;
  metrics: PlatformMetrics;
  health: HealthChecks;
  bodyLimit?: string | number;
}

/**
 * An express app with the platform's cross-cutting parts: request ids,
 * access logs, latency histogram, health and metrics endpoints. Mount the
 * service's routes with `mount`, then call `finish` to add 404 and
 * problem+json error handling.
 */
export function createHttpApp(o: HttpAppOptions): { app: Express; finish: () => void } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = req.header('x-request-id') ?? randomUUID();
    res.setHeader('x-request-id', id);
    (req as Request & { id: string }).id = id;
    next();
  });
  app.use(accessLog(o.logger));
  app.use((req: Request, res: Response, next: NextFunction) => {
    // The request's span is current here, not by the time it finishes.
    const end = startTracedTimer(o.metrics.httpDuration);
    res.on('finish', () => {
      // Route pattern, not the raw URL, to keep label cardinality bounded.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'up' });
  });
  app.get('/health/ready', async (_req, res) => {
    const report = await o.health.check();
    res.status(report.ready ? 200 : 503).json(report);
  });
  app.get('/metrics', async (req, res) => {
    const { contentType, text } = await exposition(o.metrics.registry, req.header('accept'));
    res.type(contentType).send(text);
  });
  app.use(express.json({ limit: o.bodyLimit ?? '256kb' }));
  return {
    app,
    finish: () => {
      app.use((req: Request, _res: Response, next: NextFunction) =>
        next(problems.notFound(`no route ${req.method} ${req.path}`)),
      );
      app.use(problemHandler());
    },
  };
}

/**
 * One access-log line per request (not for probes and scrapes), at warn for
 * 4xx and error for 5xx, with the caller's subject and roles once
 * authenticated and `req.log` for the handlers; the request's `id` must be
 * set first.
 */
function accessLog(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req) => (req as unknown as { id: string }).id,
    autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health') },
    // Who asked, so a read of customer data is attributable from the access log too.
    customProps: (req) => {
      const p = (req as unknown as { principal?: { subject: string; roles: string[] } }).principal;
      return p ? { principal: p.subject, roles: p.roles } : {};
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // The logger's own walk serialises the live request and response (observability/redact.ts);
    // pino-http's serialisers, run on that copy again, read no `headersSent` and wrote `statusCode: null`.
    wrapSerializers: false,
    serializers: { req: (r: unknown) => r, res: (r: unknown) => r, err: (e: unknown) => e },
  });
}

/** Starts listening (port 0: any free port) and tells which port it got; close() stops accepting and waits. */
export async function listen(
  handler: RequestListener,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = createServer(handler).listen(port, () => resolve(s));
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
