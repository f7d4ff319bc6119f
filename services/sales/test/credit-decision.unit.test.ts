import fc from 'fast-check';
import type { AdverseActionCode } from '../src/domain/adverse-action';
import type { BureauReport } from '../src/domain/credit-bureau';
import { decideCredit, minimumPaymentOn, type CreditApplicant } from '../src/domain/decision';
import { CREDIT_POLICIES, creditPolicyFor, type CreditPolicy } from '../src/domain/policy';

const NOW = Date.UTC(2026, 11, 1, 15, 0);
const classic = CREDIT_POLICIES.US.CLASSIC as CreditPolicy;
const v = classic.ruleSetVersion;

/** 30 years old, USD 96,000 a year of their own. */
const adult: CreditApplicant = {
  dateOfBirth: '1996-05-01',
  annualIncome: 9_600_000,
  incomeIsIndependent: true,
  hasCoSigner: false,
};
const good: BureauReport = {
  bureau: 'SIMULATED',
  score: 780,
  existingMonthlyDebt: 100_000,
  recentInquiries: 1,
  thinFile: false,
};
const decline = (...reasons: AdverseActionCode[]) => ({ outcome: 'DECLINE', reasons, ruleSetVersion: v });

describe('the credit decision', () => {
  it('approves a good applicant at the band of the score, with the rule-set version that decided', () => {
    expect(decideCredit(adult, good, classic, NOW)).toEqual({
      outcome: 'APPROVE',
      creditLimit: 1_000_000,
      aprTier: 'TIER_1',
      ruleSetVersion: 'US-CLASSIC-2026.12.1',
    });
    expect(decideCredit(adult, { ...good, score: 700 }, classic, NOW)).toMatchObject({
      creditLimit: 500_000,
      aprTier: 'TIER_2',
    });
  });

  it('lowers the limit to what the income left after existing debts can pay the minimum on', () => {
    // USD 500 a month, 210 of it to existing debts: 290 left; 3% of 9,600 is 288, of 9,700 it would be 291.
    const modest = { ...adult, annualIncome: 600_000 };
    const decision = decideCredit(modest, { ...good, existingMonthlyDebt: 21_000 }, classic, NOW);
    expect(decision).toMatchObject({ outcome: 'APPROVE', creditLimit: 960_000 });
    expect(minimumPaymentOn(960_000, classic)).toBe(28_800);
    expect(minimumPaymentOn(970_000, classic)).toBeGreaterThan(29_000);
  });

  it('declines with INSUFFICIENT_INCOME when not even the smallest limit is affordable', () => {
    expect(
      decideCredit({ ...adult, annualIncome: 12_000 }, { ...good, existingMonthlyDebt: 0 }, classic, NOW),
    ).toEqual(decline('INSUFFICIENT_INCOME'));
  });

  it('declines with DEBT_TO_INCOME_TOO_HIGH above 43% of monthly income in existing payments', () => {
    // 8,000 a month: 3,440 is 43%.
    expect(decideCredit(adult, { ...good, existingMonthlyDebt: 344_000 }, classic, NOW).outcome).toBe(
      'APPROVE',
    );
    expect(decideCredit(adult, { ...good, existingMonthlyDebt: 344_001 }, classic, NOW)).toEqual(
      decline('DEBT_TO_INCOME_TOO_HIGH'),
    );
  });

  it('declines with SCORE_TOO_LOW below the refer band and refers the band below the lowest approval', () => {
    expect(decideCredit(adult, { ...good, score: 619 }, classic, NOW)).toEqual(decline('SCORE_TOO_LOW'));
    expect(decideCredit(adult, { ...good, score: 620 }, classic, NOW)).toEqual({
      outcome: 'REFER',
      reason: 'SCORE_IN_REFER_BAND',
      ruleSetVersion: v,
    });
    expect(decideCredit(adult, { ...good, score: 660 }, classic, NOW)).toMatchObject({ aprTier: 'TIER_3' });
  });

  it('declines with TOO_MANY_INQUIRIES above five recent inquiries', () => {
    expect(decideCredit(adult, { ...good, recentInquiries: 5 }, classic, NOW).outcome).toBe('APPROVE');
    expect(decideCredit(adult, { ...good, recentInquiries: 6 }, classic, NOW)).toEqual(
      decline('TOO_MANY_INQUIRIES'),
    );
  });

  it('refers a thin file alone, and names it beside another reason', () => {
    expect(decideCredit(adult, { ...good, thinFile: true }, classic, NOW)).toEqual({
      outcome: 'REFER',
      reason: 'THIN_FILE',
      ruleSetVersion: v,
    });
    expect(decideCredit(adult, { ...good, thinFile: true, score: 500 }, classic, NOW)).toEqual(
      decline('SCORE_TOO_LOW', 'THIN_FILE'),
    );
  });

  describe('the under-21 rule', () => {
    // Born 2 December 2005: 20 on 1 December 2026, 21 the day after.
    const young = { ...adult, dateOfBirth: '2005-12-02', incomeIsIndependent: false };

    it('declines an applicant under 21 with neither independent income nor a co-signer', () => {
      expect(decideCredit(young, good, classic, NOW)).toEqual(decline('UNDER_21_NO_INDEPENDENT_INCOME'));
    });

    it('approves an applicant under 21 on independent income, and refers one with a co-signer to verify', () => {
      expect(decideCredit({ ...young, incomeIsIndependent: true }, good, classic, NOW).outcome).toBe(
        'APPROVE',
      );
      expect(decideCredit({ ...young, hasCoSigner: true }, good, classic, NOW)).toEqual({
        outcome: 'REFER',
        reason: 'CO_SIGNER_TO_VERIFY',
        ruleSetVersion: v,
      });
    });

    it('no longer applies from the 21st birthday', () => {
      expect(decideCredit(young, good, classic, Date.UTC(2026, 11, 2)).outcome).toBe('APPROVE');
    });

    it('declines anyone under 18 with BELOW_MINIMUM_AGE, whatever their income', () => {
      expect(decideCredit({ ...adult, dateOfBirth: '2009-01-01' }, good, classic, NOW)).toEqual(
        decline('BELOW_MINIMUM_AGE'),
      );
    });
  });

  it('names at most four principal reasons, the heaviest first', () => {
    const everything = { ...adult, dateOfBirth: '2006-06-01', incomeIsIndependent: false, annualIncome: 0 };
    const worst = {
      bureau: 'SIMULATED',
      score: 400,
      existingMonthlyDebt: 100_000,
      recentInquiries: 7,
      thinFile: true,
    };
    expect(decideCredit(everything, worst, classic, NOW)).toEqual(
      decline(
        'UNDER_21_NO_INDEPENDENT_INCOME',
        'SCORE_TOO_LOW',
        'INSUFFICIENT_INCOME',
        'DEBT_TO_INCOME_TOO_HIGH',
      ),
    );
  });

  it('decides by the market and product: CN in CNY under its own rule-set version', () => {
    const cn = creditPolicyFor('CN', 'UNIONPAY_CLASSIC') as CreditPolicy;
    expect(cn.currency).toBe('CNY');
    expect(decideCredit({ ...adult, annualIncome: 30_000_000 }, good, cn, NOW)).toEqual({
      outcome: 'APPROVE',
      creditLimit: 5_000_000,
      aprTier: 'TIER_1',
      ruleSetVersion: 'CN-UNIONPAY_CLASSIC-2026.12.1',
    });
    expect(creditPolicyFor('CN', 'PLATINUM')).toBeNull();
  });

  const applicants = fc.record({
    dateOfBirth: fc
      .integer({ min: Date.UTC(1930, 0, 1), max: Date.UTC(2012, 0, 1) })
      .map((t) => new Date(t).toISOString().slice(0, 10)),
    annualIncome: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50_000_000 })),
    incomeIsIndependent: fc.boolean(),
    hasCoSigner: fc.boolean(),
  });
  const reports = fc.record({
    bureau: fc.constant('SIMULATED'),
    score: fc.integer({ min: 300, max: 850 }),
    existingMonthlyDebt: fc.integer({ min: 0, max: 1_000_000 }),
    recentInquiries: fc.integer({ min: 0, max: 10 }),
    thinFile: fc.boolean(),
  });
  const policies = Object.values(CREDIT_POLICIES).flatMap((byProduct) => Object.values(byProduct));

  it('a decline always has one to four distinct reasons, heaviest first; every decision names its rule set', () => {
    fc.assert(
      fc.property(applicants, reports, fc.constantFrom(...policies), (a, r, p) => {
        const d = decideCredit(a, r, p, NOW);
        expect(d.ruleSetVersion).toBe(p.ruleSetVersion);
        if (d.outcome !== 'DECLINE') return;
        expect(d.reasons.length).toBeGreaterThanOrEqual(1);
        expect(d.reasons.length).toBeLessThanOrEqual(4);
        expect(new Set(d.reasons).size).toBe(d.reasons.length);
        const weights = d.reasons.map((c) => p.adverseActionWeights[c]);
        expect(weights).toEqual([...weights].sort((x, y) => y - x));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it('an approval is within the band and affordable: the minimum payment fits the income left after debts', () => {
    fc.assert(
      fc.property(applicants, reports, fc.constantFrom(...policies), (a, r, p) => {
        const d = decideCredit(a, r, p, NOW);
        if (d.outcome !== 'APPROVE') return;
        const band = p.approveBands.find((b) => r.score >= b.minScore);
        expect(d.aprTier).toBe(band?.aprTier);
        expect(d.creditLimit).toBeLessThanOrEqual(band?.creditLimit ?? 0);
        expect(d.creditLimit).toBeGreaterThanOrEqual(p.minCreditLimit);
        expect(d.creditLimit % p.creditLimitStep).toBe(0);
        expect(minimumPaymentOn(d.creditLimit, p)).toBeLessThanOrEqual(
          Math.floor(a.annualIncome / 12) - r.existingMonthlyDebt,
        );
      }),
      { numRuns: 3000, seed: 20261202 },
    );
  });
});
