import { activePromise, suppressedUntil, type CaseState } from '../../domain/case';
import { amountInDispute, amountOwedNow } from '../../domain/collectable';
import { paidToward } from '../../domain/promises';
import { workItemOf } from '../../domain/worklist';
import type { ContactDecisionRecord } from '../../application/ports';
import type { CollectionsCaseContactAttemptedV1, CollectionsCaseContactDecidedV1 } from '@cardline/schemas';

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
    strategy: s.strategy ? { strategyId: s.strategy.strategyId, variantId: s.strategy.variantId } : null,
    openedAt: iso(s.openedAt),
    closedAt: iso(s.closedAt),
  };
}

/** The contact facts as the gate reads them (the ledger account's zone unless one was recorded). */
export function factsView(s: CaseState) {
  const f = s.contactFacts;
  return {
    caseId: s.caseId,
    accountId: s.accountId,
    facts: {
      ceaseRequested: f.ceaseRequested,
      attorneyOnFile: f.attorneyOnFile,
      doNotContact: f.doNotContact,
      mobile: f.mobile,
      autodialConsentOnMobile: f.autodialConsentOnMobile,
      validationNoticeSentAt: iso(f.validationNoticeSentAt),
      timeZone: f.timeZone ?? s.timeZone,
    },
  };
}

export function decisionView(d: ContactDecisionRecord) {
  return {
    attemptId: d.attemptId,
    caseId: d.caseId,
    accountId: d.accountId,
    channel: d.channel,
    party: d.party,
    market: d.market,
    allowed: d.allowed,
    ruleIds: d.ruleIds,
    reason: d.reason,
    nextAllowedAt: d.nextAllowedAt === null ? null : d.nextAllowedAt.toISOString(),
    requestedBy: d.requestedBy,
    decidedAt: d.decidedAt.toISOString(),
  };
}

/** The gate's decision as the case event carries it. */
export function decidedView(p: CollectionsCaseContactDecidedV1) {
  return {
    attemptId: p.attemptId,
    caseId: p.caseId,
    accountId: p.accountId,
    channel: p.channel,
    party: p.party,
    market: p.market,
    allowed: p.allowed,
    ruleIds: p.ruleIds,
    reason: p.reason,
    nextAllowedAt: iso(p.nextAllowedAt),
    requestedBy: p.requestedBy,
    decidedAt: iso(p.decidedAt),
  };
}

export function contactRecordView(p: CollectionsCaseContactAttemptedV1) {
  return {
    attemptId: p.attemptId,
    caseId: p.caseId,
    channel: p.channel,
    party: p.party,
    outcome: p.outcome,
    attemptedAt: iso(p.attemptedAt),
    recordedAt: iso(p.recordedAt),
    recordingRef: p.recordingRef,
    collector: p.collector,
  };
}

export function workItemView(w: { state: CaseState; claimedBy: string | null; claimedUntil: Date | null }) {
  const item = workItemOf(w.state);
  return {
    case: caseView(w.state),
    brokenPromises: item.brokenPromises,
    lastContactAt: iso(item.lastContactAt),
    claimedBy: w.claimedBy,
    claimedUntil: w.claimedUntil === null ? null : w.claimedUntil.toISOString(),
  };
}
