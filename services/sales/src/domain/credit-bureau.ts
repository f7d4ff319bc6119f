/**
 * A simulated credit bureau, deterministic per applicant: the same applicant
 * key always gives the same report, so demos and tests can rely on it. The
 * bureau adapter (to come) wraps it; a real bureau replaces it there.
 */
import { createHash } from 'node:crypto';

export interface BureauReport {
  bureau: string;
  /** FICO-like, 300–850. */
  score: number;
  /** Payments due each month on debts already reported (minor units). */
  existingMonthlyDebt: number;
  /** Hard inquiries in the bureau's look-back. */
  recentInquiries: number;
  /** Too little history for the score to be relied on alone. */
  thinFile: boolean;
}

export const SIMULATED_BUREAU = 'SIMULATED';
const MIN_SCORE = 300;
const MAX_SCORE = 850;

/** `maxMonthlyDebt`: the range debts are drawn from, in the market's minor units. */
export function simulatedBureauReport(applicantKey: string, maxMonthlyDebt = 300_000): BureauReport {
  const h = createHash('sha256').update(applicantKey).digest();
  return {
    bureau: SIMULATED_BUREAU,
    score: MIN_SCORE + (h.readUInt32BE(0) % (MAX_SCORE - MIN_SCORE + 1)),
    existingMonthlyDebt: h.readUInt32BE(4) % (maxMonthlyDebt + 1),
    recentInquiries: (h[8] as number) % 8,
    // One file in ten is thin.
    thinFile: (h[9] as number) % 10 === 0,
  };
}
