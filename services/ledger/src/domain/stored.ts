/**
 * Accounts are stored as state, not replayed from events
 * (docs/adr/0002-state-stored-aggregates-embedded-outbox.md): an account
 * saved by an earlier version of the ledger lacks the fields added since.
 * It gets them here, as the rules would have set them, before it is read.
 */
import type { AccountState, StatementSummary, UnpaidMinimum } from './account';

/** A type as an earlier version stored it: without the fields `K` added since. */
type Older<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export function upgradeStored(
  stored: Older<AccountState, 'unpaidMinimums' | 'paymentsApplied' | 'disputeCredits'>,
): AccountState {
  const s: AccountState = {
    ...stored,
    unpaidMinimums: stored.unpaidMinimums ?? unpaidBefore(stored),
    paymentsApplied: stored.paymentsApplied ?? [],
    disputeCredits: stored.disputeCredits ?? [],
  };
  const st: Older<
    StatementSummary,
    'interest' | 'fees' | 'carried' | 'required' | 'disputesLeftOut' | 'creditsSinceClose' | 'paidInFull'
  > | null = s.lastStatement;
  return {
    ...s,
    lastStatement: st && {
      interest: 0,
      fees: 0,
      carried: 0,
      required: st.minimumDue,
      disputesLeftOut: s.disputeHolds ?? [],
      // Before, every credit counted as paid.
      creditsSinceClose: st.paidSinceClose,
      paidInFull: null,
      ...st,
    },
  };
}

/**
 * What an account stored before unpaid minimums were kept owes: its past-due
 * amount from its oldest due date, and what the last statement added that is
 * still unpaid while its due date is to come.
 */
function unpaidBefore(
  s: Omit<AccountState, 'unpaidMinimums' | 'paymentsApplied' | 'disputeCredits'>,
): UnpaidMinimum[] {
  const st = s.lastStatement;
  const pastDue = s.pastDue?.amount ?? 0;
  const late = s.pastDue
    ? [{ statementId: st?.statementId ?? '', dueDate: s.pastDue.since, amount: pastDue }]
    : [];
  const added = st && s.lastEodDate < st.dueDate ? st.minimumDue - st.paidSinceClose - pastDue : 0;
  return st && added > 0
    ? [...late, { statementId: st.statementId, dueDate: st.dueDate, amount: added }]
    : late;
}
