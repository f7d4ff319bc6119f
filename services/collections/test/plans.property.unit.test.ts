import fc from 'fast-check';
import { DEFAULT_PLAN_POLICIES } from '../src/domain/policy';
import { scheduleInstalments } from '../src/domain/plan-schedule';
import { checkReAge } from '../src/domain/reage';
import { addDays, oracleReAge, oracleSchedule } from './plan-oracle';

const limits = DEFAULT_PLAN_POLICIES.US.reAge;

// Dates from 2020 to 2035, as YYYY-MM-DD.
const dateArb = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 86_400_000, max: Date.UTC(2035, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe('the repayment plan calculator', () => {
  it('splits any total into instalments that sum to it exactly, on the oracle’s dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom('WEEKLY', 'FORTNIGHTLY', 'MONTHLY' as const),
        dateArb,
        (total, count, frequency, first) => {
          const s = scheduleInstalments(total, count, frequency, first);
          expect(s.reduce((sum, i) => sum + i.amount, 0)).toBe(total);
          expect(s).toEqual(oracleSchedule(total, count, frequency, first));
          expect(s.every((i) => Number.isInteger(i.amount) && i.amount >= 0)).toBe(true);
          expect(s.every((i, k) => k === 0 || (s[k - 1]?.dueDate ?? '') < i.dueDate)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('re-ageing limits', () => {
  it('refuses exactly when the oracle finds a limit broken, naming that limit', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 2200 }), { maxLength: 4 }),
        (today, openedDaysAgo, inARow, priorDaysAgo) => {
          const openedOn = openedDaysAgo === null ? null : addDays(today, -openedDaysAgo);
          const prior = priorDaysAgo.map((d) => addDays(today, -d));
          const answer = checkReAge(
            { accountOpenedOn: openedOn, consecutiveMinimumPayments: inARow, priorReAges: prior, today },
            limits,
          );
          const expected = oracleReAge({ openedOn, inARow, prior, today });
          expect(answer.allowed ? null : answer.limitId).toBe(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
