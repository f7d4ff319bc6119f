/**
 * Past due and days past due (docs/domain.md#ledger, "Payments and past due"):
 * the unpaid part of minimums whose due date has gone by, each counted once;
 * days past due from the oldest unpaid due date.
 */
import { daysBetween } from '../src/domain/calendar';
import {
  at,
  eod,
  given,
  lateFees,
  localDay,
  opened,
  payment,
  purchase,
  statements,
} from './account-fixtures';

describe('past due is counted once', () => {
  it('issue 14: after one unpaid 1,000.00 purchase, paying exactly what statement 2 asked leaves nothing past due', () => {
    const unpaid = given([opened]).after(purchase(100000), eod('2026-03-31T00:00'));
    const [first, second] = statements(unpaid.events);
    expect(first?.minimumDue).toBe(2500);
    // 1 % of 1,044.24 + 19.24 interest + the 25.00 late fee, plus the 25.00 already past due.
    expect(second?.minimumDue).toBe(7968);

    const paid = unpaid.after(payment(7968, '2026-03-31T12:00'));
    expect(paid.state).toMatchObject({ pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
    // …and it stays so once statement 2's due date has gone by, with no late fee after the payment.
    const later = paid.after(eod('2026-04-10T00:00'));
    expect(later.state).toMatchObject({ pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
    expect(lateFees(later.events).filter((f) => f.postedAt > at('2026-03-31T12:00'))).toEqual([]);
  });

  it('a second missed minimum makes past due that minimum, which already holds the first', () => {
    const s = given([opened]).after(purchase(100000), eod('2026-04-10T00:00'));
    const [, second] = statements(s.events);
    expect(s.state?.pastDue).toEqual({ amount: second?.minimumDue, since: '2026-03-02' });
  });
});

describe('days past due', () => {
  it('paying the oldest missed minimum moves days past due on to the next unpaid due date', () => {
    const s = given([opened]).after(purchase(100000), eod('2026-04-10T00:00'));
    const second = statements(s.events)[1];
    const secondDue = localDay(second?.dueDate ?? 0);
    expect(s.state).toMatchObject({ daysPastDue: 38, bucket: 'DPD_30_59' });
    // Statement 1 asked 25.00 (due 2 March); statement 2 asked for that again and 54.68 more.
    const paid = s.when(payment(2500, '2026-04-10T12:00')).thenEventsMatch([
      { type: 'ledger.transaction.posted.v1' },
      {
        type: 'ledger.account.delinquency-changed.v1',
        payload: { bucket: 'DPD_1_29', previousBucket: 'DPD_30_59', amountPastDue: 5468 },
      },
    ]);
    expect(paid.state?.pastDue).toEqual({ amount: 5468, since: secondDue });
    expect(paid.state?.daysPastDue).toBe(daysBetween(secondDue, '2026-04-09'));
  });

  it('a payment goes to the oldest unpaid minimum first', () => {
    const s = given([opened]).after(
      purchase(100000),
      eod('2026-04-10T00:00'),
      payment(1000, '2026-04-10T12:00'),
    );
    expect(s.state).toMatchObject({ daysPastDue: 38, pastDue: { amount: 6968, since: '2026-03-02' } });
  });
});
