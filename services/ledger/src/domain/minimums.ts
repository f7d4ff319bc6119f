/**
 * What is still owed of the minimum payments, one entry per statement by its
 * due date, oldest first (docs/domain.md#ledger, "Payments and past due").
 * A statement's minimum holds what earlier ones left unpaid; its entry is
 * only what it added, so each amount is owed, and past due, once. Payments go
 * to the oldest entry first; past due is what is owed of entries whose due
 * date has ended, and days past due count from the oldest of them.
 */
import type { AccountState, UnpaidMinimum } from './account';
import { daysBetween } from './calendar';

export function owed(minimums: readonly UnpaidMinimum[]): number {
  return minimums.reduce((n, m) => n + m.amount, 0);
}

/** Pays `amount` to the oldest entries first; what is left over pays no minimum. */
export function payOldestFirst(minimums: readonly UnpaidMinimum[], amount: number): UnpaidMinimum[] {
  let left = amount;
  return minimums.flatMap((m) => {
    const paid = Math.min(left, m.amount);
    left -= paid;
    return m.amount > paid ? [{ ...m, amount: m.amount - paid }] : [];
  });
}

/** Asks `amount` less, newest entries first (what a statement no longer asks for). */
export function lowerNewestFirst(minimums: readonly UnpaidMinimum[], amount: number): UnpaidMinimum[] {
  return payOldestFirst([...minimums].reverse(), amount).reverse();
}

/** The account with these minimums owed: past due and days past due as of the last day closed. */
export function withMinimums(s: AccountState, unpaidMinimums: UnpaidMinimum[]): AccountState {
  const late = unpaidMinimums.filter((m) => m.dueDate <= s.lastEodDate);
  const oldest = late[0];
  return {
    ...s,
    unpaidMinimums,
    pastDue: oldest ? { amount: owed(late), since: oldest.dueDate } : null,
    daysPastDue: oldest ? daysBetween(oldest.dueDate, s.lastEodDate) : 0,
  };
}
