import { randomUUID } from 'node:crypto';

/**
 * A domain event with its metadata. On Kafka the metadata travels as
 * CloudEvents Kafka binary-binding headers; the payload is the Avro body.
 */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  source: string;
  /** Aggregate id; also the Kafka key. */
  subject: string;
  time: Date;
  correlationId: string;
  causationId: string | null;
  aggregateVersion: number;
  traceparent?: string;
  tracestate?: string;
  payload: P;
}

/** What a decider emits; the application adds the metadata. */
export interface NewEvent<P = unknown> {
  type: string;
  payload: P;
  /**
   * Kafka key and ce_subject when the record is about another entity than the
   * aggregate that emits it (a request on the ledger's command channel is
   * keyed by accountId). Default: the aggregate id.
   */
  subject?: string;
}

export interface EventContext {
  correlationId: string;
  causationId: string | null;
}

export function newEventId(): string {
  return randomUUID();
}

/** Headers as kafkajs gives them: values may be Buffers, strings or arrays. */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/**
 * CloudEvents Kafka protocol binding, binary content mode: attributes as
 * `ce_*` headers, and `datacontenttype` as the Kafka `content-type` header
 * (docs/architecture.md#headers). Records written before carry it as
 * `content_type`; readers never needed it (the Confluent framing says how to
 * decode), so both are read alike.
 */
export function toHeaders(e: EventEnvelope): Record<string, string> {
  const h: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: e.id,
    ce_source: e.source,
    ce_type: e.type,
    ce_time: e.time.toISOString(),
    ce_subject: e.subject,
    'content-type': 'application/avro',
    correlation_id: e.correlationId,
    aggregate_version: String(e.aggregateVersion),
  };
  if (e.causationId) h.causation_id = e.causationId;
  if (e.traceparent) h.traceparent = e.traceparent;
  if (e.tracestate) h.tracestate = e.tracestate;
  return h;
}

export function headerString(headers: RawHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : one.toString();
}

export class MissingHeaderError extends Error {
  constructor(name: string) {
    super(`missing CloudEvents header ${name}`);
    this.name = 'MissingHeaderError';
  }
}

/** Reads the envelope metadata; throws MissingHeaderError on a non-CloudEvents record. */
export function fromHeaders<P>(headers: RawHeaders | undefined, payload: P): EventEnvelope<P> {
  const req = (n: string): string => {
    const v = headerString(headers, n);
    if (!v) throw new MissingHeaderError(n);
    return v;
  };
  const time = new Date(req('ce_time'));
  const version = Number(headerString(headers, 'aggregate_version') ?? '0');
  return {
    id: req('ce_id'),
    type: req('ce_type'),
    source: req('ce_source'),
    subject: req('ce_subject'),
    time: Number.isNaN(time.getTime()) ? new Date(0) : time,
    correlationId: headerString(headers, 'correlation_id') ?? req('ce_id'),
    causationId: headerString(headers, 'causation_id') ?? null,
    aggregateVersion: Number.isFinite(version) ? version : 0,
    traceparent: headerString(headers, 'traceparent'),
    tracestate: headerString(headers, 'tracestate'),
    payload,
  };
}
