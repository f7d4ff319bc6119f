/** Some of a value's fields, at any depth; arrays keep their length. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The part of `actual` that `expected` names: an object keeps only the keys
 * `expected` has (recursively), an array keeps every element. Comparing the
 * result with `expected` by deep equality is a partial match whose diff shows
 * only the fields that matter, plus any element too many or missing.
 */
export function projectOnto(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual) && Array.isArray(expected))
    return actual.map((a, i) => (i < expected.length ? projectOnto(a, expected[i]) : a));
  if (isRecord(actual) && isRecord(expected)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(expected)) if (k in actual) out[k] = projectOnto(actual[k], expected[k]);
    return out;
  }
  return actual;
}
