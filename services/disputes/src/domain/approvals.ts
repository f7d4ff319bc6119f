/**
 * Separation of duties for money (docs/domain.md#disputes,
 * docs/adr/0023-least-privilege-operations.md): whoever opened a dispute or
 * credited it cannot also resolve it, and a credit above the policy's
 * `secondApproverAbove` waits for a second person's approval before it is
 * asked of the ledger. The policy acting on its own (the Reg Z provisional
 * credit when due) needs no approver.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import { SYSTEM, requireDecider } from './actors';
import type { DisputeCommandOf, DisputeEvent, DisputeState } from './dispute';
import type { DisputePolicy } from './policy';
import { provisionalCredit, resolution } from './money';

/** A credit one person asked for, waiting for a second one's approval. */
export interface PendingCredit {
  action: 'PROVISIONAL_CREDIT' | 'RESOLVE';
  amount: number;
  /** For RESOLVE: the outcome and explanation the requester gave. */
  outcome: 'CUSTOMER_WON' | null;
  explanation: string;
  requestedBy: Actor;
  at: number;
}

/** The people who may not resolve: the opener and whoever credited it provisionally (not the policy). */
export function handledBy(s: DisputeState): string[] {
  return s.history
    .filter((h) => h.action === 'opened' || h.action === 'provisional credit')
    .map((h) => h.actor.id)
    .filter((id) => id !== SYSTEM.id);
}

export function requireNotHandledBy(s: DisputeState, actor: Actor, what: string): void {
  if (handledBy(s).includes(actor.id))
    throw new DomainError(
      'FORBIDDEN',
      `${actor.id} opened or credited dispute ${s.disputeId}: ${what} needs someone else`,
    );
}

export function requireNoPendingCredit(s: DisputeState): void {
  if (s.pendingCredit)
    throw new DomainError(
      'INVALID_STATE',
      `a ${s.pendingCredit.amount} credit asked by ${s.pendingCredit.requestedBy.id} awaits a second approver`,
    );
}

/** Above the figure, a person's credit waits for a second approver instead of reaching the ledger. */
export function needsSecondApprover(amount: number, actor: Actor, p: DisputePolicy): boolean {
  return actor.id !== SYSTEM.id && amount > p.secondApproverAbove;
}

export function requestApproval(
  s: DisputeState,
  pending: Omit<PendingCredit, 'at'>,
  now: number,
): DisputeEvent[] {
  return [{ type: 'internal.credit-approval-requested', payload: { ...pending, at: now } }];
}

/**
 * A second person approves (the credit goes to the ledger as the requester
 * asked, under the requester's name) or declines the pending credit.
 */
export function decideCredit(cmd: DisputeCommandOf<'DecideCredit'>, s: DisputeState): DisputeEvent[] {
  requireDecider('approving a credit', cmd.actor);
  const pending = s.pendingCredit;
  if (!pending) throw new DomainError('INVALID_STATE', `no credit of dispute ${s.disputeId} awaits approval`);
  if (pending.requestedBy.id === cmd.actor.id)
    throw new DomainError('FORBIDDEN', 'the second approver must be someone other than the requester');
  if (pending.action === 'RESOLVE') requireNotHandledBy(s, cmd.actor, 'approving its resolution');
  const decided: DisputeEvent = {
    type: 'internal.credit-approval-decided',
    payload: { approved: cmd.approve, actor: cmd.actor, at: cmd.now },
  };
  if (!cmd.approve) return [decided];
  const money =
    pending.action === 'PROVISIONAL_CREDIT'
      ? provisionalCredit(s, pending.amount, pending.requestedBy, cmd.now)
      : resolution(s, 'CUSTOMER_WON', pending.explanation, pending.requestedBy, cmd.now);
  return [decided, ...money];
}
