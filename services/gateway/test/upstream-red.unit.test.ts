import { PlatformMetrics, exposition } from '@cardline/platform';
import { RouteTemplates, UNDOCUMENTED, UNKNOWN_UPSTREAM, UpstreamRed } from '../src/upstream-red';

const upstreams = [
  { name: 'cards', prefix: '/cards', url: 'http://127.0.0.1:1' },
  { name: 'ticketing', prefix: '/ticketing', url: 'http://127.0.0.1:2' },
];
const CARDS = [
  '/v1/cards',
  '/v1/cards/{cardId}',
  '/v1/cards/{cardId}/activation',
  '/v1/cards/search',
  '/health/ready',
];

describe('route templates of an upstream', () => {
  const t = new RouteTemplates();
  t.learn('cards', CARDS);

  it.each([
    ['/v1/cards', '/v1/cards'],
    ['/v1/cards/crd_123', '/v1/cards/{cardId}'],
    ['/v1/cards/crd_123/activation', '/v1/cards/{cardId}/activation'],
    ['/v1/cards/search', '/v1/cards/search'],
  ])('%s is %s', (path, template) => {
    expect(t.templateOf('cards', path)).toBe(template);
  });

  it('collapses a path the upstream did not document, and an upstream not learnt yet', () => {
    expect(t.templateOf('cards', '/v1/cards/crd_1/activation/extra')).toBe(UNDOCUMENTED);
    expect(t.templateOf('cards', '/v1/cards/a.b(c)')).toBe('/v1/cards/{cardId}');
    expect(t.templateOf('ticketing', '/v1/cases/cas_1')).toBe(UNDOCUMENTED);
  });
});

describe('the gateway RED per upstream', () => {
  it('keeps its labels bounded: random paths, methods and prefixes add no series', async () => {
    const metrics = new PlatformMetrics('gateway');
    const red = new UpstreamRed(metrics.registry, upstreams);
    red.start(async (u) => ({
      paths: Object.fromEntries((u.name === 'cards' ? CARDS : []).map((p) => [p, {}])),
    }));
    red.stop();
    await new Promise((r) => setImmediate(r));
    expect(red.templates.knows('cards')).toBe(true);
    for (let i = 0; i < 2000; i++) {
      const junk = `/v1/${Math.random().toString(36).slice(2)}/${i}`;
      red.observe(
        'cards',
        i % 2 ? `/v1/cards/crd_${i}` : junk,
        i % 3 ? 'GET' : `M${i}`,
        200,
        0.01,
        undefined,
      );
      red.observe(`nope${i}`, junk, 'GET', 404, 0.001, undefined);
      red.observe(undefined, junk, 'POST', 404, 0.001, undefined);
    }
    const series = (await red.duration.get()).values.filter((v) => v.metricName?.endsWith('_count'));
    const labelSets = series.map((v) => `${v.labels.upstream} ${v.labels.method} ${v.labels.route}`).sort();
    expect(labelSets).toEqual([
      'cards GET /v1/*',
      'cards GET /v1/cards/{cardId}',
      'cards OTHER /v1/*',
      'cards OTHER /v1/cards/{cardId}',
      `${UNKNOWN_UPSTREAM} GET ${UNDOCUMENTED}`,
      `${UNKNOWN_UPSTREAM} POST ${UNDOCUMENTED}`,
    ]);
  });

  it('is on the gateway scrape with the trace exemplar', async () => {
    const metrics = new PlatformMetrics('gateway');
    const red = new UpstreamRed(metrics.registry, upstreams);
    red.templates.learn('ticketing', ['/v1/cases/{caseId}']);
    red.observe('ticketing', '/v1/cases/cas_1', 'GET', 503, 0.3, { trace_id: 'a'.repeat(32) });
    const { text } = await exposition(metrics.registry, 'application/openmetrics-text;version=1.0.0');
    expect(text).toContain(
      `cardline_gateway_upstream_request_duration_seconds_bucket{le="0.5",service="gateway",upstream="ticketing",route="/v1/cases/{caseId}",method="GET",status_code="503"} 1 # {trace_id="${'a'.repeat(32)}"} 0.3`,
    );
  });
});
