import type { AvroRecordSchema } from '@cardline/schemas';
import type { Row } from './format';
import { ENVELOPE, avroColumns, unionColumns, type Column, type ColumnKind } from './parquet-schema';

type Value = unknown;
/** hyparquet's SchemaElement, as far as the export writes one. */
interface SchemaElement {
  name: string;
  type?: 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY';
  converted_type?: 'UTF8' | 'JSON' | 'TIMESTAMP_MILLIS' | 'DECIMAL';
  repetition_type?: 'OPTIONAL';
  num_children?: number;
  precision?: number;
  scale?: number;
}

const STRING: ColumnKind = { kind: 'string' };

/** Values at each leaf path of a payload, stopping at a column (a JSON column keeps its array or map whole). */
function leaves(v: Value, path: string, columns: Set<string>, out: Map<string, Value>): Map<string, Value> {
  if (
    !columns.has(path) &&
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v)
  )
    for (const [k, x] of Object.entries(v)) leaves(x, `${path}.${k}`, columns, out);
  else out.set(path, v);
  return out;
}

/** An Avro `bytes` decimal: the unscaled value, big-endian two's complement. */
function unscaled(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  const hex = Buffer.from(b).toString('hex');
  return BigInt.asIntN(b.length * 8, BigInt(`0x${hex}`));
}

/** The value as the column's kind writes it, or undefined when it is not one (masking put a string there). */
function typed(k: ColumnKind, v: Value): Value | undefined {
  switch (k.kind) {
    case 'string':
      return typeof v === 'string' ? v : undefined;
    case 'json':
      return v;
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'int32':
      return Number.isInteger(v) && Math.abs(v as number) < 2 ** 31 ? v : undefined;
    case 'int64':
      return typeof v === 'bigint'
        ? v
        : Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v))
          ? BigInt(v as number | string)
          : undefined;
    case 'float':
    case 'double':
      return typeof v === 'number' ? v : undefined;
    case 'bytes':
      return v instanceof Uint8Array ? new Uint8Array(v) : undefined;
    case 'timestamp-millis':
      return typeof v === 'number'
        ? new Date(v)
        : typeof v === 'string' && !Number.isNaN(Date.parse(v))
          ? new Date(v)
          : undefined;
    case 'decimal':
      return v instanceof Uint8Array
        ? unscaled(v)
        : typeof v === 'number' || typeof v === 'bigint'
          ? v
          : undefined;
  }
}

const asText = (v: Value): string =>
  typeof v === 'string'
    ? v
    : v instanceof Uint8Array
      ? Buffer.from(v).toString('base64')
      : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));

function element(c: Column): SchemaElement {
  const e = { name: c.name, repetition_type: 'OPTIONAL' as const };
  const t = c.type;
  switch (t.kind) {
    case 'string':
      return { ...e, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'json':
      return { ...e, type: 'BYTE_ARRAY', converted_type: 'JSON' };
    case 'boolean':
      return { ...e, type: 'BOOLEAN' };
    case 'int32':
      return { ...e, type: 'INT32' };
    case 'int64':
      return { ...e, type: 'INT64' };
    case 'float':
      return { ...e, type: 'FLOAT' };
    case 'double':
      return { ...e, type: 'DOUBLE' };
    case 'bytes':
      return { ...e, type: 'BYTE_ARRAY' };
    case 'timestamp-millis':
      return { ...e, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
    case 'decimal':
      return {
        ...e,
        type: t.precision <= 18 ? 'INT64' : 'BYTE_ARRAY',
        converted_type: 'DECIMAL',
        precision: t.precision,
        scale: t.scale,
      };
  }
}

/**
 * The rows as Parquet columns: the envelope, every payload field of the
 * event types' Avro schemas (`schemaOf`; a type without one gets string
 * columns for what its rows hold), and a string column for anything else a
 * row holds. A column where a value is not of its type (a masked number
 * reads "[redacted]") is written as strings, so masking never fails an export.
 */
export function parquetColumns(
  rows: Row[],
  schemaOf: (type: string) => AvroRecordSchema | undefined,
): { schema: SchemaElement[]; columnData: { name: string; data: Value[] }[] } {
  const types = [...new Set(rows.map((r) => r.type))];
  const columns = unionColumns([
    ENVELOPE,
    ...types.flatMap((t) => {
      const s = schemaOf(t);
      return s ? [avroColumns(s as never, 'data')] : [];
    }),
  ]).map((c) => ({ ...c }));
  const names = new Set(columns.map((c) => c.name));
  const values = rows.map((r) => {
    const m = leaves(r.data, 'data', names, new Map<string, Value>());
    for (const c of ENVELOPE) m.set(c.name, r[c.name as keyof Row]);
    return m;
  });
  for (const m of values)
    for (const path of m.keys())
      if (!names.has(path)) {
        names.add(path);
        columns.push({ name: path, type: STRING });
      }
  const columnData = columns.map((c) => {
    const raw = values.map((m) => m.get(c.name) ?? null);
    const data = raw.map((v) => (v === null || v === undefined ? null : typed(c.type, v)));
    if (data.every((v, i) => v !== undefined || raw[i] === null)) return { name: c.name, data };
    c.type = STRING;
    return { name: c.name, data: raw.map((v) => (v === null || v === undefined ? null : asText(v))) };
  });
  return {
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map(element)],
    columnData,
  };
}

/** Writes the rows to `file` as Parquet (hyparquet-writer, docs/adr/0027-parquet-export.md). */
export async function writeParquet(
  file: string,
  rows: Row[],
  schemaOf: (type: string) => AvroRecordSchema | undefined,
): Promise<void> {
  // An ES module: imported, not required, from this CommonJS package.
  const { parquetWriteFile } = await import('hyparquet-writer');
  const { schema, columnData } = parquetColumns(rows, schemaOf);
  parquetWriteFile({
    filename: file,
    schema: schema as never,
    columnData: columnData as never,
    kvMetadata: [{ key: 'cardline.export', value: 'events export (masked)' }],
  });
}
