/**
 * Amounts under dispute (docs/domain.md#ledger, "Amounts under dispute"):
 * left out of what is asked for, of the interest base and of past due,
 * exactly once, whenever the dispute opened.
 */
import type { AccountState } from '../src/domain/account';
import { accountView } from '../src/adapters/http/views';
import { DEFAULT_POLICIES, minimumDue } from '../src/domain/policy';
import {
  eod,
  given,
  hold,
  lateFees,
  opened,
  payment,
  purchase,
  release,
  statements,
} from './account-fixtures';

// 1,000.00 of ordinary spending and a 3,000.00 purchase the customer disputes.
const spending = purchase(100000, '2026-01-12T12:00');
const disputed = purchase(300000, '2026-01-13T12:00');
const disputedId = 'txn_300000_2026-01-13T12:00';
const disputeIt = hold('d1', 300000, false, disputedId);

describe('a disputed amount is left out once', () => {
  it('a disputed amount left out of the statement’s minimum is not taken off again at the due date', () => {
    const s = given([opened]).after(spending, disputed, disputeIt, eod('2026-02-06T00:00'));
    // The minimum on the 1,000.00 not in dispute: the 25.00 floor.
    expect(s.state?.lastStatement?.minimumDue).toBe(2500);
    const due = s.after(eod('2026-03-04T00:00'));
    expect(due.state?.pastDue).toEqual({ amount: 2500, since: '2026-03-02' });
    expect(lateFees(due.events)).toHaveLength(1);
  });

  it('a dispute opened after the close leaves its amount out of that statement’s minimum once', () => {
    const s = given([opened]).after(spending, disputed, eod('2026-02-06T00:00'));
    // 1 % of 4,000.00 while nothing was disputed…
    expect(s.state?.lastStatement?.minimumDue).toBe(4000);
    const held = s.after(disputeIt);
    // …and the 25.00 floor on the 1,000.00 left once the dispute opens.
    expect(accountView(held.state as AccountState).lastStatement?.minimumDueNow).toBe(2500);
    const due = held.after(eod('2026-03-04T00:00'));
    expect(due.state?.pastDue).toEqual({ amount: 2500, since: '2026-03-02' });
  });
});

describe('the late fee after a dispute', () => {
  it('a late fee is never more than the payment the due date asked for, disputes left out', () => {
    // The statement asked 40.00; the dispute opened after the close leaves 25.00 to pay.
    const s = given([opened]).after(
      spending,
      disputed,
      eod('2026-02-06T00:00'),
      disputeIt,
      eod('2026-03-03T00:00'),
    );
    // The first late fee is 30.00; capped at the 25.00 required, not at the 40.00 first asked.
    expect(lateFees(s.events).map((f) => f.amount)).toEqual([2500]);
  });
});

describe('a dispute the merchant wins', () => {
  // The dispute opens after the close (40.00 asked, 25.00 once it opens); the customer pays the 25.00.
  const paidWhatWasAsked = () =>
    given([opened]).after(
      spending,
      disputed,
      eod('2026-02-06T00:00'),
      disputeIt,
      payment(2500, '2026-02-20T10:00'),
    );

  it('a re-billed amount is not due before the next statement’s due date', () => {
    // The merchant wins before the due date: the amount is billed again, with notice on the next statement.
    const s = paidWhatWasAsked().after(release('d1'), eod('2026-03-06T00:00'));
    expect(lateFees(s.events)).toEqual([]);
    expect(s.state).toMatchObject({ pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
    // The next statement asks for it as for any other charge…
    const next = statements(s.events).at(-1);
    expect(next?.minimumDue).toBe(
      minimumDue(DEFAULT_POLICIES.US, next?.closingBalance ?? 0, next?.interest ?? 0, 0, 0),
    );
    // …and paying that by its due date keeps the account current.
    const paid = s.after(payment(next?.minimumDue ?? 0, '2026-03-20T10:00'), eod('2026-04-10T00:00'));
    expect(lateFees(paid.events)).toEqual([]);
    expect(paid.state).toMatchObject({ pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
  });

  it('another dispute after a release still leaves the released amount out of this statement', () => {
    const other = purchase(50000, '2026-01-14T12:00');
    const s = given([opened]).after(
      spending,
      disputed,
      other,
      eod('2026-02-06T00:00'),
      disputeIt,
      release('d1'),
    );
    expect(s.state?.lastStatement?.required).toBe(2500);
    const again = s.after(hold('d2', 50000, false, 'txn_50000_2026-01-14T12:00'));
    expect(again.state?.lastStatement?.required).toBe(2500);
  });
});
