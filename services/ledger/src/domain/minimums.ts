/**
 * What is still owed of the minimum payments, one entry per statement by its
 * due date, oldest first (docs/domain.md#ledger, "Payments and past due").
 * A statement's minimum holds what earlier ones left unpaid; its entry is
 * only what it added, so each amount is owed, and past due, once. Payments
 * (and only payments) go to the oldest entry first; past due is what is owed
 * of entries whose last day to pay on time (payableUntil) has ended, and days
 * past due count from the oldest of their due dates. Never more is owed than the balance not in dispute.
 */
import type { AccountState, PaymentApplied, UnpaidMinimum } from './account';
import { heldAmount } from './disputed';
import { daysPastDueOf } from './payment-pause';

/** How many recent payments an account remembers: a payment returned later takes back what it paid. */
export const PAYMENTS_KEPT = 24;

export function owed(minimums: readonly UnpaidMinimum[]): number {
  return minimums.reduce((n, m) => n + m.amount, 0);
}

/** Pays `amount` to the oldest entries first: what is left owed, and what was paid of which entry. */
function payOldestFirst(minimums: readonly UnpaidMinimum[], amount: number) {
  let left = amount;
  const paid: UnpaidMinimum[] = [];
  const unpaid = minimums.flatMap((m) => {
    const part = Math.min(left, m.amount);
    left -= part;
    if (part > 0) paid.push({ ...m, amount: part });
    return m.amount > part ? [{ ...m, amount: m.amount - part }] : [];
  });
  return { unpaid, paid, left };
}

/** Asks `amount` less, newest entries first. */
export function lowerNewestFirst(minimums: readonly UnpaidMinimum[], amount: number): UnpaidMinimum[] {
  return payOldestFirst([...minimums].reverse(), amount).unpaid.reverse();
}

/** Asks `amount` less of one statement's entry (a dispute opened since it closed). */
export function lowerEntry(minimums: readonly UnpaidMinimum[], statementId: string, amount: number) {
  return minimums.flatMap((m) =>
    m.statementId !== statementId ? [m] : m.amount > amount ? [{ ...m, amount: m.amount - amount }] : [],
  );
}

/** Owed again: each part back on its statement's entry, in due-date order. */
function owedAgain(minimums: readonly UnpaidMinimum[], parts: readonly UnpaidMinimum[]): UnpaidMinimum[] {
  const out = [...minimums];
  for (const part of parts) {
    const i = out.findIndex((m) => m.statementId === part.statementId);
    if (i >= 0) out[i] = { ...out[i]!, amount: out[i]!.amount + part.amount };
    else out.push(part);
  }
  return out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}

type Owing = Pick<AccountState, 'unpaidMinimums' | 'paymentsApplied'>;

/** A payment pays the oldest minimums first; what it pays beyond them waits for a return of another payment. */
export function applyPayment(s: Owing, transactionId: string, amount: number): Owing {
  const { unpaid, paid, left } = payOldestFirst(s.unpaidMinimums, amount);
  const applied: PaymentApplied = { transactionId, paid, beyondMinimums: left };
  return {
    unpaidMinimums: unpaid,
    paymentsApplied: [...s.paymentsApplied.slice(-(PAYMENTS_KEPT - 1)), applied],
  };
}

/**
 * A returned payment takes back what it paid, newest part first; then what
 * other payments since the close paid beyond the minimums pays that again.
 * A payment the account no longer remembers takes back nothing.
 */
export function returnPayment(s: Owing, paymentId: string, amount: number): Owing {
  const returned = s.paymentsApplied.find((p) => p.transactionId === paymentId);
  if (!returned) return s;
  const beyond = Math.min(amount, returned.beyondMinimums);
  const back = payOldestFirst([...returned.paid].reverse(), amount - beyond);
  let unpaidMinimums = owedAgain(s.unpaidMinimums, back.paid);
  const paymentsApplied = s.paymentsApplied.map((p) => {
    if (p === returned)
      return { ...p, paid: back.unpaid.reverse(), beyondMinimums: p.beyondMinimums - beyond };
    if (p.beyondMinimums === 0) return p;
    const again = payOldestFirst(unpaidMinimums, p.beyondMinimums);
    unpaidMinimums = again.unpaid;
    return { ...p, paid: [...p.paid, ...again.paid], beyondMinimums: again.left };
  });
  return { unpaidMinimums, paymentsApplied };
}

/** At a statement close: what a payment paid beyond the minimums pays nothing of the new one. */
export function closePayments(payments: readonly PaymentApplied[]): PaymentApplied[] {
  return payments.map((p) => (p.beyondMinimums > 0 ? { ...p, beyondMinimums: 0 } : p));
}

/**
 * The account with these minimums owed, never more than its balance not in
 * dispute (newest lowered first): past due and days past due as of the last
 * day closed.
 */
export function withMinimums(s: AccountState, minimums: UnpaidMinimum[]): AccountState {
  const beyondBalance = owed(minimums) - Math.max(0, s.balance - heldAmount(s).total);
  const unpaidMinimums = beyondBalance > 0 ? lowerNewestFirst(minimums, beyondBalance) : minimums;
  const late = unpaidMinimums.filter((m) => m.payableUntil <= s.lastEodDate);
  const oldest = late[0];
  return {
    ...s,
    unpaidMinimums,
    pastDue: oldest ? { amount: owed(late), since: oldest.dueDate } : null,
    // A payment pause's days do not count (payment-pause.ts).
    daysPastDue: oldest ? daysPastDueOf(oldest.dueDate, s.lastEodDate, s.arrangements?.pauses ?? []) : 0,
  };
}
