import type { mongo } from 'mongoose';

type Doc = Record<string, unknown> & { _id: string };

const matches = (d: Doc, filter: Record<string, unknown>) =>
  Object.entries(filter).every(([k, v]) =>
    v !== null && typeof v === 'object' && '$in' in v ? (v.$in as unknown[]).includes(d[k]) : d[k] === v,
  );

/**
 * The few collection calls the sales use cases make (AggregateStore's load
 * and save, finds by index field), in memory, so the use cases run without
 * Mongo. Documents are copied in and out as the driver would.
 */
export function memoryCollection<T>(
  /** Fields under a unique index, as the service's own indexes declare them. */
  unique: string[] = [],
): { collection: mongo.Collection<T & Doc>; docs: Map<string, Doc> } {
  const docs = new Map<string, Doc>();
  const copy = <X>(x: X): X => structuredClone(x);
  const duplicateKey = () => Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
  const taken = (d: Doc) =>
    unique.some((k) => [...docs.values()].some((x) => x._id !== d._id && k in d && x[k] === d[k]));
  const c = {
    findOne: async (filter: Record<string, unknown>) => {
      const d = [...docs.values()].find((x) => matches(x, filter));
      return d ? copy(d) : null;
    },
    find: (filter: Record<string, unknown>) => ({
      sort: () => ({
        limit: (n: number) => ({
          toArray: async () =>
            [...docs.values()]
              .filter((x) => matches(x, filter))
              .slice(0, n)
              .map(copy),
        }),
      }),
    }),
    insertOne: async (d: Doc) => {
      if (docs.has(d._id) || taken(d)) throw duplicateKey();
      docs.set(d._id, copy(d));
      return { acknowledged: true };
    },
    replaceOne: async (f: { _id: string }, d: Record<string, unknown>) => {
      docs.set(f._id, copy({ ...d, _id: f._id }));
      return { matchedCount: 1 };
    },
    updateOne: async (
      filter: Record<string, unknown>,
      u: { $set?: Record<string, unknown>; $push?: Record<string, { $each: unknown[] }> },
    ) => {
      const d = [...docs.values()].find((x) => matches(x, filter));
      if (!d) return { matchedCount: 0 };
      if (taken({ ...d, ...u.$set })) throw duplicateKey();
      Object.assign(d, copy(u.$set ?? {}));
      for (const [k, v] of Object.entries(u.$push ?? {}))
        d[k] = [...((d[k] as unknown[]) ?? []), ...copy(v.$each)];
      return { matchedCount: 1 };
    },
    deleteOne: async (f: { _id: string }) => ({ deletedCount: docs.delete(f._id) ? 1 : 0 }),
  };
  return { collection: c as unknown as mongo.Collection<T & Doc>, docs };
}
