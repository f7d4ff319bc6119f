import { fromHeaders, MissingHeaderError, toEnvelope, toHeaders, type EventEnvelope } from '../src';

describe('CloudEvents Kafka binary binding', () => {
  const e: EventEnvelope = {
    id: '7d9f0b2e-1111-4222-8333-444455556666',
    type: 'ledger.transaction.posted.v1',
    source: 'ledger',
    subject: 'acc_1',
    time: new Date('2026-11-23T10:00:00.000Z'),
    correlationId: 'corr-1',
    causationId: 'cause-1',
    aggregateVersion: 7,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    payload: { any: 'thing' },
  };

  it('writes ce_* headers plus correlation, causation, version and trace context', () => {
    expect(toHeaders(e)).toEqual({
      ce_specversion: '1.0',
      ce_id: e.id,
      ce_source: 'ledger',
      ce_type: 'ledger.transaction.posted.v1',
      ce_time: '2026-11-23T10:00:00.000Z',
      ce_subject: 'acc_1',
      'content-type': 'application/avro',
      correlation_id: 'corr-1',
      causation_id: 'cause-1',
      aggregate_version: '7',
      traceparent: e.traceparent,
    });
  });

  it('reads them back from Buffers as kafkajs delivers them', () => {
    const raw = Object.fromEntries(Object.entries(toHeaders(e)).map(([k, v]) => [k, Buffer.from(v)]));
    const back = fromHeaders(raw, e.payload);
    expect(back).toEqual({ ...e, tracestate: undefined });
  });

  it('reads records written before the binding fix, with content_type instead of content-type', () => {
    const legacy: Record<string, string> = { ...toHeaders(e), content_type: 'application/avro' };
    delete legacy['content-type'];
    const raw = Object.fromEntries(Object.entries(legacy).map(([k, v]) => [k, Buffer.from(v)]));
    expect(fromHeaders(raw, e.payload)).toEqual({ ...e, tracestate: undefined });
  });

  it('refuses a record without the required headers', () => {
    expect(() => fromHeaders({ ce_type: Buffer.from('x') }, null)).toThrow(MissingHeaderError);
  });
});

describe('outbox entries keyed by another entity', () => {
  it('uses the entry subject as ce_subject and key when set, the aggregate id otherwise', () => {
    const base = {
      id: 'e1',
      type: 'ledger.adjustment.requested.v1',
      time: new Date(0),
      correlationId: 'c',
      causationId: null,
      aggregateVersion: 3,
      payload: {},
    };
    expect(toEnvelope({ ...base, subject: 'acc_1' }, 'disputes', 'dsp_1').subject).toBe('acc_1');
    expect(toEnvelope(base, 'disputes', 'dsp_1').subject).toBe('dsp_1');
  });
});
