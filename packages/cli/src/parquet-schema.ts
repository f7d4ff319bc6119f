/**
 * Parquet columns of an export, derived from the Avro schemas of the event
 * types it holds (docs/adr/0027-parquet-export.md): the envelope first, then
 * each payload field as a dotted column (`data.amount.minor`). Avro
 * `timestamp-millis` is a Parquet TIMESTAMP(MILLIS), `decimal` a DECIMAL
 * of its precision and scale, arrays and maps JSON, enums strings.
 */
export type ColumnKind =
  | { kind: 'string' }
  | { kind: 'json' }
  | { kind: 'boolean' }
  | { kind: 'int32' }
  | { kind: 'int64' }
  | { kind: 'double' }
  | { kind: 'float' }
  | { kind: 'bytes' }
  | { kind: 'timestamp-millis' }
  | { kind: 'decimal'; precision: number; scale: number };

export interface Column {
  name: string;
  type: ColumnKind;
}

export const ENVELOPE: Column[] = [
  { name: 'topic', type: { kind: 'string' } },
  { name: 'partition', type: { kind: 'int32' } },
  { name: 'offset', type: { kind: 'int64' } },
  { name: 'timestamp', type: { kind: 'timestamp-millis' } },
  { name: 'key', type: { kind: 'string' } },
  { name: 'type', type: { kind: 'string' } },
  { name: 'id', type: { kind: 'string' } },
  { name: 'subject', type: { kind: 'string' } },
];

type Avro = string | Avro[] | { type: Avro; [k: string]: unknown };
const PRIMITIVE: Record<string, ColumnKind> = {
  string: { kind: 'string' },
  boolean: { kind: 'boolean' },
  int: { kind: 'int32' },
  long: { kind: 'int64' },
  float: { kind: 'float' },
  double: { kind: 'double' },
  bytes: { kind: 'bytes' },
};

/** The leaf columns of one Avro record under `prefix`; named types defined earlier in the schema resolve by name. */
export function avroColumns(
  schema: Avro,
  prefix: string,
  named: Map<string, Avro> = new Map(),
  namespace = '',
): Column[] {
  if (typeof schema === 'string') {
    if (PRIMITIVE[schema]) return [{ name: prefix, type: PRIMITIVE[schema] }];
    const ref = named.get(schema) ?? named.get(`${namespace}.${schema}`);
    return ref ? avroColumns(ref, prefix, named, namespace) : [{ name: prefix, type: { kind: 'json' } }];
  }
  if (Array.isArray(schema)) {
    const branches = schema.filter((s) => s !== 'null');
    // ["null", T] is an optional T; a union of several types has no one column type.
    return branches.length === 1
      ? avroColumns(branches[0] as Avro, prefix, named, namespace)
      : [{ name: prefix, type: { kind: 'json' } }];
  }
  const s = schema as {
    type: Avro;
    name?: string;
    namespace?: string;
    logicalType?: string;
    [k: string]: unknown;
  };
  if (s.name && ['record', 'enum', 'fixed'].includes(s.type as string)) {
    const ns = s.namespace ?? namespace;
    named.set(s.name.includes('.') ? s.name : ns ? `${ns}.${s.name}` : s.name, schema);
    named.set(s.name, schema);
  }
  if (s.logicalType === 'timestamp-millis' && s.type === 'long')
    return [{ name: prefix, type: { kind: 'timestamp-millis' } }];
  if (s.logicalType === 'decimal')
    return [
      {
        name: prefix,
        type: { kind: 'decimal', precision: Number(s.precision), scale: Number(s.scale ?? 0) },
      },
    ];
  if (s.type === 'record') {
    const ns = s.namespace ?? namespace;
    return ((s.fields as { name: string; type: Avro }[]) ?? []).flatMap((f) =>
      avroColumns(f.type, prefix ? `${prefix}.${f.name}` : f.name, named, ns),
    );
  }
  if (s.type === 'enum') return [{ name: prefix, type: { kind: 'string' } }];
  if (s.type === 'array' || s.type === 'map') return [{ name: prefix, type: { kind: 'json' } }];
  if (s.type === 'fixed') return [{ name: prefix, type: { kind: 'bytes' } }];
  return avroColumns(s.type, prefix, named, namespace);
}

/**
 * The columns of several event types' payloads as one: the union by name in
 * first-seen order; a name two types type differently becomes a string.
 */
export function unionColumns(lists: Column[][]): Column[] {
  const out = new Map<string, Column>();
  for (const c of lists.flat()) {
    const had = out.get(c.name);
    if (!had) out.set(c.name, c);
    else if (JSON.stringify(had.type) !== JSON.stringify(c.type))
      out.set(c.name, { name: c.name, type: { kind: 'string' } });
  }
  return [...out.values()];
}
