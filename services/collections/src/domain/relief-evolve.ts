/** How plan, hardship and re-age events change the case (evolve's share for plans.ts and relief.ts). */
import type { CaseState, ReliefEvent } from './case';

const setPlan = (
  s: CaseState,
  planId: string,
  f: (p: NonNullable<CaseState['plans']>[number]) => object,
) => ({
  ...s,
  plans: (s.plans ?? []).map((p) => (p.planId === planId ? { ...p, ...f(p) } : p)),
});

export function evolveRelief(s: CaseState, e: ReliefEvent): CaseState {
  switch (e.type) {
    case 'collections.case.plan-proposed.v1': {
      const p = e.payload;
      const plan = {
        planId: p.planId,
        instalments: p.instalments,
        frequency: p.frequency,
        totalAmount: p.totalAmount,
        graceDays: p.graceDays,
        missesToBreak: p.missesToBreak,
        status: 'PROPOSED' as const,
        proposedBy: p.actor,
        proposedAt: p.proposedAt,
        acceptedAt: null,
        verdicts: [],
        resolvedAt: null,
      };
      // A proposal the customer never accepted gives way to the next one.
      const kept = (s.plans ?? []).map((x) =>
        x.status === 'PROPOSED' ? { ...x, status: 'SUPERSEDED' as const, resolvedAt: p.proposedAt } : x,
      );
      return { ...s, plans: [...kept, plan] };
    }
    case 'collections.case.plan-accepted.v1':
      return setPlan(s, e.payload.planId, () => ({ status: 'ACTIVE', acceptedAt: e.payload.acceptedAt }));
    case 'collections.case.plan-instalment-kept.v1':
    case 'collections.case.plan-instalment-missed.v1': {
      const kept = e.type === 'collections.case.plan-instalment-kept.v1';
      return setPlan(s, e.payload.planId, (p) => ({
        verdicts: [...p.verdicts, { index: e.payload.index, kept }],
      }));
    }
    case 'collections.case.plan-broken.v1':
      return {
        ...setPlan(s, e.payload.planId, () => ({ status: 'BROKEN', resolvedAt: e.payload.brokenAt })),
        strategyResumesAt: e.payload.strategyResumesAt,
      };
    case 'collections.case.plan-completed.v1':
      return setPlan(s, e.payload.planId, () => ({ status: 'COMPLETED', resolvedAt: e.payload.completedAt }));
    case 'collections.case.hardship-granted.v1': {
      const p = e.payload;
      const programme =
        p.kind === 'REDUCED_RATE'
          ? { kind: p.kind, rateBps: p.rateBps ?? 0, months: p.months ?? 0 }
          : p.kind === 'FEE_WAIVER'
            ? { kind: p.kind, amount: p.amount ?? 0 }
            : { kind: 'PAYMENT_PAUSE' as const, months: p.months ?? 0 };
      return {
        ...s,
        hardships: [
          ...(s.hardships ?? []),
          {
            programmeId: p.programmeId,
            programme,
            actor: p.actor,
            grantedAt: p.grantedAt,
            endsAt: p.endsAt,
            endedAt: null,
          },
        ],
      };
    }
    case 'collections.case.hardship-ended.v1':
      return {
        ...s,
        hardships: (s.hardships ?? []).map((h) =>
          h.programmeId === e.payload.programmeId ? { ...h, endedAt: e.payload.endedAt } : h,
        ),
      };
    case 'collections.case.re-age-granted.v1':
    case 'collections.case.re-age-refused.v1': {
      const granted = e.type === 'collections.case.re-age-granted.v1';
      const p = e.payload;
      return {
        ...s,
        reAges: [
          ...(s.reAges ?? []),
          {
            requestId: p.requestId,
            granted,
            limitId: 'limitId' in p ? p.limitId : null,
            reason: 'reason' in p ? p.reason : null,
            reAgedOn: 'reAgedOn' in p ? p.reAgedOn : null,
            actor: p.actor,
            at: 'grantedAt' in p ? p.grantedAt : p.refusedAt,
          },
        ],
      };
    }
    // Commands to the ledger: its answer comes back as the ledger's own events.
    case 'ledger.adjustment.arrangement-requested.v1':
    case 'ledger.adjustment.requested.v1':
      return s;
  }
}
