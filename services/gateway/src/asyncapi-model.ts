/**
 * The parts of the AsyncAPI 3 document (packages/schemas/asyncapi.yaml,
 * generated from the Avro contracts) that the contracts page shows, read
 * into plain lists: channels with their messages, who publishes and who
 * consumes each, and each message's Avro fields.
 */
type Ref = { $ref: string };
type Avro = string | Avro[] | { type: Avro; [k: string]: unknown };

export interface AsyncApiDoc {
  info: { title: string; version: string; description?: string };
  channels: Record<
    string,
    {
      address: string;
      description?: string;
      messages: Record<string, Ref>;
      bindings?: { kafka?: { partitions?: number } };
    }
  >;
  operations: Record<
    string,
    { action: 'send' | 'receive'; channel: Ref; title: string; description?: string }
  >;
  components: {
    messages: Record<
      string,
      {
        name: string;
        title?: string;
        summary?: string;
        payload: Ref;
        headers?: { allOf?: { properties?: { ce_source?: { enum?: string[] } } }[] };
        bindings?: { kafka?: { key?: { description?: string } } };
        'x-cardline-subject'?: string;
      }
    >;
    schemas: Record<
      string,
      { schema?: { name?: string; doc?: string; fields?: { name: string; type: Avro; doc?: string }[] } }
    >;
  };
}

export interface Field {
  /** Dotted for a field of a nested record (`amount.minor`). */
  name: string;
  type: string;
  doc: string;
}

export interface MessageView {
  id: string;
  type: string;
  summary: string;
  owners: string[];
  key: string;
  subject: string;
  fields: Field[];
  example: Record<string, unknown>;
}

export interface ChannelView {
  name: string;
  dlq: boolean;
  description: string;
  partitions: number | null;
  publishers: string[];
  consumers: string[];
  messages: MessageView[];
}

const last = (ref: string) => ref.split('/').at(-1) as string;

/** A field's Avro type as a reader says it: `long (timestamp-millis)`, `string | null`, `enum: A | B`. */
export function typeText(t: Avro): string {
  if (typeof t === 'string') return t.split('.').at(-1) as string;
  if (Array.isArray(t)) return t.map(typeText).join(' | ');
  const s = t as {
    type: Avro;
    logicalType?: string;
    name?: string;
    symbols?: string[];
    items?: Avro;
    values?: Avro;
  };
  if (s.logicalType) return `${typeText(s.type)} (${s.logicalType})`;
  if (s.type === 'enum') return `enum: ${(s.symbols ?? []).join(' | ')}`;
  if (s.type === 'array') return `array of ${typeText(s.items as Avro)}`;
  if (s.type === 'map') return `map of ${typeText(s.values as Avro)}`;
  if (s.type === 'record') return `record ${s.name ?? ''}`.trim();
  return typeText(s.type);
}

/** Fields of a record with its nested records' fields after it, dotted. */
export function fieldsOf(fields: { name: string; type: Avro; doc?: string }[], prefix = ''): Field[] {
  return fields.flatMap((f) => {
    const name = `${prefix}${f.name}`;
    const nested = recordIn(f.type);
    return [
      { name, type: typeText(f.type), doc: f.doc ?? '' },
      ...(nested ? fieldsOf(nested, `${name}.`) : []),
    ];
  });
}

function recordIn(t: Avro): { name: string; type: Avro; doc?: string }[] | null {
  if (Array.isArray(t)) return t.map(recordIn).find((r) => r) ?? null;
  if (typeof t === 'object' && t.type === 'record')
    return (t.fields as { name: string; type: Avro }[]) ?? null;
  return null;
}

/** A JSON example of a payload (the Avro JSON shape of a value), built from the schema alone. */
export function exampleOf(t: Avro, name = 'value'): unknown {
  if (typeof t === 'string') {
    const m: Record<string, unknown> = {
      string: `${name}-1`,
      int: 1,
      long: 1,
      float: 1.5,
      double: 1.5,
      boolean: true,
      bytes: '',
      null: null,
    };
    return t in m ? m[t] : `<${t.split('.').at(-1)}>`;
  }
  if (Array.isArray(t)) return exampleOf(t.find((b) => b !== 'null') ?? 'null', name);
  const s = t as {
    type: Avro;
    logicalType?: string;
    symbols?: string[];
    items?: Avro;
    values?: Avro;
    fields?: { name: string; type: Avro }[];
  };
  if (s.logicalType === 'timestamp-millis') return Date.UTC(2026, 0, 15, 9, 30);
  if (s.type === 'enum') return s.symbols?.[0] ?? '';
  if (s.type === 'array') return [exampleOf(s.items as Avro, name)];
  if (s.type === 'map') return { key: exampleOf(s.values as Avro, name) };
  if (s.type === 'record')
    return Object.fromEntries((s.fields ?? []).map((f) => [f.name, exampleOf(f.type, f.name)]));
  return exampleOf(s.type, name);
}

/** Who publishes to and who consumes a channel, from the operations (`<service> publishes to …`, `<service> (group g) consumes …`). */
function parties(doc: AsyncApiDoc, channel: string): { publishers: string[]; consumers: string[] } {
  const ops = Object.values(doc.operations).filter((o) => last(o.channel.$ref) === channel);
  return {
    publishers: ops.filter((o) => o.action === 'send').map((o) => o.title),
    consumers: ops.filter((o) => o.action === 'receive').map((o) => o.title),
  };
}

export function channelsOf(doc: AsyncApiDoc): ChannelView[] {
  return Object.entries(doc.channels).map(([name, c]) => ({
    name,
    dlq: name.includes('.dlq.'),
    description: c.description ?? '',
    partitions: c.bindings?.kafka?.partitions ?? null,
    ...parties(doc, name),
    messages: Object.values(c.messages).map((ref) => {
      const id = last(ref.$ref);
      const m = doc.components.messages[id];
      if (!m)
        throw new Error(`asyncapi: channel ${name} names message ${id}, which components does not hold`);
      const schema = doc.components.schemas[last(m.payload.$ref)]?.schema;
      return {
        id,
        type: m.name,
        summary: m.summary ?? schema?.doc ?? '',
        owners: (m.headers?.allOf ?? []).flatMap((h) => h.properties?.ce_source?.enum ?? []),
        key: m.bindings?.kafka?.key?.description ?? '',
        subject: m['x-cardline-subject'] ?? '',
        fields: fieldsOf(schema?.fields ?? []),
        example: schema ? (exampleOf(schema as Avro) as Record<string, unknown>) : {},
      };
    }),
  }));
}
