import pino, { type Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { scrubText } from './pii';
import { redactPii } from './redact';

export type { Logger };

const redactObject = (o: Record<string, unknown>) => redactPii(o) as Record<string, unknown>;

/**
 * pino with the level as a name (`"level":"warn"`, what log backends map to
 * severity without a pino-specific rule), trace ids on every line (so logs
 * join traces in Zipkin), and PII kept out: named fields redacted at any
 * depth, free text, error messages and stacks scrubbed (redact.ts, pii.ts).
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    formatters: { level: (label) => ({ level: label }), log: redactObject, bindings: redactObject },
    // Errors are serialised and scrubbed by redactPii already; pino's serialiser would rename their type.
    serializers: { err: (e: unknown) => e },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
    hooks: {
      logMethod(args, method) {
        // Scrub free text: a PAN pasted into a note must not be logged. pino
        // takes an error's message as the line's when none is given: scrub that too.
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as unknown[];
        const first = scrubbed[0];
        const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
        if (err instanceof Error && typeof scrubbed[1] !== 'string')
          scrubbed.splice(1, 0, scrubText(err.message));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // pino formats only the root's bindings; children (created from this
  // object, so they inherit this override) get theirs redacted here.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactObject(bindings), childOptions);
  } as Logger['child'];
  return logger;
}
