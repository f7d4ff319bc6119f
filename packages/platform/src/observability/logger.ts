import pino, { type Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { scrubText } from './pii';

export type { Logger };

/** Paths whose values never reach a log line (PII and secrets). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.cardNumber',
  '*.pan',
  '*.cvv',
  '*.cvc',
  '*.pin',
  '*.nationalId',
  '*.ssn',
  '*.email',
  '*.phone',
  '*.dateOfBirth',
  '*.address',
];

/**
 * pino with the level as a name (`"level":"warn"`, what log backends map to
 * severity without a pino-specific rule), trace ids on every line (so logs
 * join traces in Zipkin), PII paths redacted, and card-number-like digit runs
 * masked in messages.
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
    hooks: {
      logMethod(args, method) {
        // Scrub free text: a PAN pasted into a note must not be logged.
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
        return method.apply(this, scrubbed);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
