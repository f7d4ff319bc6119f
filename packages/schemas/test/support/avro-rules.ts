/**
 * Schema rules from docs/architecture.md#schema-rules, as functions returning the
 * problems they find, so each test can show a rule both passes on our
 * schemas and catches a broken one.
 */
import avro from 'avsc';

type Node = unknown;
interface Named {
  type: 'record' | 'enum' | 'fixed';
  name: string;
  namespace?: string;
  [key: string]: unknown;
}
interface Field {
  name: string;
  type: Node;
  default?: unknown;
}

const isObject = (n: Node): n is Record<string, unknown> =>
  typeof n === 'object' && n !== null && !Array.isArray(n);
const qualify = (name: string, ns: string | undefined) =>
  name.includes('.') || !ns ? name : `${ns}.${name}`;

/** Every record and enum defined in a schema, by full name. */
export function namedTypes(schema: Node): Map<string, Named> {
  const out = new Map<string, Named>();
  const walk = (n: Node, ns: string | undefined): void => {
    if (Array.isArray(n)) return n.forEach((b) => walk(b, ns));
    if (!isObject(n)) return;
    const t = n.type;
    if (t === 'record' || t === 'enum' || t === 'fixed') {
      const full = qualify(n.name as string, (n.namespace as string | undefined) ?? ns);
      out.set(full, n as Named);
      const inner = full.slice(0, Math.max(0, full.lastIndexOf('.'))) || undefined;
      if (t === 'record') for (const f of n.fields as Field[]) walk(f.type, inner);
    } else if (t === 'array') walk(n.items, ns);
    else if (t === 'map') walk(n.values, ns);
    else if (isObject(t) || Array.isArray(t)) walk(t, ns);
  };
  walk(schema, undefined);
  return out;
}

/** Every field of every record in a schema, as `Record.field` paths with the field. */
export function fields(schema: Node): { path: string; field: Field }[] {
  return [...namedTypes(schema)]
    .filter(([, n]) => n.type === 'record')
    .flatMap(([full, n]) => (n.fields as Field[]).map((field) => ({ path: `${full}.${field.name}`, field })));
}

/** Every enum has a default symbol, so readers survive symbols added later. */
export function enumsWithoutDefault(schema: Node): string[] {
  return [...namedTypes(schema)]
    .filter(([, n]) => n.type === 'enum' && !(n.symbols as string[]).includes(n.default as string))
    .map(([full]) => `${full}: enum without a default symbol`);
}

/** Fields present now but not in the released schema must carry a default. */
export function addedFieldsWithoutDefault(current: Node, released: Node): string[] {
  const before = namedTypes(released);
  const problems: string[] = [];
  for (const [full, rec] of namedTypes(current)) {
    const old = before.get(full);
    if (rec.type !== 'record' || old?.type !== 'record') continue;
    const known = new Set((old.fields as Field[]).map((f) => f.name));
    for (const f of rec.fields as (Field & { aliases?: string[] })[]) {
      const wasThere = known.has(f.name) || (f.aliases ?? []).some((a) => known.has(a));
      if (!wasThere && f.default === undefined) problems.push(`${full}.${f.name}: added without a default`);
    }
  }
  return problems;
}

/**
 * Names that suggest card data or national ids (tokens and last four digits
 * only). Matched on whole camelCase/snake_case words so `company` or `span`
 * do not trip it; `pin` only as the last word (pinChangedAt is fine).
 */
const SENSITIVE_WORDS = new Set(['pan', 'cvv', 'cvv2', 'cvc', 'cvc2', 'ssn']);
const SENSITIVE_JOINED =
  /cardnumber|cardno|primaryaccountnumber|nationalid|socialsecurity|taxid|passportnumber/;
export function isSensitiveName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return (
    words.some((w) => SENSITIVE_WORDS.has(w)) ||
    SENSITIVE_JOINED.test(words.join('')) ||
    words.at(-1) === 'pin' ||
    /^pin(block|code|number)$/.test(words.slice(-2).join(''))
  );
}

export function sensitiveFields(schema: Node): string[] {
  return fields(schema)
    .filter(({ field }) => isSensitiveName(field.name))
    .map(({ path }) => `${path}: looks like card or identity data`);
}

const branchesOf = (t: Node): Node[] => (Array.isArray(t) ? t.filter((b) => b !== 'null') : [t]);
const primitiveOf = (t: Node): Node => (isObject(t) && typeof t.type === 'string' ? t.type : t);

/** Money is a long in minor units, never a float: no float/double on money-like names. */
const MONEY = /amount|balance|limit|fee|price|payment|interest|due|total|credit|debit/i;
export function floatMoney(schema: Node): string[] {
  return fields(schema)
    .filter(({ field }) => MONEY.test(field.name))
    .filter(({ field }) =>
      branchesOf(field.type).some((b) => ['float', 'double'].includes(primitiveOf(b) as string)),
    )
    .map(({ path }) => `${path}: money must be a long in minor units`);
}

/** Fields named like instants (`postedAt`) are timestamp-millis longs. */
export function untypedTimestamps(schema: Node): string[] {
  return fields(schema)
    .filter(({ field }) => /[a-z]At$/.test(field.name))
    .filter(
      ({ field }) =>
        !branchesOf(field.type).every(
          (b) => isObject(b) && b.type === 'long' && b.logicalType === 'timestamp-millis',
        ),
    )
    .map(({ path }) => `${path}: timestamps are {type: long, logicalType: timestamp-millis}`);
}

/**
 * BACKWARD check: can a reader with `current` read data written with
 * `writer`? avsc's createResolver throws exactly when it cannot.
 */
export function backwardProblem(current: Node, writer: Node): string | undefined {
  try {
    avro.Type.forSchema(current as avro.Schema).createResolver(avro.Type.forSchema(writer as avro.Schema));
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
