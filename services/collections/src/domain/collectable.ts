/**
 * The collectable amount (docs/domain.md#collections): what the ledger last
 * reported past due (in recovery, the balance kept for recovery), less what
 * was paid since, less what the account's open disputes hold; never below
 * 0. Disputes come from disputes' own events, so a dispute opened mid-case
 * lowers it at once, before the ledger's next report.
 */
import type { CaseCommandOf, CaseEvent, CasePayment, CaseState, HeldDispute } from './case';

/** Payments a case remembers: enough for any promise (at most a few months of them). */
export const PAYMENTS_KEPT = 100;

export const amountInDispute = (disputes: readonly HeldDispute[]): number =>
  disputes.reduce((sum, d) => sum + d.amount, 0);

/** What is owed now by the ledger's last figure: payments posted after it lower it (returns raise it again). */
export function amountOwedNow(s: Pick<CaseState, 'ledgerAmount' | 'ledgerAsOf' | 'payments'>): number {
  const paidSince = s.payments.filter((p) => p.postedAt > s.ledgerAsOf).reduce((sum, p) => sum + p.amount, 0);
  return Math.max(0, s.ledgerAmount - paidSince);
}

export function collectableOf(
  s: Pick<CaseState, 'ledgerAmount' | 'ledgerAsOf' | 'payments' | 'openDisputes'>,
): number {
  return Math.max(0, amountOwedNow(s) - amountInDispute(s.openDisputes));
}

export function paymentsKept(payments: CasePayment[]): CasePayment[] {
  return payments.slice(-PAYMENTS_KEPT);
}

const sameDisputes = (a: readonly HeldDispute[], b: readonly HeldDispute[]): boolean => {
  const key = (ds: readonly HeldDispute[]) =>
    [...ds]
      .sort((x, y) => x.disputeId.localeCompare(y.disputeId))
      .map((d) => `${d.disputeId}:${d.amount}`)
      .join(',');
  return key(a) === key(b);
};

/** The account's open disputes, as collections' view has them now: a change moves the collectable amount. */
export function syncDisputes(cmd: CaseCommandOf<'SyncDisputes'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED' || sameDisputes(s.openDisputes, cmd.openDisputes)) return [];
  const added = cmd.openDisputes.some((d) => !s.openDisputes.some((o) => o.disputeId === d.disputeId));
  return [
    {
      type: 'collections.case.collectable-changed.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        reason: added ? 'DISPUTE_OPENED' : 'DISPUTE_RESOLVED',
        openDisputes: cmd.openDisputes,
        amountInDispute: amountInDispute(cmd.openDisputes),
        collectableAmount: collectableOf({ ...s, openDisputes: cmd.openDisputes }),
        previousCollectableAmount: s.collectableAmount,
        currency: s.currency,
        changedAt: cmd.now,
      },
    },
  ];
}

/** A payment (or a returned payment) on the account: recorded once; it lowers (raises) the collectable amount. */
export function recordPayment(cmd: CaseCommandOf<'RecordPayment'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED' || s.payments.some((p) => p.transactionId === cmd.transactionId)) return [];
  const payment = { transactionId: cmd.transactionId, amount: cmd.amount, postedAt: cmd.postedAt };
  const recorded: CaseEvent = { type: 'internal.payment-recorded', payload: payment };
  const after = collectableOf({ ...s, payments: paymentsKept([...s.payments, payment]) });
  if (after === s.collectableAmount) return [recorded];
  return [
    recorded,
    {
      type: 'collections.case.collectable-changed.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        reason: 'PAYMENT',
        openDisputes: s.openDisputes,
        amountInDispute: amountInDispute(s.openDisputes),
        collectableAmount: after,
        previousCollectableAmount: s.collectableAmount,
        currency: s.currency,
        changedAt: cmd.now,
      },
    },
  ];
}
