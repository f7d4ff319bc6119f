import fc from 'fast-check';
import { feePeriod, periodAt } from '../src/domain/fee-periods';
import { DAY } from '../src/domain/policy';
import { proRataRefund } from '../src/domain/refund';

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const anchors = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2035, 11, 31) });

describe('fee periods', () => {
  it('an enrolment on the 31st falls due on each month’s last day when it is shorter, and back on the 31st', () => {
    const jan31 = Date.UTC(2027, 0, 31, 9);
    expect([0, 1, 2, 3, 4].map((n) => iso(feePeriod(jan31, n).start))).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
    ]);
    expect(iso(feePeriod(Date.UTC(2028, 0, 31), 1).start)).toBe('2028-02-29');
    expect(feePeriod(jan31, 1)).toEqual({
      index: 1,
      key: '2027-02',
      start: Date.UTC(2027, 1, 28, 9),
      end: Date.UTC(2027, 2, 31, 9),
    });
  });

  it('one period per calendar month: consecutive keys, each ending where the next starts', () => {
    fc.assert(
      fc.property(anchors, fc.integer({ min: 0, max: 120 }), (anchor, n) => {
        const p = feePeriod(anchor, n);
        const q = feePeriod(anchor, n + 1);
        expect(p.end).toBe(q.start);
        expect(p.start).toBeLessThan(p.end);
        const [y, m] = p.key.split('-').map(Number) as [number, number];
        expect(q.key).toBe(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
        // 28 to 31 whole days.
        const days = (p.end - p.start) / DAY;
        expect(Number.isInteger(days) && days >= 28 && days <= 31).toBe(true);
      }),
      { numRuns: 3000, seed: 3112 },
    );
  });

  it('finds the period any time falls in', () => {
    fc.assert(
      fc.property(anchors, fc.integer({ min: 0, max: 3650 * DAY }), (anchor, offset) => {
        const p = periodAt(anchor, anchor + offset);
        expect(p.start).toBeLessThanOrEqual(anchor + offset);
        expect(p.end).toBeGreaterThan(anchor + offset);
      }),
      { numRuns: 3000, seed: 2912 },
    );
  });
});

/**
 * The oracle: walk the period a day at a time, counting the days that begin
 * after the cancellation (the day it falls in is used), and divide in BigInt,
 * rounding up.
 */
function oracle(fee: number, start: number, end: number, cancelledAt: number): number {
  let total = 0n;
  let unused = 0n;
  for (let day = start; day < end; day += DAY) {
    total++;
    if (day > cancelledAt) unused++;
  }
  return Number((BigInt(fee) * unused + total - 1n) / total);
}

describe('the pro-rata refund', () => {
  const cases = fc
    .record({
      anchor: anchors,
      index: fc.integer({ min: 0, max: 36 }),
      fee: fc.integer({ min: 1, max: 1_000_000 }),
      share: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    })
    .map(({ anchor, index, fee, share }) => {
      const period = feePeriod(anchor, index);
      const cancelledAt = period.start + Math.floor(share * (period.end - period.start));
      return { period, fee, cancelledAt };
    });

  it('never exceeds the fee, and with the kept part sums to the fee', () => {
    fc.assert(
      fc.property(cases, ({ period, fee, cancelledAt }) => {
        const { refund, kept } = proRataRefund(fee, period, cancelledAt);
        expect(Number.isInteger(refund) && Number.isInteger(kept)).toBe(true);
        expect(refund).toBeGreaterThanOrEqual(0);
        expect(refund).toBeLessThanOrEqual(fee);
        expect(refund + kept).toBe(fee);
      }),
      { numRuns: 5000, seed: 1412 },
    );
  });

  it('agrees with a day-by-day oracle', () => {
    fc.assert(
      fc.property(cases, ({ period, fee, cancelledAt }) => {
        expect(proRataRefund(fee, period, cancelledAt).refund).toBe(
          oracle(fee, period.start, period.end, cancelledAt),
        );
      }),
      { numRuns: 5000, seed: 1512 },
    );
  });

  it('refunds less the later the cancellation', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 0, max: 31 * DAY }), ({ period, fee, cancelledAt }, later) => {
        const t2 = Math.min(period.end - 1, cancelledAt + later);
        expect(proRataRefund(fee, period, t2).refund).toBeLessThanOrEqual(
          proRataRefund(fee, period, cancelledAt).refund,
        );
      }),
      { numRuns: 2000, seed: 1612 },
    );
  });

  it('keeps the first day: cancelling at the start of a 30-day period refunds 29/30', () => {
    const period = { start: Date.UTC(2027, 3, 1), end: Date.UTC(2027, 4, 1) };
    expect(proRataRefund(3_000, period, period.start)).toEqual({ refund: 2_900, kept: 100 });
    expect(proRataRefund(1_000, period, period.start)).toEqual({ refund: 967, kept: 33 });
  });
});
