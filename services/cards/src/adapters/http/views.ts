import type { CardState } from '../../domain/card';
import { summariseAddress } from '../../domain/card';
import type { CardTransactionDoc } from '../mongo/card-transactions';
import type { TraceTransaction } from '../../domain/card';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** What an agent sees of a card: never the number, only BIN and last four in print format. */
export function cardView(s: CardState) {
  return {
    cardId: s.cardId,
    accountId: s.accountId,
    customerId: s.customerId,
    productCode: s.productCode,
    maskedNumber: `${s.bin.slice(0, 4)} ${s.bin.slice(4, 6)}** **** ${s.last4}`,
    last4: s.last4,
    network: s.network,
    expiry: `${String(s.expiryMonth).padStart(2, '0')}/${String(s.expiryYear).slice(-2)}`,
    status: s.status,
    statusChangedAt: iso(s.statusChangedAt),
    issueReason: s.issueReason,
    freeze: s.freeze && { reason: s.freeze.reason, by: s.freeze.actor, at: iso(s.freeze.at) },
    block: s.block && {
      kind: s.block.kind,
      lastLegitimateUseAt: iso(s.block.lastLegitimateUseAt),
      lastUsedWhere: s.block.lastUsedWhere,
      reportedAt: iso(s.block.reportedAt),
      by: s.block.actor,
    },
    replacesCardId: s.replacesCardId,
    replacedByCardId: s.replacedByCardId,
    plastic: {
      orderId: s.plastic.orderId,
      speed: s.plastic.speed,
      status: s.plastic.status,
      deliverTo: summariseAddress(s.plastic.address) ?? 'address on file',
      carrier: s.plastic.carrier,
      trackingRef: s.plastic.trackingRef,
      orderedAt: iso(s.plastic.orderedAt),
      shippedAt: iso(s.plastic.shippedAt),
      deliveredAt: iso(s.plastic.deliveredAt),
      activatedAt: iso(s.plastic.activatedAt),
    },
    closeReason: s.closeReason,
    issuedAt: iso(s.issuedAt),
  };
}

export function traceView(s: CardState, txs: TraceTransaction[], declined: CardTransactionDoc[]) {
  return {
    cardId: s.cardId,
    status: s.status,
    lastLegitimateUseAt: iso(s.block?.lastLegitimateUseAt ?? null),
    lastUsedWhere: s.block?.lastUsedWhere ?? null,
    transactions: txs.map((t) => ({
      ...t,
      transactedAt: iso(t.transactedAt),
      postedAt: iso(t.postedAt),
      alreadyReported: s.reportedTransactionIds.includes(t.transactionId),
    })),
    declinedAttempts: declined.map((d) => ({
      transactionId: d._id,
      amount: d.amount,
      currency: d.currency,
      merchant: d.merchant,
      reason: d.declineReason,
      at: d.at.toISOString(),
    })),
  };
}
