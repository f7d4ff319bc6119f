/**
 * Figures for promises to pay, per market, each beside the rule it sets
 * (docs/domain.md#collections, "Promises and plans"). The contact rules are
 * the contact gate's, not here.
 */
export type Market = 'US' | 'CN';

export interface CasePolicy {
  /** Days after a promised date a payment still keeps the promise (contact stays suppressed through them). */
  promiseGraceDays: number;
  /** Most instalments one promise may have. */
  maxInstalments: number;
  /** How far ahead the last promised date may be, in days from today (local). */
  maxPromiseDaysAhead: number;
}

export const DEFAULT_CASE_POLICIES: Record<Market, CasePolicy> = {
  US: { promiseGraceDays: 2, maxInstalments: 6, maxPromiseDaysAhead: 90 },
  CN: { promiseGraceDays: 2, maxInstalments: 6, maxPromiseDaysAhead: 90 },
};

/** The policy of a market, with the grace days the service was configured with (PROMISE_GRACE_DAYS). */
export function casePolicyFor(market: string, graceDays?: number): CasePolicy {
  const base = DEFAULT_CASE_POLICIES[market === 'CN' ? 'CN' : 'US'];
  return graceDays === undefined ? base : { ...base, promiseGraceDays: graceDays };
}
