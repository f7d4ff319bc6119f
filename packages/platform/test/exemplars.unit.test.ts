import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { PlatformMetrics } from '../src/observability/metrics';
import { exposition, observeTraced, traceExemplar } from '../src/observability/exemplar';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const withSpan = (traceFlags: TraceFlags) =>
  trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext({ traceId, spanId: '00f067aa0ba902b7', traceFlags }));
const OPENMETRICS = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe('trace exemplars on latency histograms', () => {
  it("takes the sampled span's trace id, and none without a sampled span", () => {
    expect(traceExemplar(withSpan(TraceFlags.SAMPLED))).toEqual({ trace_id: traceId });
    expect(traceExemplar(withSpan(TraceFlags.NONE))).toBeUndefined();
    expect(traceExemplar(ROOT_CONTEXT)).toBeUndefined();
  });

  it('shows the trace id beside the bucket on an OpenMetrics scrape, as Prometheus asks for it', async () => {
    const m = new PlatformMetrics('cards');
    const labels = { method: 'GET', route: '/v1/cards/:id', status_code: '200' };
    observeTraced(m.httpDuration, labels, 0.042, traceExemplar(withSpan(TraceFlags.SAMPLED)));
    const scrape = await exposition(m.registry, OPENMETRICS);
    expect(scrape.contentType).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(scrape.text).toMatch(
      new RegExp(
        `http_request_duration_seconds_bucket\\{le="0.05",.*\\} 1 # \\{trace_id="${traceId}"\\} 0.042 \\d+`,
      ),
    );
    expect(scrape.text.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('keeps the classic text format, without exemplars, for curl and scripts', async () => {
    const m = new PlatformMetrics('cards');
    observeTraced(m.handlerDuration, { group: 'g', type: 't' }, 0.2, { trace_id: traceId });
    const [plain, open] = await Promise.all([
      exposition(m.registry, '*/*'),
      exposition(m.registry, OPENMETRICS),
    ]);
    expect(plain.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(plain.text).toContain(
      'cardline_handler_duration_seconds_bucket{le="0.5",service="cards",group="g",type="t"} 1',
    );
    expect(plain.text).not.toContain('trace_id');
    // Scrapes of either kind at once each get their own format.
    expect(open.text).toContain(`trace_id="${traceId}"`);
  });

  it('observes without an exemplar when no trace is current', async () => {
    const m = new PlatformMetrics('cards');
    observeTraced(m.httpDuration, { method: 'GET', route: '/x', status_code: '200' }, 0.01, undefined);
    const { text } = await exposition(m.registry, OPENMETRICS);
    expect(text).toContain(
      'http_request_duration_seconds_count{service="cards",method="GET",route="/x",status_code="200"} 1',
    );
    expect(text).not.toContain('trace_id');
  });
});
