/** The billing cycle's sums and its interest base, accrued day by day (statement.ts charges on it). */
import type { AccountState } from './account';
import type { LedgerTransactionPostedV1 } from '@cardline/schemas';
import { addDays, daysBetween, localDate } from './calendar';
import { heldAmount } from './disputed';

type Cycle = AccountState['cycle'];

/** An empty billing cycle starting on `startedOn`, interest accrued through `accruedThrough`. */
export function freshCycle(startedOn: string, accruedThrough: string): Cycle {
  return {
    startedOn,
    purchases: 0,
    payments: 0,
    credits: 0,
    fees: 0,
    interest: 0,
    balanceDays: 0,
    accruedThrough,
    transactionCount: 0,
    firstTransactionId: null,
    lastTransactionId: null,
    lastPostedAt: null,
  };
}

/** Adds the current balance for each day after accruedThrough up to `through`. */
export function accrue(s: AccountState, through: string): Cycle {
  const days = daysBetween(s.cycle.accruedThrough, through);
  if (days <= 0) return s.cycle;
  return {
    ...s.cycle,
    // No finance charge on a disputed amount.
    balanceDays: s.cycle.balanceDays + Math.max(0, s.balance - heldAmount(s).total) * days,
    accruedThrough: through,
  };
}

/** The cycle with a posting in its sums; days before the posting day keep the old balance, whenever end of day runs. */
export function cycleWith(s: AccountState, p: LedgerTransactionPostedV1): Cycle {
  const c = {
    ...accrue(s, addDays(localDate(p.postedAt, s.timeZone), -1)),
    transactionCount: s.cycle.transactionCount + 1,
    firstTransactionId: s.cycle.firstTransactionId ?? p.transactionId,
    lastTransactionId: p.transactionId,
    lastPostedAt: Math.max(s.cycle.lastPostedAt ?? p.postedAt, p.postedAt),
  };
  if (p.kind === 'PURCHASE') c.purchases += p.amount;
  else if (p.kind === 'PAYMENT') c.payments += p.amount;
  else if (p.kind === 'FEE') c.fees += p.amount;
  else if (p.kind === 'INTEREST') c.interest += p.amount;
  else if (p.direction === 'CREDIT') c.credits += p.amount;
  else c.purchases += p.amount; // debit adjustments (rebills) count as charges
  return c;
}
