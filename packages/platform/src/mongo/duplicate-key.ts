/** MongoDB's (and FerretDB's) duplicate-key error: an insert or upsert met an existing unique key. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
