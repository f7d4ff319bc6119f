import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DEFAULT_POLICIES, resolveDueAt } from '../src/domain/policy';

const p = DEFAULT_POLICIES.US;
const NY = 'America/New_York';
const SHANGHAI = 'Asia/Shanghai';

/** An instant given as local wall time in a zone. */
const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toMillis();
/** The deadline as the local date it ends, when it ends that date; else the local wall time. */
const local = (ms: number, zone: string) => {
  const d = DateTime.fromMillis(ms, { zone });
  return d.toMillis() === d.endOf('day').toMillis()
    ? `end of ${d.toISODate()}`
    : (d.toISO({ includeOffset: false }) as string);
};

/**
 * The oracle: walk the local calendar a day at a time from the notice. A
 * cycle closes at the end of each local day numbered `cycleDay` (as the
 * ledger closes statements); the first close at or after the notice ends the
 * cycle the notice arrived in, which does not count; the deadline is the
 * close that completes `cycles` more cycles, or the notice plus `maxDays`
 * local days if that comes first.
 */
function oracle(noticeAt: number, cycleDay: number, zone: string, cycles: number, maxDays: number): number {
  const endOf = (date: DateTime) => date.plus({ days: 1 }).startOf('day').toMillis() - 1;
  let day = DateTime.fromMillis(noticeAt, { zone }).startOf('day');
  let closes = 0;
  for (;;) {
    if (day.day === cycleDay && endOf(day) >= noticeAt) {
      closes += 1;
      if (closes === cycles + 1) break;
    }
    day = day.plus({ days: 1 });
  }
  const cap = DateTime.fromMillis(noticeAt, { zone }).plus({ days: maxDays }).toMillis();
  return Math.min(endOf(day), cap);
}

describe('Reg Z resolution deadline', () => {
  it('a notice on 2 March with cycle day 5 is resolved by the close of 5 May: the cycle it arrived in does not count', () => {
    expect(local(resolveDueAt(at('2026-03-02T10:00', NY), 5, NY, p), NY)).toBe('end of 2026-05-05');
  });

  it('a notice on the close day itself, or the day before, belongs to the cycle that closes that day', () => {
    expect(local(resolveDueAt(at('2026-03-05T09:00', NY), 5, NY, p), NY)).toBe('end of 2026-05-05');
    expect(local(resolveDueAt(at('2026-03-04T23:59', NY), 5, NY, p), NY)).toBe('end of 2026-05-05');
    // 23:30 in New York is already 6 March in UTC: the close is the account's local day, as in the ledger.
    expect(local(resolveDueAt(at('2026-03-05T23:30', NY), 5, NY, p), NY)).toBe('end of 2026-05-05');
  });

  it('a notice the day after a close waits for two more closes, and the 90-day cap bites', () => {
    // The second complete cycle would close on 5 June, 91 days on: 90 days after the notice comes first.
    expect(local(resolveDueAt(at('2026-03-06T10:00', NY), 5, NY, p), NY)).toBe('2026-06-04T10:00:00.000');
    // Through February the two cycles are shorter than 90 days: the close stands.
    expect(local(resolveDueAt(at('2025-12-06T10:00', NY), 5, NY, p), NY)).toBe('end of 2026-03-05');
  });

  it('month-end and February cycle days close on that day of each month', () => {
    expect(local(resolveDueAt(at('2026-02-28T12:00', NY), 28, NY, p), NY)).toBe('end of 2026-04-28');
    expect(local(resolveDueAt(at('2026-01-29T12:00', NY), 28, NY, p), NY)).toBe('end of 2026-04-28');
    expect(local(resolveDueAt(at('2028-02-29T12:00', NY), 28, NY, p), NY)).toBe('end of 2028-05-28');
    expect(local(resolveDueAt(at('2026-01-31T12:00', NY), 1, NY, p), NY)).toBe('end of 2026-04-01');
  });

  it('a China account closes in its own time zone: 01:00 on 6 March in Shanghai is after the close of the 5th', () => {
    const notice = Date.parse('2026-03-05T17:00:00Z');
    expect(local(resolveDueAt(notice, 5, SHANGHAI, p), SHANGHAI)).toBe('2026-06-04T01:00:00.000');
    expect(local(resolveDueAt(notice, 5, 'UTC', p), 'UTC')).toBe('end of 2026-05-05');
  });

  it('the deadline matches the day-by-day oracle for any notice, cycle day, zone and policy', () => {
    const zones = ['America/New_York', 'America/Los_Angeles', 'Asia/Shanghai', 'UTC'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 11, 31) }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(60, 90, 120),
        (noticeAt, cycleDay, zone, cycles, maxDays) => {
          const policy = { ...p, resolveBillingCycles: cycles, resolveMaxDays: maxDays };
          const due = resolveDueAt(noticeAt, cycleDay, zone, policy);
          expect(due).toBe(oracle(noticeAt, cycleDay, zone, cycles, maxDays));
          expect(due).toBeGreaterThan(noticeAt);
        },
      ),
      { numRuns: 2000, seed: 20260302 },
    );
  });
});
