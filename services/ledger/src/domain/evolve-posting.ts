/**
 * How a posting changes the account: the balance and the cycle's sums, what
 * it pays of the minimums (payments only: @cardline/schemas
 * paidTowardMinimum, which ticketing reads too), the credits on a disputed
 * transaction, late fees and the request ids already posted.
 */
import { paidTowardMinimum, type LedgerTransactionPostedV1 } from '@cardline/schemas';
import type { AccountState, DisputeCredit } from './account';
import { localDate } from './calendar';
import { cycleWith } from './cycle';
import { DISPUTE_CREDITS_KEPT } from './disputed';
import { applyPayment, returnPayment, withMinimums } from './minimums';

/** How many recent request ids an account keeps: a request id posts once while it is kept. */
export const PROCESSED_REQUESTS_KEPT = 2000;

export function afterPosting(s: AccountState, p: LedgerTransactionPostedV1): AccountState {
  const day = localDate(p.postedAt, s.timeZone);
  const paid = paidTowardMinimum(p);
  const owing =
    paid > 0
      ? applyPayment(s, p.transactionId, paid)
      : paid < 0 && p.relatedTransactionId
        ? returnPayment(s, p.relatedTransactionId, -paid)
        : s;
  const st = s.lastStatement;
  const isLateFee = p.feeType === 'LATE';
  return withMinimums(
    {
      ...s,
      balance: p.balanceAfter,
      cycle: cycleWith(s, p),
      lastStatement: st && {
        ...st,
        paidSinceClose: st.paidSinceClose + paid,
        // Every credit, less payments returned: what the grace judgement counts.
        creditsSinceClose: st.creditsSinceClose + (p.direction === 'CREDIT' ? p.amount : Math.min(0, paid)),
        lateFeeAssessed: st.lateFeeAssessed || isLateFee,
      },
      lateFeeDates: isLateFee ? [...s.lateFeeDates.slice(-5), day] : s.lateFeeDates,
      paymentsApplied: owing.paymentsApplied,
      disputeCredits: withCreditOnTransaction(s.disputeCredits, p, paid, day),
      processedRequests: p.requestId
        ? [...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)), p.requestId]
        : s.processedRequests,
    },
    owing.unpaidMinimums,
  );
}

/** A credit naming a transaction (a provisional credit, a refund), or a debit adjustment on it (its reversal). */
function withCreditOnTransaction(
  credits: DisputeCredit[],
  p: LedgerTransactionPostedV1,
  paid: number,
  day: string,
): DisputeCredit[] {
  if (!p.relatedTransactionId || paid !== 0 || (p.direction !== 'CREDIT' && p.kind !== 'ADJUSTMENT'))
    return credits;
  const amount = p.direction === 'CREDIT' ? p.amount : -p.amount;
  return [
    ...credits.slice(-(DISPUTE_CREDITS_KEPT - 1)),
    { transactionId: p.relatedTransactionId, amount, on: day },
  ];
}
