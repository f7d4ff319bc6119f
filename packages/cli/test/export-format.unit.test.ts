import { countByType, csvCell, flatten, parseFormat, summary, toCsv, type Row } from '../src/format';
import { censoredPaths, maskEvent } from '../src/mask';
import { diffSchemas } from '../src/schema-diff';
import { parseArgs } from '../src/args';

const row = (over: Partial<Row>): Row => ({
  topic: 'ticketing.case',
  partition: 0,
  offset: '7',
  timestamp: '2026-12-01T10:00:00.000Z',
  key: 'case-1',
  type: 'ticketing.case.opened.v1',
  id: 'evt-1',
  subject: 'case-1',
  data: {},
  ...over,
});

describe('masking an exported event', () => {
  it('censors the named PII fields at any depth and scrubs card numbers elsewhere', () => {
    const masked = maskEvent({
      caseId: 'case-1',
      from: 'a.customer@example.com',
      contact: { email: 'x@example.com', phone: '+1 415 555 0102' },
      note: 'call back',
      summary: 'card 4111 1111 1111 1111 lost',
    });
    expect(masked).toMatchObject({
      caseId: 'case-1',
      from: '[redacted]',
      contact: '[redacted]',
      note: '[redacted]',
    });
    expect(JSON.stringify(masked)).not.toMatch(/4111 1111 1111 1111|example\.com|555/);
    expect(censoredPaths(masked).sort()).toEqual(['contact', 'from', 'note']);
  });
});

describe('export formats', () => {
  it('offers jsonl (the default), csv and parquet; anything else is refused by name', () => {
    expect(parseFormat(undefined)).toBe('jsonl');
    expect(parseFormat('csv')).toBe('csv');
    expect(parseFormat('parquet')).toBe('parquet');
    expect(() => parseFormat('avro')).toThrow('--format avro: jsonl, csv or parquet');
  });

  it('flattens nested payloads into dotted columns and keeps arrays as JSON', () => {
    expect(
      flatten({ amount: { minor: 1250, currency: 'EUR' }, tags: ['a', 'b'], note: null }, 'data'),
    ).toEqual({
      'data.amount.minor': '1250',
      'data.amount.currency': 'EUR',
      'data.tags': '["a","b"]',
      'data.note': '',
    });
  });

  it('quotes cells as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
  });

  it('writes one header over the union of columns, the envelope first, for rows of different types', () => {
    const csv = toCsv([
      row({ data: { caseId: 'case-1', priority: 'HIGH' } }),
      row({
        offset: '8',
        type: 'ticketing.case.closed.v1',
        id: 'evt-2',
        data: { caseId: 'case-1', reason: 'done, thanks' },
      }),
    ]);
    expect(csv.split('\n')).toEqual([
      'topic,partition,offset,timestamp,key,type,id,subject,data.caseId,data.priority,data.reason',
      'ticketing.case,0,7,2026-12-01T10:00:00.000Z,case-1,ticketing.case.opened.v1,evt-1,case-1,case-1,HIGH,',
      'ticketing.case,0,8,2026-12-01T10:00:00.000Z,case-1,ticketing.case.closed.v1,evt-2,case-1,case-1,,"done, thanks"',
      '',
    ]);
  });

  it('counts events per type, sorted, and prints the summary with the masked fields', () => {
    const counts = countByType([{ type: 'b.v1' }, { type: 'a.v1' }, { type: 'b.v1' }]);
    expect(counts).toEqual({ 'a.v1': 1, 'b.v1': 2 });
    expect(Object.keys(counts)).toEqual(['a.v1', 'b.v1']);
    expect(summary(counts, 4)).toBe('3 events\n  a.v1   1\n  b.v1   2\n  total  3\n4 fields masked');
  });
});

describe('schemas diff', () => {
  it('lists added, removed, retyped fields and changed defaults', () => {
    const before = {
      fields: [
        { name: 'id', type: 'string' },
        { name: 'amount', type: 'long' },
        { name: 'channel', type: 'string', default: 'WEB' },
        { name: 'legacy', type: 'string' },
      ],
    };
    const after = {
      fields: [
        { name: 'id', type: 'string' },
        { name: 'amount', type: 'double' },
        { name: 'channel', type: 'string', default: 'APP' },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    };
    expect(diffSchemas(before, after)).toEqual([
      { field: 'amount', change: 'type changed', before: 'long', after: 'double' },
      { field: 'channel', change: 'default changed', before: 'WEB', after: 'APP' },
      { field: 'note', change: 'added', after: ['null', 'string'] },
      { field: 'legacy', change: 'removed', before: 'string' },
    ]);
    expect(diffSchemas(before, before)).toEqual([]);
  });
});

describe('command-line options', () => {
  it('takes positional arguments, valued options and flags', () => {
    expect(parseArgs(['events', 'tail', 'cards.card', '--type', 'cards.card.issued.v1', '--follow'])).toEqual(
      {
        positional: ['events', 'tail', 'cards.card'],
        options: { type: 'cards.card.issued.v1', follow: true },
      },
    );
  });
});
