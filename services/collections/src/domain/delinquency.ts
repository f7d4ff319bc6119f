/**
 * A case follows the ledger's delinquency (docs/domain.md#collections): it
 * opens when the account enters a delinquent bucket, moves with the bucket,
 * goes to the recovery stage at charge-off and closes, cured, when the
 * account is current again. A report older than the case's last one is
 * stale (a redelivery) and changes nothing.
 */
import { isDelinquent } from './buckets';
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { amountInDispute, collectableOf } from './collectable';
import { carriedFacts } from './contacts';
import { DomainError } from '@cardline/platform/domain';

export function openCase(cmd: CaseCommandOf<'OpenCase'>, s: CaseState | null): CaseEvent[] {
  if (s) throw new DomainError('ALREADY_EXISTS', `case ${cmd.caseId} already exists`);
  if (!isDelinquent(cmd.bucket))
    throw new DomainError('INVALID', `a case opens for a delinquent bucket, not ${cmd.bucket}`);
  const figures = { ledgerAmount: cmd.amountPastDue, ledgerAsOf: cmd.asOf, payments: [] };
  const timeZone = cmd.account?.timeZone ?? 'UTC';
  return [
    {
      type: 'collections.case.opened.v1',
      payload: {
        caseId: cmd.caseId,
        accountId: cmd.accountId,
        customerId: cmd.account?.customerId ?? null,
        market: cmd.account?.market ?? 'UNKNOWN',
        timeZone,
        bucket: cmd.bucket,
        daysPastDue: cmd.daysPastDue,
        amountPastDue: cmd.amountPastDue,
        openDisputes: cmd.openDisputes,
        amountInDispute: amountInDispute(cmd.openDisputes),
        collectableAmount: collectableOf({ ...figures, openDisputes: cmd.openDisputes }),
        currency: cmd.currency,
        openedAt: cmd.asOf,
      },
    },
    ...carriedFacts({ ...cmd, timeZone, openedAt: cmd.asOf }, cmd.priorFacts),
  ];
}

export function recordDelinquency(cmd: CaseCommandOf<'RecordDelinquency'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED' || cmd.asOf < s.ledgerAsOf) return [];
  if (cmd.bucket === 'CURRENT')
    return [
      {
        type: 'collections.case.closed.v1',
        payload: { caseId: s.caseId, accountId: s.accountId, outcome: 'CURED', closedAt: cmd.asOf },
      },
    ];
  if (!isDelinquent(cmd.bucket)) return [];
  if (cmd.bucket === s.bucket) {
    if (cmd.asOf === s.ledgerAsOf) return [];
    return [
      {
        type: 'internal.past-due-reported',
        payload: { amountPastDue: cmd.amountPastDue, daysPastDue: cmd.daysPastDue, asOf: cmd.asOf },
      },
    ];
  }
  const figures =
    s.stage === 'DELINQUENT' ? { ...s, ledgerAmount: cmd.amountPastDue, ledgerAsOf: cmd.asOf } : s;
  return [
    {
      type: 'collections.case.bucket-changed.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        bucket: cmd.bucket,
        previousBucket: s.bucket,
        daysPastDue: cmd.daysPastDue,
        amountPastDue: cmd.amountPastDue,
        collectableAmount: collectableOf(figures),
        currency: s.currency,
        changedAt: cmd.asOf,
      },
    },
  ];
}

/** Charge-off: the whole balance kept for recovery becomes what is collected (less open disputes). */
export function chargeOff(cmd: CaseCommandOf<'ChargeOff'>, s: CaseState): CaseEvent[] {
  if (s.status === 'CLOSED' || s.stage === 'RECOVERY') return [];
  const figures = { ...s, ledgerAmount: cmd.balance, ledgerAsOf: cmd.chargedOffAt };
  return [
    {
      type: 'collections.case.moved-to-recovery.v1',
      payload: {
        caseId: s.caseId,
        accountId: s.accountId,
        daysPastDue: cmd.daysPastDue,
        balance: cmd.balance,
        collectableAmount: collectableOf(figures),
        currency: s.currency,
        movedAt: cmd.chargedOffAt,
      },
    },
  ];
}
