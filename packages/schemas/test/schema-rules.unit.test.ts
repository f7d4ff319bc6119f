import path from 'node:path';
import { RELEASED_DIR, loadEventTypes, releasedVersions } from '../scripts/lib/contracts';
import {
  addedFieldsWithoutDefault,
  enumsWithoutDefault,
  floatMoney,
  isSensitiveName,
  sensitiveFields,
  untypedTimestamps,
} from './support/avro-rules';

// docs/architecture.md#schema-rules.
const events = loadEventTypes();
const latest = releasedVersions().at(-1);
const released = new Map(
  latest ? loadEventTypes(path.join(RELEASED_DIR, latest)).map((e) => [e.type, e]) : [],
);
const each = events.map((e) => [e.type, e] as const);

describe('schema rules', () => {
  it.each(each)('%s: every enum has a default symbol', (_t, e) => {
    expect(enumsWithoutDefault(e.schema)).toEqual([]);
  });

  it.each(each)(`%s: every field added since the last release (${latest}) has a default`, (_t, e) => {
    const before = released.get(e.type);
    expect(before ? addedFieldsWithoutDefault(e.schema, before.schema) : []).toEqual([]);
  });

  it.each(each)('%s: no card number, CVV, PIN or national id field', (_t, e) => {
    expect(sensitiveFields(e.schema)).toEqual([]);
  });

  it.each(each)('%s: money is never a float', (_t, e) => {
    expect(floatMoney(e.schema)).toEqual([]);
  });

  it.each(each)('%s: *At fields are timestamp-millis', (_t, e) => {
    expect(untypedTimestamps(e.schema)).toEqual([]);
  });
});

describe('the rules catch violations', () => {
  const record = (fields: unknown[]) => ({ type: 'record', name: 'XV1', namespace: 'cardline.t.x', fields });

  it('an enum without a default, also nested in a union or array', () => {
    const e = (name: string) => ({ type: 'enum', name, symbols: ['A', 'B'] });
    const schema = record([
      { name: 'a', type: e('E1') },
      { name: 'b', type: ['null', e('E2')], default: null },
      { name: 'c', type: { type: 'array', items: e('E3') } },
      { name: 'd', type: { type: 'enum', name: 'E4', symbols: ['A'], default: 'A' } },
    ]);
    expect(enumsWithoutDefault(schema)).toEqual([
      'cardline.t.x.E1: enum without a default symbol',
      'cardline.t.x.E2: enum without a default symbol',
      'cardline.t.x.E3: enum without a default symbol',
    ]);
  });

  it('a field added without a default, in the record or a nested one', () => {
    const nested = (fields: unknown[]) => ({ name: 'n', type: { type: 'record', name: 'N', fields } });
    const before = record([{ name: 'a', type: 'string' }, nested([{ name: 'x', type: 'int' }])]);
    const after = record([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string' },
      { name: 'c', type: 'long', default: 0 },
      { name: 'renamed', type: 'string', aliases: ['a'] },
      nested([
        { name: 'x', type: 'int' },
        { name: 'y', type: 'int' },
      ]),
    ]);
    expect(addedFieldsWithoutDefault(after, before)).toEqual([
      'cardline.t.x.XV1.b: added without a default',
      'cardline.t.x.N.y: added without a default',
    ]);
  });

  it('card data and national id names, without false alarms on ordinary words', () => {
    for (const bad of [
      'pan',
      'cardNumber',
      'card_number',
      'panLast4',
      'cvv',
      'cvv2',
      'CVC',
      'pin',
      'cardPin',
      'pinBlock',
    ])
      expect([bad, isSensitiveName(bad)]).toEqual([bad, true]);
    for (const bad of ['nationalId', 'national_id', 'ssn', 'customerSsn', 'primaryAccountNumber'])
      expect([bad, isSensitiveName(bad)]).toEqual([bad, true]);
    for (const ok of [
      'company',
      'span',
      'expandedPanel',
      'pinChangedAt',
      'shipping',
      'cardId',
      'last4',
      'cardToken',
    ])
      expect([ok, isSensitiveName(ok)]).toEqual([ok, false]);
    expect(sensitiveFields(record([{ name: 'cardNumber', type: 'string' }]))).toEqual([
      'cardline.t.x.XV1.cardNumber: looks like card or identity data',
    ]);
  });

  it('float money and timestamps that are not timestamp-millis', () => {
    expect(floatMoney(record([{ name: 'amount', type: 'double' }]))).toHaveLength(1);
    expect(floatMoney(record([{ name: 'amount', type: 'long' }]))).toEqual([]);
    expect(untypedTimestamps(record([{ name: 'postedAt', type: 'string' }]))).toHaveLength(1);
    expect(
      untypedTimestamps(
        record([
          {
            name: 'closedAt',
            type: ['null', { type: 'long', logicalType: 'timestamp-millis' }],
            default: null,
          },
        ]),
      ),
    ).toEqual([]);
  });
});
