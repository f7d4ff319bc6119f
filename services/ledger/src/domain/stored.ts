/**
 * Accounts are stored as state, not replayed from events
 * (docs/adr/0002-state-stored-aggregates-embedded-outbox.md): an account
 * saved by an earlier version of the ledger lacks the fields added since.
 * It gets them here, as the rules would have set them, before it is read.
 */
import type { AccountState, StatementSummary, UnpaidMinimum } from './account';
import { dayOfMonth, endOfLocalDate } from './calendar';

/** A type as an earlier version stored it: without the fields `K` added since. */
type Older<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

type StoredStatement = Older<
  StatementSummary,
  | 'interest'
  | 'fees'
  | 'carried'
  | 'required'
  | 'disputesLeftOut'
  | 'creditsSinceClose'
  | 'paidInFull'
  | 'payableUntil'
  | 'postingsThrough'
>;
/** Before counts, the cycle listed every transaction id (docs/architecture.md#bounded-aggregates). */
type StoredCycle = Older<
  AccountState['cycle'],
  'transactionCount' | 'firstTransactionId' | 'lastTransactionId' | 'lastPostedAt'
> & { transactionIds?: string[] };
type StoredAccount = Older<
  Omit<AccountState, 'lastStatement' | 'cycle'>,
  'unpaidMinimums' | 'paymentsApplied' | 'disputeCredits' | 'dueDay'
> & { lastStatement: StoredStatement | null; cycle: StoredCycle };

export function upgradeStored(s: StoredAccount): AccountState {
  const st = s.lastStatement;
  return {
    ...s,
    cycle: countedCycle(s.cycle),
    unpaidMinimums: s.unpaidMinimums ?? unpaidBefore(s),
    paymentsApplied: s.paymentsApplied ?? [],
    disputeCredits: s.disputeCredits ?? [],
    dueDay: s.dueDay ?? (st ? dayOfMonth(st.dueDate) : null),
    lastStatement: st && {
      interest: 0,
      fees: 0,
      carried: 0,
      required: st.minimumDue,
      disputesLeftOut: s.disputeHolds ?? [],
      // Before, every credit counted as paid.
      creditsSinceClose: st.paidSinceClose,
      paidInFull: null,
      payableUntil: st.dueDate,
      // Its lines were listed then; now its period end bounds them (holds.ts).
      postingsThrough: endOfLocalDate(st.closedOn, s.timeZone) - 1,
      ...st,
    },
  };
}

/** The listed ids become their count, first and last; the list is dropped so the document shrinks. */
function countedCycle(c: StoredCycle): AccountState['cycle'] {
  const { transactionIds: ids = [], ...rest } = c;
  return {
    transactionCount: ids.length,
    firstTransactionId: ids[0] ?? null,
    lastTransactionId: ids.at(-1) ?? null,
    lastPostedAt: null,
    ...rest,
  };
}

/**
 * What an account stored before unpaid minimums were kept owes: its past-due
 * amount from its oldest due date, and what the last statement added that is
 * still unpaid while its due date is to come.
 */
function unpaidBefore(s: StoredAccount): UnpaidMinimum[] {
  const st = s.lastStatement;
  const pastDue = s.pastDue?.amount ?? 0;
  const entry = (statementId: string, dueDate: string, amount: number) => ({
    statementId,
    dueDate,
    payableUntil: dueDate,
    amount,
  });
  const late = s.pastDue ? [entry(st?.statementId ?? '', s.pastDue.since, pastDue)] : [];
  const added = st && s.lastEodDate < st.dueDate ? st.minimumDue - st.paidSinceClose - pastDue : 0;
  return st && added > 0 ? [...late, entry(st.statementId, st.dueDate, added)] : late;
}
