/**
 * How much is under dispute: held out of collection, finance charge and past
 * due (holds.ts). A credit posted on a disputed transaction (a provisional
 * credit, a refund) already takes that much off the balance, so that much is
 * no longer held; a debit on it (the credit reversed) holds it again
 * (docs/domain.md#ledger).
 */
import type { AccountState, DisputeCredit, DisputeHold, StatementSummary } from './account';

export type Held = { total: number; fees: number };

/** How many recent credits on transactions an account remembers. */
export const DISPUTE_CREDITS_KEPT = 200;

/** What is under open disputes, credited or not. */
export function disputedAmount(s: AccountState): number {
  return heldIn(s.disputeHolds ?? []).total;
}

/** What is held out of collection right now. */
export function heldAmount(s: AccountState): Held {
  return heldIn(uncredited(s.disputeHolds ?? [], s.disputeCredits));
}

export function heldIn(holds: readonly DisputeHold[]): Held {
  return {
    total: holds.reduce((n, h) => n + h.amount, 0),
    fees: holds.filter((h) => h.isFee).reduce((n, h) => n + h.amount, 0),
  };
}

/** Each hold less what is credited on its transaction, whichever came first. */
export function uncredited(holds: readonly DisputeHold[], credits: readonly DisputeCredit[]): DisputeHold[] {
  const left = new Map<string, number>();
  for (const c of credits) left.set(c.transactionId, (left.get(c.transactionId) ?? 0) + c.amount);
  return holds.map((h) => {
    const credited = Math.min(h.amount, Math.max(0, left.get(h.transactionId) ?? 0));
    left.set(h.transactionId, (left.get(h.transactionId) ?? 0) - credited);
    return credited > 0 ? { ...h, amount: h.amount - credited } : h;
  });
}

/**
 * Whether a statement's balance has been paid in full, the disputes it leaves
 * out set aside: by the credits since its close, except those on a disputed
 * transaction it leaves out (that amount is set aside already).
 */
export function paidInFull(s: AccountState, st: StatementSummary): boolean {
  const leftOut = new Set(st.disputesLeftOut.map((h) => h.transactionId));
  const onLeftOut = s.disputeCredits
    .filter((c) => c.on > st.closedOn && c.amount > 0 && leftOut.has(c.transactionId))
    .reduce((n, c) => n + c.amount, 0);
  return st.closingBalance - heldIn(st.disputesLeftOut).total - (st.creditsSinceClose - onLeftOut) <= 0;
}
