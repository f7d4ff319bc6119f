/** A field-level difference between two Avro record schemas (the registry's and a file's). */
export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'type changed' | 'default changed';
  before?: unknown;
  after?: unknown;
}

type AvroField = { name: string; type: unknown; default?: unknown };
type AvroRecord = { fields?: AvroField[] };

/** What `after` changed against `before`, field by field (nested records compared as whole types). */
export function diffSchemas(before: AvroRecord, after: AvroRecord): FieldChange[] {
  const a = new Map((before.fields ?? []).map((f) => [f.name, f]));
  const b = new Map((after.fields ?? []).map((f) => [f.name, f]));
  const out: FieldChange[] = [];
  for (const [name, f] of b) {
    const old = a.get(name);
    if (!old) out.push({ field: name, change: 'added', after: f.type });
    else if (JSON.stringify(old.type) !== JSON.stringify(f.type))
      out.push({ field: name, change: 'type changed', before: old.type, after: f.type });
    else if (JSON.stringify(old.default) !== JSON.stringify(f.default))
      out.push({ field: name, change: 'default changed', before: old.default, after: f.default });
  }
  for (const [name, f] of a) if (!b.has(name)) out.push({ field: name, change: 'removed', before: f.type });
  return out;
}
