import type { mongo } from 'mongoose';

/**
 * Creates the indexes a collection lacks, one at a time. FerretDB 1.24
 * panics on a multi-index createIndexes when some already exist (seen when a
 * second instance starts), so we never send one; MongoDB is happy either way.
 */
export async function ensureIndexes<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  specs: mongo.IndexDescription[],
): Promise<void> {
  const existing = new Set(
    await collection
      .listIndexes()
      .toArray()
      .then((ix) => ix.map((i) => String(i.name)))
      .catch((err: { codeName?: string }) => {
        if (err.codeName === 'NamespaceNotFound') return [];
        throw err;
      }),
  );
  for (const spec of specs) {
    if (spec.name && existing.has(spec.name)) continue;
    await collection.createIndexes([spec]);
  }
}
