import type { EventContext } from '../events/envelope';
import { ConcurrencyError, type AggregateStore } from './aggregate-store';

/** What a service tells the loop about its aggregate. */
export interface DecideAndSave<S, E extends { type: string; payload: unknown }> {
  store: AggregateStore<S>;
  id: string;
  ctx: EventContext;
  /** Decides against the freshly loaded state (null: the aggregate does not exist yet). */
  decide: (state: S | null) => E[] | Promise<E[]>;
  fold: (events: E[], state: S | null) => S | null;
  /** Internal events stay in state and are not published. */
  isPublished?: (e: E) => boolean;
  /** Top-level fields queried outside the aggregate. */
  index?: (s: S) => Record<string, unknown>;
  /** The error for "someone created it first" (a conflict on a create is not retried). */
  alreadyExists: () => Error;
  maxAttempts?: number;
}

/**
 * Load, decide, save with outbox; on a write conflict (another writer got
 * there first) reload and decide again, so concurrent commands never lose an
 * update and each is judged against the state it actually applies to.
 */
export async function decideAndSave<S, E extends { type: string; payload: unknown }>(
  o: DecideAndSave<S, E>,
): Promise<{ state: S | null; events: E[] }> {
  const maxAttempts = o.maxAttempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    const loaded = await o.store.load(o.id);
    const current = loaded?.state ?? null;
    const events = await o.decide(current);
    if (events.length === 0) return { state: current, events };
    const state = o.fold(events, current) as S;
    try {
      await o.store.save(
        o.id,
        loaded?.version ?? 0,
        state,
        o.isPublished ? events.filter(o.isPublished) : events,
        o.ctx,
        o.index?.(state) ?? {},
      );
      return { state, events };
    } catch (err) {
      if (err instanceof ConcurrencyError && attempt < maxAttempts) {
        if (!loaded) throw o.alreadyExists();
        continue;
      }
      throw err;
    }
  }
}
