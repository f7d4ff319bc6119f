import type { mongo } from 'mongoose';

type Doc = Record<string, unknown> & { _id: string };

type Filter = Record<string, unknown>;
type Update = {
  $set?: Record<string, unknown>;
  $push?: Record<string, { $each: unknown[] }>;
  $addToSet?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
};

/** One field's condition: a value, or one of the operators the sales adapters use. */
const holds = (value: unknown, cond: unknown): boolean => {
  if (cond === null || typeof cond !== 'object') return value === cond;
  if ('$in' in cond) return (cond.$in as unknown[]).includes(value);
  if ('$exists' in cond) return (value !== undefined) === cond.$exists;
  if ('$lte' in cond) return typeof value === 'number' && value <= (cond.$lte as number);
  return value === cond;
};

const matches = (d: Doc, filter: Filter): boolean =>
  Object.entries(filter).every(([k, v]) =>
    k === '$or' ? (v as Filter[]).some((f) => matches(d, f)) : holds(d[k], v),
  );

/**
 * The few collection calls the sales use cases make (AggregateStore's load
 * and save, finds by index field, the read models' upserts), in memory, so
 * the use cases run without Mongo. Documents are copied in and out as the
 * driver would.
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
    findOne: async (filter: Filter) => {
      const d = [...docs.values()].find((x) => matches(x, filter));
      return d ? copy(d) : null;
    },
    find: (filter: Filter) => ({
      toArray: async () => [...docs.values()].filter((x) => matches(x, filter)).map(copy),
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
    updateOne: async (filter: Filter, u: Update, options: { upsert?: boolean } = {}) => {
      let d = [...docs.values()].find((x) => matches(x, filter));
      if (!d) {
        if (!options.upsert) return { matchedCount: 0 };
        // As Mongo does: the new document takes the filter's _id, which the
        // document the rest of the filter excluded may hold already.
        const id = filter._id as string;
        if (docs.has(id)) throw duplicateKey();
        d = { _id: id };
      }
      if (taken({ ...d, ...u.$set })) throw duplicateKey();
      docs.set(d._id, d);
      Object.assign(d, copy(u.$set ?? {}));
      for (const [k, v] of Object.entries(u.$push ?? {}))
        d[k] = [...((d[k] as unknown[]) ?? []), ...copy(v.$each)];
      for (const [k, v] of Object.entries(u.$addToSet ?? {})) {
        const list = (d[k] as unknown[]) ?? [];
        d[k] = list.includes(v) ? list : [...list, v];
      }
      for (const [k, v] of Object.entries(u.$pull ?? {}))
        if (Array.isArray(d[k])) d[k] = (d[k] as unknown[]).filter((x) => x !== v);
      return { matchedCount: 1 };
    },
    deleteOne: async (f: { _id: string }) => ({ deletedCount: docs.delete(f._id) ? 1 : 0 }),
  };
  return { collection: c as unknown as mongo.Collection<T & Doc>, docs };
}
