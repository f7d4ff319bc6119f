/**
 * Accounts are stored as state, not replayed from events
 * (docs/adr/0002-state-stored-aggregates-embedded-outbox.md): an account
 * saved by an earlier version of the ledger lacks the fields added since.
 * It gets them here, as the rules would have set them, before it is read.
 */
import type { AccountState, StatementSummary } from './account';

/** A type as an earlier version stored it: without the fields `K` added since. */
type Older<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export function upgradeStored(s: AccountState): AccountState {
  const st: Older<StatementSummary, 'interest' | 'fees' | 'carried' | 'required' | 'disputesLeftOut'> | null =
    s.lastStatement;
  return {
    ...s,
    lastStatement: st && {
      interest: 0,
      fees: 0,
      carried: 0,
      required: st.minimumDue,
      disputesLeftOut: s.disputeHolds ?? [],
      ...st,
    },
  };
}
