import type { mongo } from 'mongoose';
import type { AggregateDoc } from '../../src';

type Doc = Record<string, unknown>;
type Filter = Record<string, unknown>;

/** MongoDB equality: null also matches a missing field; Dates by time. */
function equal(a: unknown, b: unknown): boolean {
  if (b === null) return a === null || a === undefined;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function matchesValue(actual: unknown, cond: unknown): boolean {
  if (cond !== null && typeof cond === 'object' && !(cond instanceof Date)) {
    return Object.entries(cond).every(([op, v]) => {
      switch (op) {
        case '$in':
          return (v as unknown[]).some((x) => equal(actual, x));
        case '$ne':
          return !equal(actual, v);
        case '$lt':
          return actual !== null && actual !== undefined && (actual as Date) < (v as Date);
        default:
          throw new Error(`memory collection: ${op} not supported`);
      }
    });
  }
  return equal(actual, cond);
}

function matches(d: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([k, v]) => {
    if (k === '$or') return (v as Filter[]).some((f) => matches(d, f));
    if (k === '$and') return (v as Filter[]).every((f) => matches(d, f));
    return matchesValue(d[k], v);
  });
}

function project(d: Doc, projection?: Record<string, 0 | 1>): Doc {
  const copy = structuredClone(d);
  if (!projection) return copy;
  return Object.fromEntries(Object.entries(copy).filter(([k]) => k === '_id' || projection[k] === 1));
}

type Update = { $set?: Doc; $push?: Record<string, { $each: unknown[] }> };

/**
 * The collection calls AggregateStore and OutboxRelay make, in memory and
 * with MongoDB's semantics for them (each document write atomic, documents
 * copied in and out). `calls` counts statements by name, so a test can hold
 * the relay to its number of round trips; `beforeWrite` runs before a write
 * statement, to interleave another writer.
 */
export function memoryAggregates<S>() {
  const docs = new Map<string, Doc>();
  const calls: Record<string, number> = {};
  const hooks: { beforeWrite?: (name: string, filter: Filter) => Promise<void> | void } = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  const apply = (d: Doc, u: Update) => {
    Object.assign(d, structuredClone(u.$set ?? {}));
    for (const [k, v] of Object.entries(u.$push ?? {}))
      d[k] = [...((d[k] as unknown[]) ?? []), ...structuredClone(v.$each)];
  };
  const select = (filter: Filter) => [...docs.values()].filter((d) => matches(d, filter));
  const c = {
    createIndexes: async () => [],
    indexes: async () => [],
    createIndex: async () => 'ok',
    findOne: async (filter: Filter, o?: { projection?: Record<string, 0 | 1> }) => {
      count('findOne');
      const d = select(filter)[0];
      return d ? project(d, o?.projection) : null;
    },
    find: (filter: Filter, o?: { projection?: Record<string, 0 | 1> }) => {
      count('find');
      let limit = Infinity;
      const cursor = {
        limit: (n: number) => {
          limit = n;
          return cursor;
        },
        toArray: async () =>
          select(filter)
            .slice(0, limit)
            .map((d) => project(d, o?.projection)),
      };
      return cursor;
    },
    countDocuments: async (filter: Filter) => select(filter).length,
    insertOne: async (d: Doc) => {
      count('insertOne');
      await hooks.beforeWrite?.('insertOne', d);
      if (docs.has(d._id as string)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      docs.set(d._id as string, structuredClone(d));
      return { acknowledged: true };
    },
    updateOne: async (filter: Filter, u: Update) => {
      count('updateOne');
      await hooks.beforeWrite?.('updateOne', filter);
      const d = select(filter)[0];
      if (d) apply(d, u);
      return { matchedCount: d ? 1 : 0, modifiedCount: d ? 1 : 0 };
    },
    updateMany: async (filter: Filter, u: Update) => {
      count('updateMany');
      await hooks.beforeWrite?.('updateMany', filter);
      const hit = select(filter);
      for (const d of hit) apply(d, u);
      return { matchedCount: hit.length, modifiedCount: hit.length };
    },
  };
  return {
    collection: c as unknown as mongo.Collection<AggregateDoc<S>>,
    docs: docs as Map<string, AggregateDoc<S>>,
    calls,
    hooks,
  };
}
