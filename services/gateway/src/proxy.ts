import type { Request, Response } from 'express';
import { context, propagation } from '@opentelemetry/api';
import { Agent, request } from 'undici';
import { sendProblem, type Problem } from '@cardline/platform';

/** Request headers the services need; everything else stays at the edge. */
const FORWARD = ['authorization', 'content-type', 'accept', 'idempotency-key', 'x-correlation-id'];
/** Response headers worth returning to the caller. */
const RETURN = ['content-type', 'location', 'idempotent-replayed', 'retry-after'];

const unavailable = (detail: string): Problem => ({
  type: 'https://cardline.dev/problems/service-unavailable',
  title: 'Service unavailable',
  status: 503,
  detail,
});
const timeout = (detail: string): Problem => ({
  type: 'https://cardline.dev/problems/upstream-timeout',
  title: 'Upstream timed out',
  status: 504,
  detail,
});

// One pooled keep-alive client for every upstream: undici's request API costs
// far less per call than fetch, which matters for the gateway's own latency.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

/**
 * Forwards one request to a service and relays its answer. A service that
 * does not answer within the timeout is a 504, one that cannot be reached a
 * 503 (with Retry-After): never a hang. The request id and the trace
 * context travel on, so the service's spans join the gateway's trace.
 */
export async function forward(
  req: Request,
  res: Response,
  o: { service: string; baseUrl: string; path: string; timeoutMs: number },
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const h of FORWARD) {
    const v = req.header(h);
    if (v) headers[h] = v;
  }
  headers['x-request-id'] = String((req as Request & { id?: string }).id ?? '');
  propagation.inject(context.active(), headers);
  const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
  // express.json() has parsed (and size-checked) the body at the edge; the services speak JSON only.
  const hasBody =
    req.method !== 'GET' &&
    req.method !== 'HEAD' &&
    req.is('application/json') !== false &&
    req.body !== undefined;
  let upstream: Awaited<ReturnType<typeof request>>;
  let body: Buffer;
  try {
    upstream = await request(`${o.baseUrl}${o.path}${query}`, {
      method: req.method as 'GET',
      headers,
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(o.timeoutMs),
      dispatcher: agent,
    });
    body = Buffer.from(await upstream.body.arrayBuffer());
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED')
      return sendProblem(res, {
        ...timeout(`${o.service} did not answer within ${o.timeoutMs} ms`),
        instance: req.originalUrl,
      });
    res.setHeader('retry-after', '5');
    return sendProblem(res, {
      ...unavailable(
        `${o.service} is not reachable (${e.code ?? e.cause?.code ?? e.message}); nothing was done, retry later`,
      ),
      instance: req.originalUrl,
    });
  }
  res.status(upstream.statusCode);
  for (const h of RETURN) {
    const raw = upstream.headers[h];
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v) res.setHeader(h, h === 'location' && v.startsWith('/') ? `/${o.service}${v}` : v);
  }
  res.send(body);
}
