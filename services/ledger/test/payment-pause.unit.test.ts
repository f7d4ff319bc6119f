/**
 * A hardship payment pause lowers the minimum payment (docs/domain.md#ledger,
 * "Payment pause"; docs/adr/0032-payment-pause-in-the-ledger.md): a statement
 * closing on a day of the pause asks 0, nothing is missed (no late fee) on a
 * day of it, and its days are not counted past due; after it the normal rule
 * resumes, and nothing owed before it is forgiven.
 */
import fc from 'fast-check';
import type { AccountCommand } from '../src/domain/account';
import { addDays, daysBetween } from '../src/domain/calendar';
import { bucketFor } from '../src/domain/policy';
import { inPause, pausedDays } from '../src/domain/payment-pause';
import { at, eod, given, lateFees, localDay, opened, purchase, statements } from './account-fixtures';

const pause = (when: string, endsAt: string, requestId = 'col_1:pause'): AccountCommand => ({
  kind: 'RecordArrangement',
  request: {
    requestId,
    kind: 'PAYMENT_PAUSE',
    reference: `ref_${requestId}`,
    instalments: [],
    rateBps: null,
    endsAt: at(endsAt),
    currency: 'USD',
  },
  now: at(when),
});

// 1,000.00 never paid: statement 1 (5 February) asked 25.00 by 2 March; at the end of 9 March, 7 days past due.
const late = () => given([opened]).after(purchase(100000), eod('2026-03-10T00:00'));
const minimums = (events: Parameters<typeof statements>[0]) =>
  statements(events).map((st) => [localDay(st.periodEnd), st.minimumDue] as const);

describe('the pause rule on local dates', () => {
  const p = [{ reference: 'p', from: '2026-03-10', until: '2026-05-06' }];

  it('a day is in the pause from its first day up to, not including, the day it ends', () => {
    expect(['2026-03-09', '2026-03-10', '2026-05-05', '2026-05-06'].map((d) => inPause(d, p))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('days past due leave out the paused days, each once when pauses overlap', () => {
    expect(pausedDays('2026-03-02', '2026-03-09', p)).toBe(0);
    expect(pausedDays('2026-03-02', '2026-03-10', p)).toBe(1);
    expect(pausedDays('2026-03-02', '2026-06-09', p)).toBe(57);
    const overlapping = [...p, { reference: 'q', from: '2026-05-01', until: '2026-05-11' }];
    expect(pausedDays('2026-03-02', '2026-06-09', overlapping)).toBe(62);
  });
});

describe('a payment pause on the account', () => {
  it('statements closing in the pause ask 0, days past due stand still, and no late fee is charged; after it the normal rule resumes', () => {
    const before = late();
    expect(before.state).toMatchObject({ daysPastDue: 7, bucket: 'DPD_1_29' });
    // Granted on 10 March for two months (collections: until the start of 6 May, its last day 5 May).
    const s = before.after(pause('2026-03-10T10:00', '2026-05-06T00:00'), eod('2026-07-10T00:00'));
    const closed = minimums(s.events.slice(before.events.length));
    expect(closed.map(([day]) => day)).toEqual(['2026-04-05', '2026-05-05', '2026-06-05', '2026-07-05']);
    // The two statements in the pause ask nothing; the first after it asks the normal minimum, with
    // what was owed before the pause (statement 1's 25.00 and statement 2's minimum) on top.
    expect(closed.map(([, min]) => min > 0)).toEqual([false, false, true, true]);
    const statement2 = statements(before.events).at(-1)?.minimumDue ?? 0;
    expect(closed[2]?.[1]).toBeGreaterThan(statement2);

    // 9 March: 7 days. The paused days (10 March to 5 May, 57) do not count: at the end of 9 July, 129 − 57.
    expect(s.state?.daysPastDue).toBe(daysBetween('2026-03-02', '2026-07-09') - 57);
    expect(s.state?.bucket).toBe(bucketFor(72));
    // Nothing was forgiven: statement 1's minimum is still the oldest owed.
    expect(s.state?.pastDue?.since).toBe('2026-03-02');
    // Fees: 2 March (before the pause); none in it (statement 2's due date 2 April falls in it, statements
    // 3 and 4 asked nothing); 2 July again, for statement 5 (the normal rule).
    expect(lateFees(s.events).map((f) => localDay(f.postedAt))).toEqual(['2026-03-02', '2026-07-02']);
  });

  it('days past due stand still during the pause and count on from the day it ends', () => {
    const paused = late().after(pause('2026-03-10T10:00', '2026-05-06T00:00'));
    expect(paused.after(eod('2026-03-11T00:00')).state?.daysPastDue).toBe(7);
    expect(paused.after(eod('2026-05-06T00:00')).state?.daysPastDue).toBe(7);
    expect(paused.after(eod('2026-05-07T00:00')).state?.daysPastDue).toBe(8);
  });

  it('a statement closing on the pause’s last day asks 0; one closing the day after asks the normal minimum', () => {
    const onLastDay = late().after(pause('2026-03-10T10:00', '2026-05-06T00:00'), eod('2026-05-06T00:00'));
    expect(minimums(onLastDay.events).at(-1)).toEqual(['2026-05-05', 0]);
    const dayAfter = late().after(pause('2026-03-10T10:00', '2026-05-05T00:00'), eod('2026-05-06T00:00'));
    const [day, min] = minimums(dayAfter.events).at(-1) ?? ['', 0];
    expect(day).toBe('2026-05-05');
    expect(min).toBeGreaterThan(0);
  });

  it('without a pause the same account is asked every month and charged a fee each time', () => {
    const s = late().after(eod('2026-07-10T00:00'));
    expect(minimums(s.events).every(([, min]) => min > 0)).toBe(true);
    expect(s.state?.daysPastDue).toBe(daysBetween('2026-03-02', '2026-07-09'));
    expect(lateFees(s.events)).toHaveLength(5);
  });
});

// ---- property: the decider against an oracle written here ---------------

/** The dates of [from, until), one by one: the oracle counts days, it does not subtract intervals. */
const pausedSet = (pauses: readonly { from: string; until: string }[]) => {
  const days = new Set<string>();
  for (const p of pauses) for (let d = p.from; d < p.until; d = addDays(d, 1)) days.add(d);
  return days;
};

describe('property: a pause against an oracle', () => {
  it('for random purchases and pauses, a statement asks 0 exactly when it closes on a paused day, no fee falls on one, and days past due are the unpaused days since the oldest unpaid due date', () => {
    const day0 = '2026-03-06';
    const pauseArb = fc.record({
      start: fc.integer({ min: 0, max: 90 }),
      days: fc.integer({ min: 1, max: 92 }),
      recordHour: fc.integer({ min: 0, max: 23 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 30000, max: 400000 }),
        fc.array(pauseArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 100, max: 150 }),
        (amount, specs, horizon) => {
          let story = given([opened]).after(purchase(amount), eod(`${day0}T00:00`));
          const recorded: { from: string; until: string }[] = [];
          let n = 0;
          // Pauses in time order, each recorded on its first day (the day the ledger records it).
          for (const p of [...specs].sort((a, b) => a.start - b.start)) {
            const from = addDays(day0, p.start);
            const until = addDays(from, p.days);
            const hh = String(p.recordHour).padStart(2, '0');
            story = story.after(
              eod(`${from}T00:00`),
              pause(`${from}T${hh}:00`, `${until}T00:00`, `col_1:pause_${++n}`),
            );
            recorded.push({ from, until });
          }
          const through = addDays(day0, horizon);
          const s = story.after(eod(`${addDays(through, 1)}T00:00`));
          const paused = pausedSet(recorded);

          const closed = statements(s.events);
          for (const st of closed) {
            const day = localDay(st.periodEnd);
            expect([day, st.minimumDue === 0]).toEqual([day, paused.has(day)]);
          }
          for (const fee of lateFees(s.events)) expect(paused.has(localDay(fee.postedAt))).toBe(false);

          // No payments: what is owed is every statement that asked something, from the oldest due date
          // whose last day to pay has gone by.
          const lateDue = closed
            .filter((st) => st.minimumDue > 0)
            .map((st) => localDay(st.dueDate))
            .filter((due) => {
              const entry = s.state?.unpaidMinimums.find((m) => m.dueDate === due);
              return entry !== undefined && entry.payableUntil <= through;
            })
            .sort()[0];
          let expected = 0;
          if (lateDue)
            for (let d = addDays(lateDue, 1); d <= through; d = addDays(d, 1)) if (!paused.has(d)) expected++;
          expect(s.state?.daysPastDue).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
