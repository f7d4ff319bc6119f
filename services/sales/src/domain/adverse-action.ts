/**
 * Adverse-action reasons: the specific principal reasons a decline states
 * (US Reg B 1002.9(b)(2) — "nearest match" generic codes do not comply) and
 * the notice record a decline produces (docs/domain.md#sales).
 */
export type AdverseActionCode =
  | 'BELOW_MINIMUM_AGE'
  | 'UNDER_21_NO_INDEPENDENT_INCOME'
  | 'SCORE_TOO_LOW'
  | 'INSUFFICIENT_INCOME'
  | 'DEBT_TO_INCOME_TOO_HIGH'
  | 'TOO_MANY_INQUIRIES'
  | 'THIN_FILE';

/** The statement of each reason as the notice prints it. */
export const REASON_TEXT: Readonly<Record<AdverseActionCode, string>> = {
  BELOW_MINIMUM_AGE: 'Applicant is below the minimum age to enter a credit agreement',
  UNDER_21_NO_INDEPENDENT_INCOME: 'Applicant under 21 without independent income or a co-signer',
  SCORE_TOO_LOW: 'Credit score below our minimum for this product',
  INSUFFICIENT_INCOME: 'Income insufficient to make the minimum payment after existing obligations',
  DEBT_TO_INCOME_TOO_HIGH: 'Existing debt payments too high in relation to income',
  TOO_MANY_INQUIRIES: 'Too many recent inquiries for credit',
  THIN_FILE: 'Limited credit history',
};

/** What the customer is told on a decline: the reasons and, because a score was used, the score and its source (FCRA 615(a)). */
export interface AdverseActionNotice {
  applicationId: string;
  reasons: { code: AdverseActionCode; text: string }[];
  score: number;
  bureau: string;
  ruleSetVersion: string;
  decidedAt: number;
}

export function adverseActionNotice(
  applicationId: string,
  reasons: readonly AdverseActionCode[],
  report: { score: number; bureau: string },
  ruleSetVersion: string,
  decidedAt: number,
): AdverseActionNotice {
  return {
    applicationId,
    reasons: reasons.map((code) => ({ code, text: REASON_TEXT[code] })),
    score: report.score,
    bureau: report.bureau,
    ruleSetVersion,
    decidedAt,
  };
}
