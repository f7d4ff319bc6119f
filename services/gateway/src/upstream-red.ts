import { Histogram, type Registry, type RegistryContentType } from 'prom-client';
import { observeTraced } from '@cardline/platform';
import type { Upstream } from './upstreams';

/** A path the upstream did not document: one value per upstream, so a scan of random paths adds no series. */
export const UNDOCUMENTED = '/v1/*';
/** A prefix no upstream serves (the gateway answered 404 itself). */
export const UNKNOWN_UPSTREAM = 'unknown';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface Template {
  template: string;
  pattern: RegExp;
  params: number;
}

/**
 * An upstream's route templates, from the paths of its OpenAPI document
 * (`/v1/cards/{cardId}`): a literal segment wins over a parameter
 * (`/v1/cases/search` before `/v1/cases/{caseId}`), and a path none
 * matches collapses to UNDOCUMENTED. The labels are the documents' paths,
 * so they stay bounded whatever callers send.
 */
export class RouteTemplates {
  private readonly byUpstream = new Map<string, Template[]>();

  learn(upstream: string, paths: string[]): void {
    const templates = paths
      .filter((p) => p.startsWith('/v1/'))
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}/]+\}/)
            .map((lit) => lit.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params || b.template.length - a.template.length);
    this.byUpstream.set(upstream, templates);
  }

  knows(upstream: string): boolean {
    return this.byUpstream.has(upstream);
  }

  templateOf(upstream: string, path: string): string {
    return this.byUpstream.get(upstream)?.find((t) => t.pattern.test(path))?.template ?? UNDOCUMENTED;
  }
}

/**
 * RED of the gateway per upstream and route template
 * (`cardline_gateway_upstream_request_duration_seconds`), beside the one
 * SLO series of every proxied call (docs/architecture.md, "Observability").
 * Templates are learnt from each upstream's /openapi.json at start, again
 * every `refreshMs` for a service that was not up yet or changed.
 */
export class UpstreamRed {
  readonly templates = new RouteTemplates();
  readonly duration: Histogram<'upstream' | 'route' | 'method' | 'status_code'>;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    registry: Registry<RegistryContentType>,
    private readonly upstreams: Upstream[],
    private readonly refreshMs = 60_000,
  ) {
    this.duration = new Histogram({
      name: 'cardline_gateway_upstream_request_duration_seconds',
      help: 'Gateway API calls by upstream service and its route template',
      labelNames: ['upstream', 'route', 'method', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      enableExemplars: true,
      registers: [registry],
    });
  }

  observe(
    upstream: string | undefined,
    path: string,
    method: string | undefined,
    status: number,
    seconds: number,
    exemplar: { trace_id: string } | undefined,
  ): void {
    const known = upstream !== undefined && this.upstreams.some((u) => u.name === upstream);
    observeTraced(
      this.duration,
      {
        upstream: known ? upstream : UNKNOWN_UPSTREAM,
        route: known ? this.templates.templateOf(upstream, path) : UNDOCUMENTED,
        method: METHODS.has(method ?? '') ? (method as string) : 'OTHER',
        status_code: String(status),
      },
      seconds,
      exemplar,
    );
  }

  /** Learns every upstream's templates now and then every refreshMs; a service that does not answer keeps what was learnt. */
  start(fetchDoc: (u: Upstream) => Promise<{ paths?: Record<string, unknown> }> = fetchOpenApi): void {
    const round = () =>
      Promise.all(
        this.upstreams.map(async (u) => {
          const doc = await fetchDoc(u).catch(() => null);
          if (doc?.paths) this.templates.learn(u.name, Object.keys(doc.paths));
        }),
      );
    void round();
    this.timer = setInterval(() => void round(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

async function fetchOpenApi(u: Upstream): Promise<{ paths?: Record<string, unknown> }> {
  const r = await fetch(`${u.url}/openapi.json`, { signal: AbortSignal.timeout(2000) });
  return (await r.json()) as { paths?: Record<string, unknown> };
}
