/**
 * Delinquency buckets by days past due, as the ledger publishes them
 * (docs/domain.md#collections): a case is open while the account is in one
 * of them; charge-off at 180 days moves it to recovery.
 */
import type { LedgerAccountDelinquencyChangedV1 } from '@cardline/schemas';

export type LedgerBucket = LedgerAccountDelinquencyChangedV1['bucket'];
export type Bucket = Exclude<LedgerBucket, 'CURRENT'>;

/** The delinquent buckets, with the days past due each covers (the ledger's `bucketFor`). */
export const DELINQUENT_BUCKETS: readonly { bucket: Bucket; fromDays: number; toDays: number }[] = [
  { bucket: 'DPD_1_29', fromDays: 1, toDays: 29 },
  { bucket: 'DPD_30_59', fromDays: 30, toDays: 59 },
  { bucket: 'DPD_60_89', fromDays: 60, toDays: 89 },
  { bucket: 'DPD_90_119', fromDays: 90, toDays: 119 },
  { bucket: 'DPD_120_179', fromDays: 120, toDays: 179 },
];

/** A ledger bucket a case is opened for (UNKNOWN, from a newer ledger, is not). */
export function isDelinquent(b: LedgerBucket): b is Bucket {
  return DELINQUENT_BUCKETS.some((d) => d.bucket === b) || b === 'CHARGE_OFF';
}
