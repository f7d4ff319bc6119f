/**
 * Opening a dispute: the transaction must fit the reason, the protections
 * apply (protection.ts: the notice decides billing-error protection and with
 * it the provisional-credit deadline; unauthorised use is capped whenever it
 * is noticed), and the regulatory clocks start. What the customer is not
 * liable for is credited at once; a fee request is decided by the goodwill
 * policy (goodwill.ts).
 */
import { DomainError } from '@cardline/platform/domain';
import { SYSTEM } from './actors';
import type { DisputeCommandOf, DisputeEvent, DisputeState, Kind } from './dispute';
import { goodwillByPolicy } from './goodwill';
import { provisionalCredit, type MoneyFacts } from './money';
import { DAY, addBusinessDays, resolveDueAt, type DisputePolicy } from './policy';
import { billingErrorProtection, liabilityDetail, liabilityFor } from './protection';
import type { Reason } from './reason-codes';

export function kindOf(reason: Reason): Kind {
  if (reason === 'LATE_FEE' || reason === 'OTHER_FEE') return 'FEE';
  return reason === 'UNAUTHORISED' ? 'FRAUD' : 'BILLING_ERROR';
}

export function openDispute(
  cmd: DisputeCommandOf<'Open'>,
  state: DisputeState | null,
  p: DisputePolicy,
): DisputeEvent[] {
  if (state) throw new DomainError('ALREADY_EXISTS', `dispute ${cmd.disputeId} already exists`);
  const t = cmd.transaction;
  const kind = kindOf(cmd.reason);
  if (t.accountId !== cmd.account.accountId)
    throw new DomainError(
      'NOT_FOUND',
      `transaction ${t.transactionId} is not on account ${cmd.account.accountId}`,
    );
  if (kind === 'FEE') {
    if (t.kind !== 'FEE')
      throw new DomainError('INVALID', `transaction ${t.transactionId} is a ${t.kind}, not a fee`);
    if (cmd.reason === 'LATE_FEE' && t.feeType !== 'LATE')
      throw new DomainError('INVALID', `transaction ${t.transactionId} is not a late fee`);
  } else if (t.kind !== 'PURCHASE' || t.direction !== 'DEBIT') {
    throw new DomainError(
      'INVALID',
      `only purchases can be disputed as ${cmd.reason}; ${t.transactionId} is a ${t.kind}`,
    );
  }
  if (!Number.isInteger(cmd.disputedAmount) || cmd.disputedAmount <= 0)
    throw new DomainError('INVALID', 'the disputed amount must be a positive integer of minor units');
  if (cmd.disputedAmount > t.amount)
    throw new DomainError(
      'INVALID',
      `the disputed amount ${cmd.disputedAmount} is above the charge of ${t.amount}`,
    );
  if (cmd.noticeAt > cmd.now) throw new DomainError('INVALID', 'the notice cannot be in the future');

  const { protection, protectionDetail: billingErrorDetail } = billingErrorProtection(cmd, kind, p);
  const customerLiability = kind === 'FRAUD' ? liabilityFor(cmd, protection, p) : null;
  const capDetail =
    customerLiability === null ? null : liabilityDetail(customerLiability, t.currency, protection);
  const protectionDetail = capDetail ? `${billingErrorDetail}; ${capDetail}` : billingErrorDetail;
  const acknowledgeDueAt = cmd.noticeAt + p.acknowledgeDays * DAY;
  const resolveDue = resolveDueAt(cmd.noticeAt, cmd.account.billingCycleDay, cmd.account.timeZone, p);
  const provisionalCreditDueAt =
    protection === 'BILLING_ERROR_PROTECTED'
      ? addBusinessDays(cmd.noticeAt, p.provisionalCreditBusinessDays)
      : null;
  const opened: DisputeEvent = {
    type: 'disputes.dispute.opened.v1',
    payload: {
      disputeId: cmd.disputeId,
      caseId: cmd.caseId,
      accountId: cmd.account.accountId,
      customerId: cmd.account.customerId,
      cardId: t.cardId,
      kind,
      reason: cmd.reason,
      transactionId: t.transactionId,
      transactionAmount: t.amount,
      transactionPostedAt: t.postedAt,
      network: cmd.network,
      disputedAmount: cmd.disputedAmount,
      currency: t.currency,
      statementId: t.statement?.statementId ?? null,
      protection,
      protectionDetail,
      noticeAt: cmd.noticeAt,
      acknowledgeDueAt,
      resolveDueAt: resolveDue,
      provisionalCreditDueAt,
      customerLiability,
      source: cmd.source,
      actor: cmd.actor,
      openedAt: cmd.now,
    },
  };
  const opening: MoneyFacts = {
    disputeId: cmd.disputeId,
    accountId: cmd.account.accountId,
    currency: t.currency,
    transactionId: t.transactionId,
    kind,
    disputedAmount: cmd.disputedAmount,
    provisionalCredit: null,
  };
  // Unauthorised use: what the customer is not liable for is credited at once, not at a deadline.
  const credit = customerLiability === null ? 0 : cmd.disputedAmount - customerLiability;
  if (credit > 0) return [opened, ...provisionalCredit(opening, credit, SYSTEM, cmd.now)];
  if (kind === 'FEE') return [opened, ...goodwillByPolicy(cmd, opening, p)];
  return [opened];
}
