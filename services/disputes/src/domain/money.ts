/**
 * Money: provisional credit while a dispute is open, and the resolution with
 * the movement it implies (credit, provisional made permanent, or reversed).
 * Every movement is a request to the ledger with a requestId derived from
 * the dispute, so the ledger posts each at most once.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { DisputesDisputeResolvedV1 } from '@cardline/schemas';
import { requireDecider } from './actors';
import type { DisputeCommandOf, DisputeEvent, DisputeState, Outcome } from './dispute';
import type { DisputePolicy } from './policy';
import {
  needsSecondApprover,
  requestApproval,
  requireNoPendingCredit,
  requireNotHandledBy,
} from './approvals';

/** What the money rules read of a dispute (a dispute being opened has no state yet). */
export type MoneyFacts = Pick<
  DisputeState,
  'disputeId' | 'accountId' | 'currency' | 'transactionId' | 'kind' | 'disputedAmount' | 'provisionalCredit'
>;

export function issueProvisionalCredit(
  cmd: DisputeCommandOf<'IssueProvisionalCredit'>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  requireNoPendingCredit(s);
  if (s.kind === 'FEE')
    throw new DomainError('INVALID', 'a fee request is waived or not; it gets no provisional credit');
  if (s.provisionalCredit)
    throw new DomainError('INVALID_STATE', `dispute ${s.disputeId} already has provisional credit`);
  if (!Number.isInteger(cmd.amount) || cmd.amount <= 0 || cmd.amount > s.disputedAmount)
    throw new DomainError(
      'INVALID',
      `credit must be a positive amount no larger than the disputed ${s.disputedAmount}`,
    );
  if (needsSecondApprover(cmd.amount, cmd.actor, p))
    return requestApproval(
      s,
      {
        action: 'PROVISIONAL_CREDIT',
        amount: cmd.amount,
        outcome: null,
        explanation: '',
        requestedBy: cmd.actor,
      },
      cmd.now,
    );
  return provisionalCredit(s, cmd.amount, cmd.actor, cmd.now);
}

/** The credit a customer's win asks of the ledger now: none when the provisional credit covers it. */
export function newCreditOnWin(s: MoneyFacts): number {
  const pc = s.provisionalCredit;
  return pc && pc.amount >= s.disputedAmount ? 0 : s.disputedAmount - (pc?.amount ?? 0);
}

export function resolve(cmd: DisputeCommandOf<'Resolve'>, s: DisputeState, p: DisputePolicy): DisputeEvent[] {
  requireDecider('resolving a dispute', cmd.actor);
  requireNotHandledBy(s, cmd.actor, 'resolving it');
  requireNoPendingCredit(s);
  if (cmd.outcome === 'MERCHANT_WON' && !cmd.explanation.trim())
    throw new DomainError(
      'INVALID',
      'a dispute the merchant wins needs a written explanation for the customer',
    );
  const credit = cmd.outcome === 'CUSTOMER_WON' ? newCreditOnWin(s) : 0;
  if (needsSecondApprover(credit, cmd.actor, p))
    return requestApproval(
      s,
      {
        action: 'RESOLVE',
        amount: credit,
        outcome: 'CUSTOMER_WON',
        explanation: cmd.explanation,
        requestedBy: cmd.actor,
      },
      cmd.now,
    );
  return resolution(s, cmd.outcome, cmd.explanation, cmd.actor, cmd.now);
}

export function withdraw(cmd: DisputeCommandOf<'Withdraw'>, s: DisputeState): DisputeEvent[] {
  return resolution(s, 'WITHDRAWN', cmd.explanation, cmd.actor, cmd.now);
}

export function provisionalCredit(s: MoneyFacts, amount: number, actor: Actor, now: number): DisputeEvent[] {
  const ids = { disputeId: s.disputeId, accountId: s.accountId };
  return [
    {
      type: 'disputes.dispute.provisional-credit-issued.v1',
      payload: {
        ...ids,
        requestId: `${s.disputeId}:provisional`,
        amount,
        currency: s.currency,
        actor,
        issuedAt: now,
      },
    },
    adjustment(s, 'provisional', amount, `Provisional credit while dispute ${s.disputeId} is open`, now),
  ];
}

/** The end of a dispute and the money movement it implies. */
export function resolution(
  s: MoneyFacts,
  outcome: Outcome,
  explanation: string,
  actor: Actor,
  now: number,
): DisputeEvent[] {
  const events: DisputeEvent[] = [];
  let creditAction: DisputesDisputeResolvedV1['creditAction'] = 'NONE';
  let amount = 0;
  const pc = s.provisionalCredit;
  if (outcome === 'CUSTOMER_WON') {
    amount = s.disputedAmount;
    if (pc && pc.amount >= s.disputedAmount) creditAction = 'PROVISIONAL_MADE_PERMANENT';
    else {
      creditAction = 'CREDITED';
      const what = s.kind === 'FEE' ? 'fee-waiver' : 'credit';
      events.push(
        adjustment(
          s,
          what,
          s.disputedAmount - (pc?.amount ?? 0),
          `Dispute ${s.disputeId} resolved in the customer's favour`,
          now,
        ),
      );
    }
  } else if (pc) {
    // Merchant won or withdrawn: the provisional credit is reversed, i.e. the amount is billed again.
    creditAction = 'PROVISIONAL_REVERSED';
    amount = pc.amount;
    events.push(adjustment(s, 'reversal', pc.amount, `Dispute ${s.disputeId}: ${explanation}`, now));
  }
  return [
    {
      type: 'disputes.dispute.resolved.v1',
      payload: {
        disputeId: s.disputeId,
        accountId: s.accountId,
        outcome,
        amount,
        currency: s.currency,
        creditAction,
        explanation,
        actor,
        resolvedAt: now,
      },
    },
    ...events,
  ];
}

/** A request to the ledger; its requestId (dispute and purpose) lets the ledger post it once. */
function adjustment(
  s: Pick<DisputeState, 'disputeId' | 'accountId' | 'currency' | 'transactionId'>,
  what: 'provisional' | 'reversal' | 'credit' | 'fee-waiver',
  amount: number,
  reason: string,
  now: number,
): DisputeEvent {
  const kind = {
    provisional: 'PROVISIONAL_CREDIT',
    reversal: 'PROVISIONAL_CREDIT_REVERSAL',
    credit: 'DISPUTE_CREDIT',
    'fee-waiver': 'FEE_WAIVER',
  } as const;
  return {
    type: 'ledger.adjustment.requested.v1',
    subject: s.accountId,
    payload: {
      requestId: `${s.disputeId}:${what}`,
      accountId: s.accountId,
      direction: what === 'reversal' ? 'DEBIT' : 'CREDIT',
      kind: kind[what],
      amount,
      currency: s.currency,
      reason,
      relatedTransactionId: s.transactionId,
      requestedBy: 'disputes',
      requestedAt: now,
    },
  };
}
