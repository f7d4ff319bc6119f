/**
 * The credit decision: an application's figures and its bureau report,
 * judged by the product's rules (policy.ts), give an approval with a limit
 * and APR tier, a decline with its principal reasons, or a referral to an
 * underwriter. Pure and total: every applicant gets exactly one outcome, and
 * the rule-set version that made it.
 */
import type { AdverseActionCode } from './adverse-action';
import type { BureauReport } from './credit-bureau';
import { ageOn } from './calendar';
import type { AprTier, CreditPolicy } from './policy';

/** What the decision reads from the application (decrypted by the application layer; never in an event). */
export interface CreditApplicant {
  dateOfBirth: string;
  /** Gross, minor units a year. */
  annualIncome: number;
  /** The applicant's own income, not a household's (the under-21 rule). */
  incomeIsIndependent: boolean;
  hasCoSigner: boolean;
}

export type ReferReason = 'CO_SIGNER_TO_VERIFY' | 'THIN_FILE' | 'SCORE_IN_REFER_BAND';

export type CreditDecision =
  | { outcome: 'APPROVE'; creditLimit: number; aprTier: AprTier; ruleSetVersion: string }
  | { outcome: 'DECLINE'; reasons: AdverseActionCode[]; ruleSetVersion: string }
  | { outcome: 'REFER'; reason: ReferReason; ruleSetVersion: string };

/** The largest limit, in whole steps, whose minimum payment the income left after existing debts covers. */
export function affordableLimit(applicant: CreditApplicant, report: BureauReport, p: CreditPolicy): number {
  const residual = Math.floor(applicant.annualIncome / 12) - report.existingMonthlyDebt;
  if (residual <= 0) return 0;
  // ceil(limit × bps / 10 000) ≤ residual exactly when limit ≤ residual × 10 000 / bps.
  const most = Math.floor((residual * 10_000) / p.minimumPaymentBps);
  return Math.floor(most / p.creditLimitStep) * p.creditLimitStep;
}

/** The minimum payment on a fully drawn limit, as the ability-to-pay rule takes it. */
export function minimumPaymentOn(limit: number, p: CreditPolicy): number {
  return Math.ceil((limit * p.minimumPaymentBps) / 10_000);
}

/** Every adverse-action rule the applicant fails, unordered. */
function failedRules(a: CreditApplicant, r: BureauReport, p: CreditPolicy, now: number): AdverseActionCode[] {
  const failed: AdverseActionCode[] = [];
  const age = ageOn(a.dateOfBirth, now);
  if (age < p.minimumAge) failed.push('BELOW_MINIMUM_AGE');
  else if (age < p.independentIncomeBelowAge && !a.incomeIsIndependent && !a.hasCoSigner)
    failed.push('UNDER_21_NO_INDEPENDENT_INCOME');
  if (r.score < p.referMinScore) failed.push('SCORE_TOO_LOW');
  const monthlyIncome = Math.floor(a.annualIncome / 12);
  if (r.existingMonthlyDebt * 10_000 > p.maxDebtToIncomeBps * monthlyIncome)
    failed.push('DEBT_TO_INCOME_TOO_HIGH');
  if (affordableLimit(a, r, p) < p.minCreditLimit) failed.push('INSUFFICIENT_INCOME');
  if (r.recentInquiries > p.maxRecentInquiries) failed.push('TOO_MANY_INQUIRIES');
  // A thin file is a principal reason only beside another; alone it goes to an underwriter.
  if (r.thinFile && failed.length > 0) failed.push('THIN_FILE');
  return failed;
}

export function decideCredit(
  applicant: CreditApplicant,
  report: BureauReport,
  p: CreditPolicy,
  now: number,
): CreditDecision {
  const ruleSetVersion = p.ruleSetVersion;
  const failed = failedRules(applicant, report, p, now);
  if (failed.length > 0) {
    const reasons = [...failed]
      .sort((x, y) => p.adverseActionWeights[y] - p.adverseActionWeights[x])
      .slice(0, p.maxAdverseActionReasons);
    return { outcome: 'DECLINE', reasons, ruleSetVersion };
  }
  const refer = (reason: ReferReason): CreditDecision => ({ outcome: 'REFER', reason, ruleSetVersion });
  if (ageOn(applicant.dateOfBirth, now) < p.independentIncomeBelowAge && !applicant.incomeIsIndependent)
    return refer('CO_SIGNER_TO_VERIFY');
  if (report.thinFile) return refer('THIN_FILE');
  const band = p.approveBands.find((b) => report.score >= b.minScore);
  if (!band) return refer('SCORE_IN_REFER_BAND');
  const creditLimit = Math.min(band.creditLimit, affordableLimit(applicant, report, p));
  return { outcome: 'APPROVE', creditLimit, aprTier: band.aprTier, ruleSetVersion };
}
