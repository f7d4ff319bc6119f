import { checkHardship } from '../src/domain/hardship';
import { planStanding } from '../src/domain/plan-standing';
import { scheduleInstalments } from '../src/domain/plan-schedule';
import { DEFAULT_PLAN_POLICIES } from '../src/domain/policy';
import { checkReAge, type ReAgeEvidence } from '../src/domain/reage';

const US = DEFAULT_PLAN_POLICIES.US;
const ok: ReAgeEvidence = {
  accountOpenedOn: '2025-01-15',
  consecutiveMinimumPayments: 3,
  priorReAges: [],
  today: '2026-03-01',
};
const limitOf = (e: Partial<ReAgeEvidence>) => {
  const a = checkReAge({ ...ok, ...e }, US.reAge);
  return a.allowed ? null : a.limitId;
};

describe('the plan calculator', () => {
  it('gives the remainder to the last instalment: 1000 in 3 is 333, 333, 334', () => {
    expect(scheduleInstalments(1000, 3, 'MONTHLY', '2026-01-31')).toEqual([
      { amount: 333, dueDate: '2026-01-31' },
      { amount: 333, dueDate: '2026-02-28' },
      { amount: 334, dueDate: '2026-03-31' },
    ]);
  });

  it('counts fortnights and weeks in days across a month end', () => {
    expect(scheduleInstalments(10, 2, 'FORTNIGHTLY', '2026-02-20').map((i) => i.dueDate)).toEqual([
      '2026-02-20',
      '2026-03-06',
    ]);
    expect(scheduleInstalments(10, 2, 'WEEKLY', '2026-12-28').map((i) => i.dueDate)).toEqual([
      '2026-12-28',
      '2027-01-04',
    ]);
  });

  it('refuses a total that is not a positive whole number', () => {
    expect(() => scheduleInstalments(0, 2, 'MONTHLY', '2026-01-01')).toThrow(RangeError);
    expect(() => scheduleInstalments(10.5, 2, 'MONTHLY', '2026-01-01')).toThrow(RangeError);
  });
});

describe('plan standing from payments', () => {
  // New York; 2 grace days: the instalment of 10 March is judged at 13 March 00:00 EDT (04:00 UTC).
  const terms = {
    instalments: [
      { amount: 100, dueDate: '2026-03-10' },
      { amount: 100, dueDate: '2026-04-10' },
      { amount: 100, dueDate: '2026-05-10' },
    ],
    acceptedAt: Date.UTC(2026, 2, 1),
    graceDays: 2,
    missesToBreak: 2,
    timeZone: 'America/New_York',
  };
  const deadline1 = Date.UTC(2026, 2, 13, 4);

  it('keeps an instalment paid on the last grace day and misses one paid at the deadline', () => {
    expect(planStanding(terms, [{ amount: 100, postedAt: deadline1 - 1 }], deadline1).verdicts[0]?.kept).toBe(
      true,
    );
    expect(planStanding(terms, [{ amount: 100, postedAt: deadline1 }], deadline1).verdicts[0]?.kept).toBe(
      false,
    );
  });

  it('does not count a payment made before the plan was accepted', () => {
    const s = planStanding(terms, [{ amount: 100, postedAt: terms.acceptedAt - 1 }], deadline1);
    expect(s.verdicts[0]?.kept).toBe(false);
  });

  it('breaks the plan at the second miss and completes it when every instalment is judged', () => {
    const end = Date.UTC(2026, 5, 1);
    expect(planStanding(terms, [], end).status).toBe('BROKEN');
    expect(planStanding(terms, [{ amount: 100, postedAt: deadline1 - 1 }], end).status).toBe('BROKEN');
    expect(planStanding(terms, [{ amount: 300, postedAt: deadline1 - 1 }], end).status).toBe('COMPLETED');
    // One miss caught up later: the shortfall is owed by the next instalment.
    expect(planStanding(terms, [{ amount: 300, postedAt: Date.UTC(2026, 3, 1) }], end)).toMatchObject({
      status: 'COMPLETED',
      verdicts: [{ kept: false }, { kept: true }, { kept: true }],
    });
  });
});

