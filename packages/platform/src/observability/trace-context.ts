import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Span,
} from '@opentelemetry/api';

/** W3C trace context of the active span, to store with an event (outbox) or put in headers. */
export function currentTraceHeaders(ctx: Context = context.active()): {
  traceparent?: string;
  tracestate?: string;
} {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  // Only keys that exist: an undefined Kafka header value breaks the producer.
  const out: { traceparent?: string; tracestate?: string } = {};
  if (carrier.traceparent) out.traceparent = carrier.traceparent;
  if (carrier.tracestate) out.tracestate = carrier.tracestate;
  return out;
}

/** Context restored from W3C headers (Kafka message or stored outbox entry). */
export function contextFromTraceHeaders(h: { traceparent?: string; tracestate?: string }): Context {
  const carrier: Record<string, string> = {};
  if (h.traceparent) carrier.traceparent = h.traceparent;
  if (h.tracestate) carrier.tracestate = h.tracestate;
  return propagation.extract(context.active(), carrier);
}

const tracer = () => trace.getTracer('cardline-platform');

/** Runs fn in a span, recording errors; the span ends when fn settles. */
export async function inSpan<T>(
  name: string,
  opts: { kind?: SpanKind; parent?: Context; attributes?: Record<string, string | number | boolean> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = opts.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind };
