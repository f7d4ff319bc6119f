import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findEventType, type AvroRecordSchema } from '@cardline/schemas';
import { avroColumns } from '../src/parquet-schema';
import { writeParquet } from '../src/parquet';
import { maskEvent } from '../src/mask';
import type { Row } from '../src/format';

// An independent reader (hyparquet, the writer's sibling package) reads back what the export wrote.
const readBack = async (file: string) => {
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import('hyparquet');
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(buffer);
  return {
    rows: (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[],
    elements: new Map(parquetSchema(metadata).children.map((c) => [c.element.name, c.element])),
  };
};

const shipped = 'cards.card.shipped.v1';
const adjusted: AvroRecordSchema = {
  type: 'record',
  name: 'AdjustedV1',
  namespace: 'cardline.test.parquet',
  fields: [
    { name: 'caseId', type: 'string' },
    { name: 'email', type: 'string' },
    { name: 'rate', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 4 } },
    {
      name: 'amount',
      type: {
        type: 'record',
        name: 'Money',
        fields: [
          { name: 'minor', type: 'long' },
          { name: 'currency', type: 'string' },
        ],
      },
    },
    { name: 'refund', type: ['null', 'Money'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'decidedAt', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
  ],
};
const schemaOf = (type: string) =>
  type === 'test.parquet.adjusted.v1' ? adjusted : findEventType(type)?.schema;

const row = (over: Partial<Row>): Row => ({
  topic: 'cards.card',
  partition: 2,
  offset: '9007199254740993',
  timestamp: '2026-12-01T10:00:00.000Z',
  key: 'crd_1',
  type: shipped,
  id: 'evt-1',
  subject: 'crd_1',
  data: {},
  ...over,
});

describe('the Parquet schema of an export', () => {
  it('follows the Avro schema: timestamp-millis, decimal, nested records, optional named types, arrays', () => {
    expect(avroColumns(adjusted as never, 'data')).toEqual([
      { name: 'data.caseId', type: { kind: 'string' } },
      { name: 'data.email', type: { kind: 'string' } },
      { name: 'data.rate', type: { kind: 'decimal', precision: 9, scale: 4 } },
      { name: 'data.amount.minor', type: { kind: 'int64' } },
      { name: 'data.amount.currency', type: { kind: 'string' } },
      { name: 'data.refund.minor', type: { kind: 'int64' } },
      { name: 'data.refund.currency', type: { kind: 'string' } },
      { name: 'data.tags', type: { kind: 'json' } },
      { name: 'data.decidedAt', type: { kind: 'timestamp-millis' } },
    ]);
  });
});

describe('events export --format parquet', () => {
  it('writes a file that reads back with its types, several event types in one file, masked fields masked', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-parquet-')), 'out.parquet');
    const shippedAt = Date.parse('2026-11-30T08:15:00.000Z');
    const rows = [
      row({
        data: maskEvent({
          cardId: 'crd_1',
          accountId: 'acc_1',
          orderId: 'ord_1',
          carrier: 'UPS',
          trackingRef: '1Z',
          shippedAt,
        }),
      }),
      row({
        type: 'test.parquet.adjusted.v1',
        offset: '10',
        key: null,
        subject: null,
        data: {
          ...maskEvent({
            caseId: 'cas_1',
            email: 'a.customer@example.com',
            amount: { minor: 1250, currency: 'EUR' },
            refund: null,
            tags: ['goodwill', 'late-fee'],
            decidedAt: shippedAt + 1000,
          }),
          // No contract has a decimal yet; when one does it reaches the row as Avro's bytes (ADR 0027).
          rate: Buffer.from([0x00, 0x01, 0xe2, 0x40]), // 123456 unscaled: 12.3456
        },
      }),
    ];
    await writeParquet(file, rows, schemaOf);
    const { rows: back, elements } = await readBack(file);

    expect(back).toHaveLength(2);
    expect(elements.get('timestamp')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
    expect(elements.get('data.shippedAt')).toMatchObject({
      type: 'INT64',
      converted_type: 'TIMESTAMP_MILLIS',
    });
    expect(elements.get('data.rate')).toMatchObject({ converted_type: 'DECIMAL', precision: 9, scale: 4 });
    expect(elements.get('data.amount.minor')).toMatchObject({ type: 'INT64' });
    expect(elements.get('partition')).toMatchObject({ type: 'INT32' });

    const [a, b] = back as [Record<string, unknown>, Record<string, unknown>];
    expect(a).toMatchObject({
      topic: 'cards.card',
      partition: 2,
      offset: 9007199254740993n,
      type: shipped,
      'data.cardId': 'crd_1',
      'data.carrier': 'UPS',
      'data.caseId': null,
    });
    expect((a.timestamp as Date).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect((a['data.shippedAt'] as Date).getTime()).toBe(shippedAt);
    expect(b).toMatchObject({
      type: 'test.parquet.adjusted.v1',
      key: null,
      'data.caseId': 'cas_1',
      'data.email': '[redacted]',
      'data.rate': 12.3456,
      'data.amount.minor': 1250n,
      'data.amount.currency': 'EUR',
      'data.refund.minor': null,
      'data.tags': ['goodwill', 'late-fee'],
      'data.cardId': null,
    });
    expect((b['data.decidedAt'] as Date).getTime()).toBe(shippedAt + 1000);
    expect(fs.readFileSync(file).includes('example.com')).toBe(false);
  });

  it('writes a masked number as a string column rather than failing the export', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cardline-parquet-')), 'masked.parquet');
    const income: AvroRecordSchema = {
      type: 'record',
      name: 'AppliedV1',
      fields: [
        { name: 'income', type: 'long' },
        {
          name: 'contact',
          type: { type: 'record', name: 'Contact', fields: [{ name: 'phone', type: 'string' }] },
        },
      ],
    };
    await writeParquet(
      file,
      [
        row({
          type: 'x.applied.v1',
          data: maskEvent({ income: 90000, contact: { phone: '+1 415 555 0102' } }),
        }),
      ],
      () => income,
    );
    const { rows: back, elements } = await readBack(file);
    expect(elements.get('data.income')).toMatchObject({ converted_type: 'UTF8' });
    expect(back[0]).toMatchObject({
      'data.income': '[redacted]',
      'data.contact': '[redacted]',
      'data.contact.phone': null,
    });
  });
});
