/**
 * How each event changes the account: postings (evolve-posting.ts),
 * statements and the minimums they add, days closed (interest base, past
 * due, the grace judgement), holds, charge-off. Internal events (day-closed,
 * holds-changed, statement-payable, minimum-reassessed) are folded like
 * published ones.
 */
import type { LedgerStatementClosedV1 } from '@cardline/schemas';
import type { AccountEvent, AccountState } from './account';
import { addDays, dayOfMonth, localDate } from './calendar';
import { evolveArrangement } from './arrangements';
import { accrue, freshCycle } from './cycle';
import { paidInFull, uncredited } from './disputed';
import { afterPosting, PROCESSED_REQUESTS_KEPT } from './evolve-posting';
import { closePayments, lowerEntry, owed, withMinimums } from './minimums';

export { PROCESSED_REQUESTS_KEPT };

export function evolve(s: AccountState | null, e: AccountEvent): AccountState {
  if (e.type === 'ledger.account.opened.v1') {
    const p = e.payload;
    const today = localDate(p.openedAt, p.timeZone);
    return {
      accountId: p.accountId,
      customerId: p.customerId,
      productCode: p.productCode,
      market: p.market === 'CN' ? 'CN' : 'US',
      currency: p.currency,
      creditLimit: p.creditLimit,
      aprBps: p.aprBps,
      billingCycleDay: p.billingCycleDay,
      timeZone: p.timeZone,
      openedAt: p.openedAt,
      status: 'OPEN',
      balance: 0,
      cycle: freshCycle(today, addDays(today, -1)),
      statementCount: 0,
      dueDay: null,
      lastStatement: null,
      unpaidMinimums: [],
      paymentsApplied: [],
      disputeCredits: [],
      pastDue: null,
      daysPastDue: 0,
      bucket: 'CURRENT',
      lateFeeDates: [],
      // The opening day is the first one end-of-day processes.
      lastEodDate: addDays(today, -1),
      processedRequests: [],
    };
  }
  if (!s) throw new Error(`${e.type} before ledger.account.opened.v1`);
  switch (e.type) {
    case 'ledger.transaction.posted.v1':
      return afterPosting(s, e.payload);
    case 'ledger.transaction.declined.v1':
      return s;
    case 'holds-changed':
      // Days so far accrued at the old held amount; from today on the new one applies.
      return withMinimums(
        { ...s, cycle: accrue(s, s.lastEodDate), disputeHolds: e.payload.holds },
        s.unpaidMinimums,
      );
    case 'statement-payable': {
      const { statementId, payableUntil } = e.payload;
      const st = s.lastStatement;
      if (st?.statementId !== statementId) return s;
      return withMinimums(
        { ...s, lastStatement: { ...st, payableUntil } },
        s.unpaidMinimums.map((m) => (m.statementId === statementId ? { ...m, payableUntil } : m)),
      );
    }
    case 'minimum-reassessed': {
      const { statementId, disputesLeftOut, required } = e.payload;
      const st = s.lastStatement;
      if (st?.statementId !== statementId) return s;
      return withMinimums(
        { ...s, lastStatement: { ...st, disputesLeftOut, required } },
        lowerEntry(s.unpaidMinimums, statementId, st.required - required),
      );
    }
    case 'ledger.account.adjustment-rejected.v1':
      return {
        ...s,
        processedRequests: [
          ...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)),
          e.payload.requestId,
        ],
      };
    case 'ledger.account.arrangement-recorded.v1':
      return evolveArrangement(s, e.payload, [
        ...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)),
        e.payload.requestId,
      ]);
    case 'ledger.statement.closed.v1':
      return afterStatement(s, e.payload);
    case 'ledger.account.charged-off.v1':
      return { ...s, status: 'CHARGED_OFF' };
    case 'ledger.account.delinquency-changed.v1':
      return {
        ...s,
        bucket: e.payload.bucket === 'UNKNOWN' ? s.bucket : e.payload.bucket,
        daysPastDue: e.payload.daysPastDue,
      };
    case 'day-closed': {
      const { date } = e.payload;
      const st = s.lastStatement;
      const lastStatement = st && st.payableUntil === date ? { ...st, paidInFull: paidInFull(s, st) } : st;
      return withMinimums(
        { ...s, lastEodDate: date, lastStatement, cycle: accrue(s, date) },
        s.unpaidMinimums,
      );
    }
  }
}

export function fold(events: readonly AccountEvent[], s: AccountState | null = null): AccountState | null {
  return events.reduce<AccountState | null>((acc, e) => evolve(acc, e), s);
}

/** A statement closed: what it adds to the minimums owed, and a fresh cycle. */
function afterStatement(s: AccountState, p: LedgerStatementClosedV1): AccountState {
  const closedOn = localDate(p.periodEnd, s.timeZone);
  const dueDate = localDate(p.dueDate, s.timeZone);
  // The minimum holds what earlier statements left unpaid; this statement adds the rest.
  const carried = owed(s.unpaidMinimums);
  const added = p.minimumDue - carried;
  const unpaidMinimums =
    added > 0
      ? [...s.unpaidMinimums, { statementId: p.statementId, dueDate, payableUntil: dueDate, amount: added }]
      : s.unpaidMinimums;
  return withMinimums(
    {
      ...s,
      statementCount: s.statementCount + 1,
      dueDay: s.dueDay ?? dayOfMonth(dueDate),
      paymentsApplied: closePayments(s.paymentsApplied),
      lastStatement: {
        statementId: p.statementId,
        closedOn,
        closingBalance: p.closingBalance,
        interest: p.interest,
        fees: p.fees,
        carried,
        minimumDue: p.minimumDue,
        required: p.minimumDue,
        disputesLeftOut: uncredited(s.disputeHolds ?? [], s.disputeCredits),
        dueDate,
        postingsThrough: Math.max(p.periodEnd, s.cycle.lastPostedAt ?? p.periodEnd),
        payableUntil: dueDate,
        paidSinceClose: 0,
        creditsSinceClose: 0,
        paidInFull: null,
        lateFeeAssessed: false,
      },
      cycle: freshCycle(addDays(closedOn, 1), closedOn),
    },
    unpaidMinimums,
  );
}
