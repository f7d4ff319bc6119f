import { trace } from '@opentelemetry/api';
import { currentTraceHeaders, toRecord, type EventEnvelope } from '../src';
import { recordSpans } from './support/tracing';

// With a real tracer and W3C propagator, as services run (tests without an
// SDK would never see a traceparent at all).
const exporter = recordSpans();

it('captures only the trace headers that exist (no undefined values for Kafka)', () => {
  const headers = trace.getTracer('t').startActiveSpan('request', (span) => {
    const h = currentTraceHeaders();
    span.end();
    return h;
  });
  expect(Object.keys(headers)).toEqual(['traceparent']);
  expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
});

it('a traced event is sent with a producer span that continues the stored trace', () => {
  const stored = trace.getTracer('t').startActiveSpan('request', (span) => {
    const h = currentTraceHeaders();
    span.end();
    return h;
  });
  const e: EventEnvelope = {
    id: 'e1',
    type: 'ledger.transaction.posted.v1',
    source: 'ledger',
    subject: 'acc_1',
    time: new Date(),
    correlationId: 'c1',
    causationId: null,
    aggregateVersion: 1,
    ...stored,
    payload: {},
  };
  const rec = toRecord(e, 'ledger.transaction', Buffer.from([0]));
  const headers = rec.headers as Record<string, string>;
  for (const v of Object.values(headers)) expect(typeof v).toBe('string');
  const [, traceId, parentSpan] = (stored.traceparent as string).split('-');
  const [, sentTrace, sentSpan] = headers.traceparent?.split('-') ?? [];
  expect(sentTrace).toBe(traceId); // same trace
  expect(sentSpan).not.toBe(parentSpan); // child: the producer span
  const producer = exporter.getFinishedSpans().find((s) => s.name === 'send ledger.transaction');
  expect(
    producer?.parentSpanContext?.spanId ?? (producer as unknown as { parentSpanId?: string })?.parentSpanId,
  ).toBe(parentSpan);
});
