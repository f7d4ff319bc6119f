import type { Request, Response } from 'express';
import { context, propagation } from '@opentelemetry/api';
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
  let upstream: globalThis.Response;
  try {
    upstream = await fetch(`${o.baseUrl}${o.path}${query}`, {
      method: req.method,
      headers,
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(o.timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError')
      return sendProblem(res, {
        ...timeout(`${o.service} did not answer within ${o.timeoutMs} ms`),
        instance: req.originalUrl,
      });
    res.setHeader('retry-after', '5');
    return sendProblem(res, {
      ...unavailable(
        `${o.service} is not reachable (${e.cause?.code ?? e.message}); nothing was done, retry later`,
      ),
      instance: req.originalUrl,
    });
  }
  res.status(upstream.status);
  for (const h of RETURN) {
    const v = upstream.headers.get(h);
    if (v) res.setHeader(h, h === 'location' && v.startsWith('/') ? `/${o.service}${v}` : v);
  }
  res.send(Buffer.from(await upstream.arrayBuffer()));
}
