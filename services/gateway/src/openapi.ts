import type { Upstream } from './upstreams';

type Doc = { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };

/**
 * One OpenAPI document for every service behind the gateway: each service's
 * paths under its prefix, its component schemas renamed `<service>.<name>`
 * (two services may both have a Merchant), bearer auth throughout. A service
 * that does not answer is listed in `x-unavailable` rather than failing the document.
 */
export async function aggregateOpenApi(
  upstreams: Upstream[],
  timeoutMs = 2000,
): Promise<Record<string, unknown>> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const unavailable: string[] = [];
  await Promise.all(
    upstreams.map(async (u) => {
      let doc: Doc;
      try {
        const r = await fetch(`${u.url}/openapi.json`, { signal: AbortSignal.timeout(timeoutMs) });
        doc = (await r.json()) as Doc;
      } catch {
        unavailable.push(u.name);
        return;
      }
      const text = JSON.stringify(doc).replace(
        /#\/components\/schemas\/([A-Za-z0-9_.-]+)/g,
        `#/components/schemas/${u.name}.$1`,
      );
      const renamed = JSON.parse(text) as Doc;
      for (const [p, item] of Object.entries(renamed.paths ?? {})) paths[`/${u.name}${p}`] = item;
      for (const [n, s] of Object.entries(renamed.components?.schemas ?? {})) schemas[`${u.name}.${n}`] = s;
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cardline',
      version: '0.1.0',
      description:
        'The one API for internal apps. Every call needs a bearer token; each operation lists the roles it allows (x-roles). Paths are prefixed with the service that answers them.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))),
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    ...(unavailable.length ? { 'x-unavailable': unavailable.sort() } : {}),
  };
}
