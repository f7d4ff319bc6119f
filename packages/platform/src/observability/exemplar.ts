import { TraceFlags, context, trace, type Context } from '@opentelemetry/api';
import { Registry, type Histogram, type LabelValues, type RegistryContentType } from 'prom-client';

/**
 * The exemplar of a latency observation: the trace id of the span in force,
 * under the label Grafana's Prometheus datasource links to Zipkin
 * (`exemplarTraceIdDestinations: trace_id`, docs/architecture.md,
 * "Observability"). None when no sampled span is current: an exemplar
 * pointing at a trace Zipkin never got would be a dead link.
 */
export function traceExemplar(active: Context = context.active()): { trace_id: string } | undefined {
  const ctx = trace.getSpan(active)?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx) || !(ctx.traceFlags & TraceFlags.SAMPLED)) return undefined;
  return { trace_id: ctx.traceId };
}

/**
 * Observes a latency with the trace exemplar taken when it started
 * (prom-client types exemplar labels as the metric's own, hence the cast).
 */
export function observeTraced<T extends string>(
  h: Histogram<T>,
  labels: LabelValues<T>,
  seconds: number,
  exemplar: { trace_id: string } | undefined,
): void {
  h.observe({ labels, value: seconds, ...(exemplar ? { exemplarLabels: exemplar as LabelValues<T> } : {}) });
}

/** `startTimer` with the current trace as its exemplar. */
export function startTracedTimer<T extends string>(
  h: Histogram<T>,
  labels?: LabelValues<T>,
): (end?: LabelValues<T>) => void {
  const exemplar = traceExemplar();
  const started = process.hrtime.bigint();
  return (end) =>
    observeTraced(
      h,
      { ...labels, ...end } as LabelValues<T>,
      Number(process.hrtime.bigint() - started) / 1e9,
      exemplar,
    );
}

let exposing: Promise<unknown> = Promise.resolve();

/**
 * The registry's text for a scrape: OpenMetrics (which carries exemplars)
 * when the scraper asks for it, as Prometheus does, else the classic text
 * format for curl and scripts. The format is the registry's setting, read
 * while it serialises, so scrapes take turns rather than switch it under
 * each other.
 */
export function exposition(
  registry: Registry<RegistryContentType>,
  accept: string | undefined,
): Promise<{ contentType: string; text: string }> {
  const type = /application\/openmetrics-text/.test(accept ?? '')
    ? Registry.OPENMETRICS_CONTENT_TYPE
    : Registry.PROMETHEUS_CONTENT_TYPE;
  const turn = exposing.then(async () => {
    registry.setContentType(type);
    return { contentType: type, text: await registry.metrics() };
  });
  exposing = turn.catch(() => undefined);
  return turn;
}
