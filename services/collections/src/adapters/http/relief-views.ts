import type { CaseState } from '../../domain/case';
import { consecutiveMinimumPayments } from '../../domain/relief';
import type { z } from 'zod';
import type { CaseReliefSchema } from './responses';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** A case's plans, hardship programmes and re-age decisions, as the API shows them. */
export function reliefView(s: CaseState): z.infer<typeof CaseReliefSchema> {
  return {
    caseId: s.caseId,
    accountId: s.accountId,
    currency: s.currency,
    collectableAmount: s.collectableAmount,
    plans: (s.plans ?? []).map((p) => ({
      planId: p.planId,
      status: p.status,
      frequency: p.frequency,
      totalAmount: p.totalAmount,
      instalments: p.instalments.map((i, index) => ({
        ...i,
        kept: p.verdicts.find((v) => v.index === index)?.kept ?? null,
      })),
      graceDays: p.graceDays,
      missesToBreak: p.missesToBreak,
      proposedBy: p.proposedBy,
      proposedAt: new Date(p.proposedAt).toISOString(),
      acceptedAt: iso(p.acceptedAt),
      resolvedAt: iso(p.resolvedAt),
    })),
    hardships: (s.hardships ?? []).map((h) => ({
      programmeId: h.programmeId,
      kind: h.programme.kind,
      rateBps: h.programme.kind === 'REDUCED_RATE' ? h.programme.rateBps : null,
      months: h.programme.kind === 'FEE_WAIVER' ? null : h.programme.months,
      amount: h.programme.kind === 'FEE_WAIVER' ? h.programme.amount : null,
      grantedBy: h.actor,
      grantedAt: new Date(h.grantedAt).toISOString(),
      endsAt: iso(h.endsAt),
      endedAt: iso(h.endedAt),
    })),
    reAges: (s.reAges ?? []).map((r) => ({
      requestId: r.requestId,
      granted: r.granted,
      limitId: r.limitId,
      reason: r.reason,
      reAgedOn: r.reAgedOn,
      requestedBy: r.actor,
      at: new Date(r.at).toISOString(),
    })),
    consecutiveMinimumPayments: consecutiveMinimumPayments(s),
  };
}
