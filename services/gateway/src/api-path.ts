import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import {
  HttpProblem,
  problems,
  tokenVerifier,
  observeTraced,
  traceExemplar,
  type AuthOptions,
  type Logger,
  type PlatformMetrics,
  type Principal,
} from '@cardline/platform';
import { forward, writeProblem } from './proxy';
import { consume } from './rate-limit';
import { unsafePath } from './path-guard';
import type { Upstream } from './upstreams';
import type { UpstreamRed } from './upstream-red';

/** `/<service>/v1/…`: the calls the gateway proxies (everything else is its own express app). */
export const API_PATH = /^\/([a-z][a-z0-9-]*)(\/v1\/[^?]*)(\?.*)?$/;

export interface ApiPathDeps {
  upstreams: Map<string, Upstream>;
  auth: AuthOptions;
  limiter: RateLimiterAbstract;
  limitPerMinute: number;
  bodyLimitBytes: number;
  timeoutMs: number;
  logger: Logger;
  metrics: PlatformMetrics;
  red: UpstreamRed;
}

const NO_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/** The request body, refused past the limit before it is all read where Content-Length tells. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (NO_BODY.has(req.method ?? 'GET')) return Promise.resolve(undefined);
  const tooLarge = () => problems.payloadTooLarge(`the body is over the gateway's limit of ${limit} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume(); // drain what is left so the answer can be read
        reject(tooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(size > 0 ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

/**
 * The gateway's hot path, on plain node request/response rather than
 * express: every internal call crosses it, and at the gateway's volume the
 * router and response helpers were most of what it added to a request
 * (ADR 0012). In order: request id, access log and latency histogram,
 * token, per-principal rate limit, body size, then forward (the service
 * checks the roles of its route).
 */
export function apiPath(
  d: ApiPathDeps,
): (req: IncomingMessage, res: ServerResponse, m: RegExpExecArray) => void {
  const verify = tokenVerifier(d.auth);

  const fail = (
    req: IncomingMessage,
    res: ServerResponse,
    err: unknown,
    headers?: Record<string, string>,
  ) => {
    if (res.headersSent) return void res.destroy();
    if (err instanceof HttpProblem) return writeProblem(res, { ...err.problem, instance: req.url }, headers);
    d.logger.error({ err, reqId: (req as IncomingMessage & { id?: string }).id }, 'gateway error');
    writeProblem(res, { ...problems.internal().problem, instance: req.url });
  };

  const proceed = async (
    req: IncomingMessage,
    res: ServerResponse,
    u: Upstream,
    path: string,
    query: string,
    principal: Principal,
    requestId: string,
  ) => {
    const limited = await consume(d.limiter, principal.subject);
    if (limited) {
      return fail(
        req,
        res,
        new HttpProblem({
          type: 'https://cardline.dev/problems/rate-limited',
          title: 'Too many requests',
          status: 429,
          detail: `more than ${d.limitPerMinute} requests a minute for ${principal.subject}; retry in ${limited.retryAfterSeconds} s`,
        }),
        { 'retry-after': String(limited.retryAfterSeconds) },
      );
    }
    const body = await readBody(req, d.bodyLimitBytes);
    await forward(req, res, {
      service: u.name,
      baseUrl: u.url,
      path: `${path}${query}`,
      requestId,
      body,
      timeoutMs: d.timeoutMs,
    });
  };

  return (req, res, m) => {
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    (req as IncomingMessage & { id?: string }).id = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    const exemplar = traceExemplar();
    // Who asked, once the token is verified: every proxied read is attributable in the access log too.
    let caller: Principal | null = null;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.statusCode;
      observeTraced(
        d.metrics.httpDuration,
        { method: req.method, route: '/:service/v1/*', status_code: String(status) },
        seconds,
        exemplar,
      );
      d.red.observe(
        d.upstreams.get(m[1] as string)?.name,
        m[2] as string,
        req.method,
        status,
        seconds,
        exemplar,
      );
      // The access log line allocates only when its level is on (pino-http's child logger per request did always).
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (d.logger.isLevelEnabled(level))
        d.logger[level](
          {
            reqId: requestId,
            req: { method: req.method, url: req.url },
            res: { statusCode: status },
            ...(caller ? { principal: caller.subject, roles: caller.roles } : {}),
            responseTime: Math.round(seconds * 1000),
          },
          status >= 400 ? 'request errored' : 'request completed',
        );
    });
    const u = d.upstreams.get(m[1] as string);
    if (!u) return fail(req, res, problems.notFound(`no service ${m[1]}`));
    const path = m[2] as string;
    const query = m[3] ?? '';
    const unsafe = unsafePath(path);
    if (unsafe)
      return fail(
        req,
        res,
        new HttpProblem({
          type: 'https://cardline.dev/problems/unsafe-path',
          title: 'Path not accepted',
          status: 400,
          detail: `the path has ${unsafe}; send it without dot segments, encoded slashes or doubled slashes`,
        }),
      );
    let principal: Principal | Promise<Principal>;
    try {
      principal = verify(req.headers.authorization);
    } catch (err) {
      return fail(req, res, err);
    }
    // A token seen before is answered without a promise; only a new one waits for its signature check.
    const go = (p: Principal) => {
      caller = p;
      return proceed(req, res, u, path, query, p, requestId).catch((err: unknown) => fail(req, res, err));
    };
    if (principal instanceof Promise) principal.then(go, (err: unknown) => fail(req, res, err));
    else void go(principal);
  };
}
