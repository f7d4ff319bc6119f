/**
 * The due date (docs/domain.md#ledger, "Due date and grace"): the same day
 * every month; a payment on the next business day after a weekend or holiday
 * due date is on time.
 */
import { DateTime } from 'luxon';
import { nextBusinessDay } from '../src/domain/calendar';
import { DEFAULT_POLICIES } from '../src/domain/policy';
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
  zone,
} from './account-fixtures';

const dueDays = (events: Parameters<typeof statements>[0]) =>
  statements(events).map((st) => localDay(st.dueDate));

describe('the due date falls on the same day every month', () => {
  it('the first due date is 25 days after the close, and its day of the month stays', () => {
    const s = given([opened]).after(purchase(100000), eod('2026-06-06T00:00'));
    expect(dueDays(s.events)).toEqual(['2026-03-02', '2026-04-02', '2026-05-02', '2026-06-02', '2026-07-02']);
  });

  it('a due day past the end of a short month falls on its last day', () => {
    // Opened in December: the first close (5 January) is due 30 January.
    const december = { ...opened, payload: { ...opened.payload, openedAt: at('2025-12-10T09:00') } };
    const s = given([december]).after(purchase(100000, '2025-12-12T12:00'), eod('2026-03-06T00:00'));
    expect(dueDays(s.events)).toEqual(['2026-01-30', '2026-02-28', '2026-03-30']);
  });
});

describe('a payment on the next business day after a weekend or holiday due date is on time', () => {
  /** Statements 1 and 2 paid; statement 3 (5 April) falls due on Saturday 2 May. End of day through 3 May. */
  const thirdDue = () => {
    const first = given([opened]).after(
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(2500, '2026-02-20T10:00'),
    );
    const second = first.after(eod('2026-03-06T00:00'));
    const asked = statements(second.events)[1]?.minimumDue ?? 0;
    const third = second.after(payment(asked, '2026-03-20T10:00'), eod('2026-05-04T00:00'));
    const st3 = statements(third.events)[2];
    expect(DateTime.fromMillis(st3?.dueDate ?? 0, { zone }).weekdayLong).toBe('Saturday');
    return { third, asked: st3?.minimumDue ?? 0 };
  };

  it('statement 3 falls due on Saturday 2 May; paid on Monday 4 May it is on time', () => {
    const { third, asked } = thirdDue();
    expect(third.state?.pastDue).toBeNull();
    const paid = third.after(payment(asked, '2026-05-04T10:00'), eod('2026-05-06T00:00'));
    expect(lateFees(paid.events)).toEqual([]);
    expect(paid.state).toMatchObject({ pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
  });

  it('unpaid at the end of Monday 4 May, it is past due from Saturday 2 May', () => {
    const { third, asked } = thirdDue();
    const late = third.after(eod('2026-05-05T00:00'));
    expect(late.state).toMatchObject({ daysPastDue: 2, pastDue: { amount: asked, since: '2026-05-02' } });
    expect(lateFees(late.events)).toHaveLength(1);
  });

  it.each([
    ['US', '2026-05-02', '2026-05-04', 'a Saturday'],
    ['US', '2026-05-25', '2026-05-26', 'Memorial Day'],
    ['US', '2026-12-25', '2026-12-28', 'Christmas on a Friday'],
    ['US', '2026-04-02', '2026-04-02', 'a Thursday'],
    ['CN', '2026-10-01', '2026-10-08', 'National Day week'],
    ['CN', '2026-02-14', '2026-02-14', 'a Saturday worked before the Spring Festival'],
    ['CN', '2026-05-02', '2026-05-06', 'Labour Day week'],
  ] as const)('%s: due %s is payable until %s (%s)', (market, due, payable, _why) => {
    expect(nextBusinessDay(due, DEFAULT_POLICIES[market].calendar)).toBe(payable);
  });
});