describe('re-ageing limits', () => {
  it('refuses an account open 9 months less a day and allows one open exactly 9 months', () => {
    expect(limitOf({ accountOpenedOn: '2025-06-02', today: '2026-03-01' })).toBe('REAGE.ACCOUNT_AGE');
    expect(limitOf({ accountOpenedOn: '2025-06-01', today: '2026-03-01' })).toBeNull();
  });

  it('counts 9 months from 31 May as 28 February', () => {
    expect(limitOf({ accountOpenedOn: '2025-05-31', today: '2026-02-27' })).toBe('REAGE.ACCOUNT_AGE');
    expect(limitOf({ accountOpenedOn: '2025-05-31', today: '2026-02-28' })).toBeNull();
  });

  it('refuses an account whose opening collections never saw', () => {
    expect(limitOf({ accountOpenedOn: null })).toBe('REAGE.ACCOUNT_AGE');
  });

  it('needs three consecutive minimum payments', () => {
    expect(limitOf({ consecutiveMinimumPayments: 2 })).toBe('REAGE.CONSECUTIVE_MINIMUM_PAYMENTS');
    expect(limitOf({ consecutiveMinimumPayments: 3 })).toBeNull();
  });

  it('refuses a second re-age within 12 months and allows it 12 months on', () => {
    expect(limitOf({ priorReAges: ['2025-03-02'] })).toBe('REAGE.ONCE_IN_12_MONTHS');
    expect(limitOf({ priorReAges: ['2025-03-01'] })).toBeNull();
  });

  it('refuses a third re-age within 5 years, each earlier one more than 12 months back', () => {
    expect(limitOf({ priorReAges: ['2022-01-10', '2024-06-01'] })).toBe('REAGE.TWICE_IN_5_YEARS');
    expect(limitOf({ priorReAges: ['2021-03-01', '2024-06-01'] })).toBeNull();
  });

  it('names the first limit broken when several are', () => {
    expect(
      limitOf({ accountOpenedOn: '2026-01-01', consecutiveMinimumPayments: 0, priorReAges: ['2026-01-02'] }),
    ).toBe('REAGE.ACCOUNT_AGE');
  });
});

describe('hardship eligibility', () => {
  const open = { caseOpen: true, inRecovery: false, running: false };
  const rule = (p: Parameters<typeof checkHardship>[0], c = open) => {
    const a = checkHardship(p, c, US.hardship);
    return a.eligible ? null : a.ruleId;
  };

  it('grants a reduced rate within the range for up to 12 months', () => {
    expect(rule({ kind: 'REDUCED_RATE', rateBps: 999, months: 12 })).toBeNull();
    expect(rule({ kind: 'REDUCED_RATE', rateBps: 1000, months: 6 })).toBe('HARDSHIP.REDUCED_RATE_RANGE');
    expect(rule({ kind: 'REDUCED_RATE', rateBps: 500, months: 13 })).toBe('HARDSHIP.REDUCED_RATE_MONTHS');
  });

  it('caps a fee waiver and a payment pause', () => {
    expect(rule({ kind: 'FEE_WAIVER', amount: 20_000 })).toBeNull();
    expect(rule({ kind: 'FEE_WAIVER', amount: 20_001 })).toBe('HARDSHIP.FEE_WAIVER_CAP');
    expect(rule({ kind: 'PAYMENT_PAUSE', months: 3 })).toBeNull();
    expect(rule({ kind: 'PAYMENT_PAUSE', months: 4 })).toBe('HARDSHIP.PAUSE_MONTHS');
  });

  it('refuses on a closed case, in recovery, or while another programme runs', () => {
    const p = { kind: 'PAYMENT_PAUSE', months: 1 } as const;
    expect(rule(p, { ...open, caseOpen: false })).toBe('HARDSHIP.CASE_OPEN');
    expect(rule(p, { ...open, inRecovery: true })).toBe('HARDSHIP.NOT_IN_RECOVERY');
    expect(rule(p, { ...open, running: true })).toBe('HARDSHIP.ONE_AT_A_TIME');
  });
});
