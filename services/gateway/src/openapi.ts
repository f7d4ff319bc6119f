import { PROBLEM_SCHEMA, SHARED_RESPONSES, problemResponse } from '@cardline/platform';
import type { Upstream } from './upstreams';

type Doc = {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
};

type Responses = Record<string, { description: string; headers?: Record<string, unknown> }>;

/** The gateway's own limits, named in the answers it adds to every operation. */
export interface EdgeLimits {
  bodyLimitBytes: number;
  limitPerMinute: number;
  timeoutMs: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    required: true,
    schema: { type: 'integer' },
  },
};

/**
 * One OpenAPI document for every service behind the gateway, fetched from
 * each service's /openapi.json (see mergeOpenApi). A service that does not
 * answer is listed in `x-unavailable` rather than failing the document.
 */
export async function aggregateOpenApi(
  upstreams: Upstream[],
  edge: EdgeLimits,
  timeoutMs = 2000,
): Promise<Record<string, unknown>> {
  const docs: { name: string; doc: Doc }[] = [];
  const unavailable: string[] = [];
  await Promise.all(
    upstreams.map(async (u) => {
      try {
        const r = await fetch(`${u.url}/openapi.json`, { signal: AbortSignal.timeout(timeoutMs) });
        docs.push({ name: u.name, doc: (await r.json()) as Doc });
      } catch {
        unavailable.push(u.name);
      }
    }),
  );
  return mergeOpenApi(docs, unavailable, edge);
}

/**
 * The services' documents as one: each service's paths under its prefix, its
 * component schemas renamed `<service>.<name>` (two services may both have a
 * Merchant) except the one Problem every refusal references, bearer auth
 * throughout, and on every operation what the gateway itself answers
 * (docs/adr/0010-gateway.md): 400 for a path that normalising would change,
 * 401 before forwarding, 413 over its body limit,
 * 429 over the rate limit, 503 when the service cannot be reached, 504 when
 * it does not answer in time. The services' 403, 404, 405 and 409 pass through.
 */
export function mergeOpenApi(
  docs: { name: string; doc: Doc }[],
  unavailable: string[],
  edge: EdgeLimits,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { Problem: PROBLEM_SCHEMA };
  const responses: Record<string, unknown> = { ...SHARED_RESPONSES };
  for (const { name, doc } of [...docs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const text = JSON.stringify(doc).replace(
      /#\/components\/schemas\/(?!Problem")([A-Za-z0-9_.-]+)/g,
      `#/components/schemas/${name}.$1`,
    );
    const renamed = JSON.parse(text) as Doc;
    for (const [p, item] of Object.entries(renamed.paths ?? {})) {
      for (const [method, op] of Object.entries(item))
        if (METHODS.includes(method)) addEdgeAnswers(name, method, op as { responses?: Responses }, edge);
      paths[`/${name}${p}`] = item;
    }
    for (const [n, s] of Object.entries(renamed.components?.schemas ?? {}))
      if (n !== 'Problem') schemas[`${name}.${n}`] = s;
    for (const [n, r] of Object.entries(renamed.components?.responses ?? {})) responses[n] ??= r;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cardline',
      version: '0.1.0',
      description:
        'The one API for internal apps. Every call needs a bearer token; each operation lists the roles it allows (x-roles). Paths are prefixed with the service that answers them; an unknown prefix answers 404, a method a path does not serve 405 with `Allow` (components.responses.MethodNotAllowed).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))),
    components: {
      schemas,
      responses,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    ...(unavailable.length ? { 'x-unavailable': [...unavailable].sort() } : {}),
  };
}

/** What the gateway answers on its own for one operation (api-path.ts, proxy.ts). */
function addEdgeAnswers(service: string, method: string, op: { responses?: Responses }, edge: EdgeLimits) {
  const r = (op.responses ??= {});
  const add = (status: number, why: string, headers?: Record<string, unknown>) => {
    const had = r[String(status)];
    if (!had) r[String(status)] = problemResponse(why, headers);
    else {
      if (!had.description.includes(why)) had.description = `${had.description}; ${why}`;
      if (headers) had.headers = { ...had.headers, ...headers };
    }
  };
  // A path parameter holding `..`, an encoded slash or a backslash (path-guard.ts).
  add(400, 'The path has dot segments, encoded or doubled slashes: refused before routing');
  add(401, 'No or invalid bearer token');
  // The service's own, passed through.
  r['403'] ??= problemResponse('The caller has none of the roles the operation allows (x-roles)');
  // The gateway reads the body of every method but these before it forwards.
  if (!['get', 'head', 'delete', 'options'].includes(method))
    add(413, `Body over the gateway's limit of ${edge.bodyLimitBytes} bytes`);
  add(429, `Over ${edge.limitPerMinute} requests a minute for this caller`, RETRY_AFTER);
  add(503, `${service} cannot be reached: nothing was done, retry later`, RETRY_AFTER);
  add(
    504,
    `${service} did not answer within ${edge.timeoutMs} ms: a command may or may not have been done, retry it with the same Idempotency-Key`,
  );
}
