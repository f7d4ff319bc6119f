/**
 * OpenTelemetry bootstrap. Import and call this BEFORE express/http are
 * loaded (a service's main.ts imports its instrument.ts first), so the
 * HTTP/express instrumentations can patch them.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createLogger } from './observability/logger';
import { useCardlineRecordEncoder } from './kafka/kafkajs-record-swap';

export interface TelemetryHandle {
  shutdown(): Promise<void>;
}

/** Zipkin when ZIPKIN_URL is set, OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is, else no tracing at all. */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): TelemetryHandle {
  // Before the SDK hooks require, or kafkajs keeps its slower record encoder (docs/adr/0037).
  useCardlineRecordEncoder();
  let exporter: SpanExporter | undefined;
  if (env.ZIPKIN_URL)
    exporter = new ZipkinExporter({ url: `${env.ZIPKIN_URL.replace(/\/$/, '')}/api/v2/spans`, serviceName });
  else if (env.OTEL_EXPORTER_OTLP_ENDPOINT)
    exporter = new OTLPTraceExporter({
      url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`,
    });
  // Instrumentations patch http as soon as they are built, and a span per
  // request costs CPU on every call: with nowhere to send spans, trace
  // context still travels (the gateway passes traceparent on as it came).
  if (!exporter) return { shutdown: async () => undefined };
  // Without a diag logger the SDK drops a failed export's spans in silence;
  // an SRE missing spans must find the reason in the service's own log.
  if (!env.OTEL_LOG_LEVEL) diag.setLogger(diagToLog(serviceName), DiagLogLevel.WARN);
  // Traces only: metrics are Prometheus' (/metrics), logs pino's. Left to its
  // defaults the SDK also exports metrics and logs by OTLP to localhost:4318,
  // and logs a failed export every minute where no collector runs.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    instrumentations: [
      new HttpInstrumentation({
        // Health probes and scrapes would drown the real traces.
        ignoreIncomingRequestHook: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health'),
      }),
      // A span per middleware (json parser, logger, query…) is ten spans of
      // noise per request and a real cost; the route handler span and the
      // server span's http.route say what an SRE needs.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/** OpenTelemetry's own warnings and errors as the service's JSON log lines. */
function diagToLog(serviceName: string): DiagLogger {
  const log = createLogger(serviceName).child({ component: 'telemetry' });
  const line =
    (level: 'warn' | 'error' | 'info' | 'debug') =>
    (message: string, ...args: unknown[]) =>
      log[level]({ detail: args.map(String).join(' ') || undefined }, message);
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    verbose: line('debug'),
  };
}
