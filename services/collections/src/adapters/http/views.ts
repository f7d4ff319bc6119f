import { activePromise, suppressedUntil, type CaseState } from '../../domain/case';
import { amountInDispute, amountOwedNow } from '../../domain/collectable';
import { paidToward } from '../../domain/promises';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** What a collector sees of a case. */
export function caseView(s: CaseState) {
  const running = activePromise(s);
  return {
    caseId: s.caseId,
    accountId: s.accountId,
    customerId: s.customerId,
    market: s.market,
    timeZone: s.timeZone,
    status: s.status,
    stage: s.stage,
    bucket: s.bucket,
    daysPastDue: s.daysPastDue,
    amountOwed: amountOwedNow(s),
    amountInDispute: amountInDispute(s.openDisputes),
    openDisputes: s.openDisputes,
    collectableAmount: s.collectableAmount,
    currency: s.currency,
    promises: s.promises.map((p) => ({
      promiseId: p.promiseId,
      status: p.status,
      instalments: p.instalments.map((i, n) => ({
        amount: i.amount,
        dueDate: i.dueDate,
        deadlineAt: iso(i.deadlineAt),
        met: n < p.instalmentsMet || p.status === 'KEPT',
      })),
      totalAmount: p.totalAmount,
      paidAmount: paidToward(p, s, p === running ? Number.MAX_SAFE_INTEGER : (p.resolvedAt ?? p.madeAt)),
      graceDays: p.graceDays,
      madeBy: p.actor,
      madeAt: iso(p.madeAt),
      resolvedAt: iso(p.resolvedAt),
    })),
    suppressedUntil: iso(suppressedUntil(s)),
    strategyResumesAt: iso(s.strategyResumesAt),
    openedAt: iso(s.openedAt),
    closedAt: iso(s.closedAt),
  };
}
