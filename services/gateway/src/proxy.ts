import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation } from '@opentelemetry/api';
import { Agent, request } from 'undici';
import type { Problem } from '@cardline/platform';

/** Request headers the services need; everything else stays at the edge. */
const FORWARD = [
  'authorization',
  'content-type',
  'accept',
  'idempotency-key',
  'x-correlation-id',
  // Passed on as they came when tracing is off here; the tracer replaces them with the gateway's span when on.
  'traceparent',
  'tracestate',
] as const;
/** Response headers worth returning to the caller (`allow` with a service's 405). */
const RETURN = ['content-type', 'location', 'idempotent-replayed', 'retry-after', 'allow'] as const;

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

/** problem+json on a plain node response (the proxy path runs outside express). */
export function writeProblem(res: ServerResponse, p: Problem, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(p);
  res.writeHead(p.status, {
    ...headers,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

// One pooled keep-alive client for every upstream: undici's request API costs
// far less per call than fetch, which matters for the gateway's own latency.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

/**
 * Forwards one request to a service and relays its answer. A service that
 * does not answer within the timeout is a 504, one that cannot be reached a
 * 503 (with Retry-After): never a hang. The request id and the trace
 * context travel on, so the service's spans join the gateway's trace. The
 * body goes on as the bytes that came (already size-checked): the service
 * validates it, so the edge neither parses nor re-serialises JSON.
 */
export async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  o: { service: string; baseUrl: string; path: string; requestId: string; body?: Buffer; timeoutMs: number },
): Promise<void> {
  const headers: Record<string, string> = { 'x-request-id': o.requestId };
  for (const h of FORWARD) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  propagation.inject(context.active(), headers);
  let status: number;
  let upstreamHeaders: Record<string, string | string[] | undefined>;
  let body: Buffer;
  try {
    const upstream = await request(`${o.baseUrl}${o.path}`, {
      method: req.method as 'GET',
      headers,
      body: o.body,
      // undici's own timers, not an AbortSignal per call: those cost more than the rest of the hop.
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      dispatcher: agent,
    });
    status = upstream.statusCode;
    upstreamHeaders = upstream.headers;
    body = Buffer.from(await upstream.body.arrayBuffer());
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string } };
    if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT')
      return writeProblem(res, {
        ...timeout(`${o.service} did not answer within ${o.timeoutMs} ms`),
        instance: req.url,
      });
    return writeProblem(
      res,
      {
        ...unavailable(
          `${o.service} is not reachable (${e.code ?? e.cause?.code ?? e.message}); nothing was done, retry later`,
        ),
        instance: req.url,
      },
      { 'retry-after': '5' },
    );
  }
  const out: Record<string, string | number> = { 'content-length': body.length };
  for (const h of RETURN) {
    const raw = upstreamHeaders[h];
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v) out[h] = h === 'location' && v.startsWith('/') ? `/${o.service}${v}` : v;
  }
  res.writeHead(status, out);
  res.end(body);
}
