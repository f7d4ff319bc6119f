/** How promise events change the case (evolve's share for promises.ts; docs/domain.md#collections, "Promises to pay"). */
import type { CaseEvent, CaseState, PromiseStatus, PromiseToPay } from './case';

/** The promise events, and the internal one that marks an instalment met. */
export type PromiseEvent = Extract<
  CaseEvent,
  {
    type:
      | 'collections.case.promise-made.v1'
      | 'collections.case.promise-kept.v1'
      | 'collections.case.promise-broken.v1'
      | 'internal.instalment-met';
  }
>;

const resolve = (s: CaseState, promiseId: string, status: PromiseStatus, at: number): PromiseToPay[] =>
  s.promises.map((p) => (p.promiseId === promiseId ? { ...p, status, resolvedAt: at } : p));

export function evolvePromise(s: CaseState, e: PromiseEvent): CaseState {
  switch (e.type) {
    case 'collections.case.promise-made.v1': {
      const p = e.payload;
      return {
        ...s,
        strategyResumesAt: null,
        promises: [
          ...s.promises,
          {
            promiseId: p.promiseId,
            instalments: p.instalments,
            totalAmount: p.totalAmount,
            graceDays: p.graceDays,
            actor: p.actor,
            madeAt: p.madeAt,
            status: 'ACTIVE',
            instalmentsMet: 0,
            resolvedAt: null,
          },
        ],
      };
    }
    case 'internal.instalment-met':
      return {
        ...s,
        promises: s.promises.map((p) =>
          p.promiseId === e.payload.promiseId ? { ...p, instalmentsMet: e.payload.index + 1 } : p,
        ),
      };
    case 'collections.case.promise-kept.v1':
      return { ...s, promises: resolve(s, e.payload.promiseId, 'KEPT', e.payload.keptAt) };
    case 'collections.case.promise-broken.v1':
      return {
        ...s,
        strategyResumesAt: e.payload.strategyResumesAt,
        promises: resolve(s, e.payload.promiseId, 'BROKEN', e.payload.brokenAt),
      };
  }
}
