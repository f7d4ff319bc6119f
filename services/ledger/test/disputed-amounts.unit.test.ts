/**
 * Amounts under dispute (docs/domain.md#ledger, "Amounts under dispute"):
 * left out of what is asked for, of the interest base and of past due,
 * exactly once, whenever the dispute opened.
 */
import type { AccountState } from '../src/domain/account';
import { accountView } from '../src/adapters/http/views';
import { DEFAULT_POLICIES, minimumDue } from '../src/domain/policy';
import {
  adjustment,
  eod,
  given,
  hold,
  interestCharged,
  lateFees,
  opened,
  payment,
  purchase,
  release,
  statements,
  type Story,
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

describe('a dispute that leaves less owed than the minimum', () => {
  it('a dispute opened after the close that leaves 10.00 undisputed asks for the 10.00, taken off once', () => {
    const small = purchase(1000, '2026-01-13T12:00');
    const s = given([opened]).after(
      spending,
      small,
      eod('2026-02-06T00:00'),
      hold('d1', 100000, false, 'txn_100000_2026-01-12T12:00'),
    );
    expect(s.state?.lastStatement?.required).toBe(1000);
    expect(s.state?.unpaidMinimums.map((m) => m.amount)).toEqual([1000]);
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

describe('a disputed amount credited provisionally (docs/domain.md#ledger)', () => {
  const credit = adjustment('PROVISIONAL_CREDIT', 'CREDIT', 300000, '2026-01-20T10:00', disputedId);
  const revolving = (...steps: Parameters<Story['after']>) =>
    given([opened]).after(
      spending,
      disputed,
      eod('2026-02-06T00:00'),
      payment(2500, '2026-02-10T10:00'),
      ...steps,
      eod('2026-03-06T00:00'),
    );

  it('a fraud claim credited provisionally is not also held: the amount comes off once', () => {
    const s = given([opened]).after(spending, disputed, disputeIt, credit, eod('2026-02-06T00:00'));
    expect(accountView(s.state as AccountState)).toMatchObject({
      balance: 100000,
      amountInDispute: 300000,
      amountHeld: 0,
    });
    // The minimum on the 1,000.00 the customer owes, not on nothing.
    expect(s.state?.lastStatement?.minimumDue).toBe(2500);
  });

  it('the credit may come before the hold: the same amount comes off once', () => {
    const holdFirst = given([opened]).after(spending, disputed, disputeIt, credit, eod('2026-02-06T00:00'));
    const creditFirst = given([opened]).after(spending, disputed, credit, disputeIt, eod('2026-02-06T00:00'));
    expect(creditFirst.state?.lastStatement?.minimumDue).toBe(holdFirst.state?.lastStatement?.minimumDue);
    expect(accountView(creditFirst.state as AccountState).amountHeld).toBe(0);
  });

  it('interest runs on what is owed once a disputed amount is credited', () => {
    const later = adjustment('PROVISIONAL_CREDIT', 'CREDIT', 300000, '2026-02-10T10:00', disputedId);
    const interest = interestCharged(revolving(hold('d1', 300000, false, disputedId), later).events);
    // 4 days at 4,000.00, then 24 days at the 975.00 owed once paid 25.00 and credited 3,000.00.
    expect(interest).toBe(Math.round(((400000 * 4 + 97500 * 24) * 2499) / 10000 / 365));
  });

  it('a provisional credit reversed when the merchant wins is held again until the dispute is released', () => {
    const reversal = adjustment(
      'PROVISIONAL_CREDIT_REVERSAL',
      'DEBIT',
      300000,
      '2026-01-25T10:00',
      disputedId,
    );
    const s = given([opened]).after(spending, disputed, disputeIt, credit, reversal);
    expect(accountView(s.state as AccountState)).toMatchObject({ balance: 400000, amountHeld: 300000 });
    expect(accountView(s.after(release('d1')).state as AccountState)).toMatchObject({
      amountInDispute: 0,
      amountHeld: 0,
    });
  });
});
