/**
 * The collectors' work queue order (docs/domain.md#collections, issue 20
 * item 3): the later bucket first, then the larger collectable amount, then
 * more broken promises, then the longest since the last contact (never
 * contacted first). Suppressed cases are not worked.
 */
import type { Bucket } from './buckets';
import type { CaseState } from './case';

export interface WorkItem {
  caseId: string;
  bucket: Bucket;
  collectableAmount: number;
  brokenPromises: number;
  lastContactAt: number | null;
}

/** Later buckets rank higher; recovery (charge-off) highest. */
export const BUCKET_RANK: Readonly<Record<Bucket, number>> = {
  UNKNOWN: 0,
  DPD_1_29: 1,
  DPD_30_59: 2,
  DPD_60_89: 3,
  DPD_90_119: 4,
  DPD_120_179: 5,
  CHARGE_OFF: 6,
};

/** Negative when `a` is worked before `b`; ties go to the smaller case id, as the store's sort does. */
export function byPriority(a: WorkItem, b: WorkItem): number {
  return (
    BUCKET_RANK[b.bucket] - BUCKET_RANK[a.bucket] ||
    b.collectableAmount - a.collectableAmount ||
    b.brokenPromises - a.brokenPromises ||
    (a.lastContactAt ?? -Infinity) - (b.lastContactAt ?? -Infinity) ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)
  );
}

/** The same order over the case documents' index fields (a null lastContactAt sorts first). */
export const PRIORITY_SORT = {
  bucketRank: -1,
  collectableAmount: -1,
  brokenPromises: -1,
  lastContactAt: 1,
  _id: 1,
} as const;

/** Not worked while a promise suppresses contact. */
export function isWorkable(suppressedUntil: number | null, now: number): boolean {
  return suppressedUntil === null || suppressedUntil <= now;
}

export function workItemOf(s: CaseState): WorkItem {
  return {
    caseId: s.caseId,
    bucket: s.bucket,
    collectableAmount: s.collectableAmount,
    brokenPromises: s.promises.filter((p) => p.status === 'BROKEN').length,
    lastContactAt: s.lastContactAt,
  };
}
