/**
 * Which postings pay the minimum payment (docs/domain.md#ledger, "Payments
 * and past due"): a payment does, and a returned payment takes back what it
 * paid; refunds, credits and waivers lower the balance without paying any of
 * it. The ledger and ticketing's answers both read this one rule.
 */
import type { LedgerTransactionPostedV1 } from './generated/types';

/** The adjustmentKind of a payment the payer's bank returned: a DEBIT whose relatedTransactionId names the payment. */
export const PAYMENT_REVERSAL = 'PAYMENT_REVERSAL';

type Posting = Pick<LedgerTransactionPostedV1, 'kind' | 'direction' | 'adjustmentKind' | 'amount'>;

/** What a posting pays toward the minimum payment: a payment's amount, less a returned one's, else 0. */
export function paidTowardMinimum(p: Posting): number {
  if (p.kind === 'PAYMENT' && p.direction === 'CREDIT') return p.amount;
  if (p.kind === 'ADJUSTMENT' && p.direction === 'DEBIT' && p.adjustmentKind === PAYMENT_REVERSAL)
    return -p.amount;
  return 0;
}
