/**
 * What the ledger opens for an approved sales application
 * (docs/adr/0018-sales-applications-service.md): the APR of each price tier
 * sales approves, the account id the application gives (so a redelivered
 * approval opens nothing new) and its billing cycle day.
 */
import { createHash } from 'node:crypto';
import type { Market } from './policy';

export type AprTier = 'TIER_1' | 'TIER_2' | 'TIER_3';

/** Purchase APR in basis points per approved tier (2499 = 24.99%). */
export const APR_BPS_BY_TIER: Readonly<Record<Market, Readonly<Record<AprTier, number>>>> = {
  US: { TIER_1: 1999, TIER_2: 2499, TIER_3: 2999 },
  CN: { TIER_1: 1500, TIER_2: 1825, TIER_3: 1825 },
};

/** One account per application: the id is derived from it. */
export const accountIdForApplication = (applicationId: string): string =>
  `acc_${createHash('sha256').update(applicationId).digest('hex').slice(0, 24)}`;

/** Statements close on a day spread over 1–28 by the application, the same on every redelivery. */
export const billingCycleDayFor = (applicationId: string): number =>
  (createHash('sha256').update(`cycle:${applicationId}`).digest().readUInt32BE(0) % 28) + 1;
