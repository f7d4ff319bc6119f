import type { DisputeState } from '../../domain/dispute';

function iso(ms: number): string;
function iso(ms: number | null | undefined): string | null;
function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function disputeView(s: DisputeState) {
  return {
    disputeId: s.disputeId,
    caseId: s.caseId,
    accountId: s.accountId,
    customerId: s.customerId,
    cardId: s.cardId,
    kind: s.kind,
    reason: s.reason,
    status: s.status,
    transactionId: s.transactionId,
    transactionAmount: s.transactionAmount,
    disputedAmount: s.disputedAmount,
    currency: s.currency,
    statementId: s.statementId,
    protection: s.protection,
    protectionDetail: s.protectionDetail,
    customerLiability: s.customerLiability ?? null,
    source: s.source,
    noticeAt: iso(s.noticeAt),
    clocks: Object.fromEntries(
      Object.entries(s.clocks).map(([k, c]) => [
        k,
        { dueAt: iso(c.dueAt), met: c.met, warned: c.warned, breached: c.breached },
      ]),
    ),
    acknowledgedAt: iso(s.acknowledgedAt),
    provisionalCredit: s.provisionalCredit && {
      ...s.provisionalCredit,
      issuedAt: iso(s.provisionalCredit.issuedAt),
    },
    goodwill: s.goodwill,
    chargeback: s.chargeback && {
      ...s.chargeback,
      network: s.network,
      respondBy: iso(s.chargeback.respondBy),
    },
    resolution: s.resolution && { ...s.resolution, at: iso(s.resolution.at) },
    pendingCredit: s.pendingCredit ? { ...s.pendingCredit, at: iso(s.pendingCredit.at) } : null,
    history: s.history.map((h) => ({ ...h, at: iso(h.at) })),
  };
}
