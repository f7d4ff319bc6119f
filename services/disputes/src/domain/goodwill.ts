/**
 * Goodwill on fee requests: the policy waives a fee unless one was waived
 * within the look-back; a decider may override either way, with a reason.
 * A waiver resolves the dispute for the customer, a decline for the merchant.
 */
import { DomainError } from '@cardline/platform/domain';
import { requireDecider, SYSTEM } from './actors';
import type { DisputeCommandOf, DisputeEvent, DisputeState } from './dispute';
import { resolution, type MoneyFacts } from './money';
import { monthsBefore, type DisputePolicy } from './policy';

/** The policy's decision on a fee request being opened, and the resolution a waiver brings. */
export function goodwillByPolicy(
  cmd: DisputeCommandOf<'Open'>,
  s: MoneyFacts,
  p: DisputePolicy,
): DisputeEvent[] {
  const waive = cmd.recentFeeWaivers < p.goodwillMaxWaivers;
  const decided: DisputeEvent = {
    type: 'disputes.dispute.goodwill-decided.v1',
    payload: {
      disputeId: cmd.disputeId,
      accountId: cmd.account.accountId,
      decision: waive ? 'WAIVED' : 'DECLINED',
      decidedBy: 'POLICY',
      reason: waive
        ? `no fee waived in the last ${p.goodwillLookbackMonths} months`
        : `${cmd.recentFeeWaivers} fee(s) already waived since ${new Date(monthsBefore(cmd.now, p.goodwillLookbackMonths)).toISOString().slice(0, 10)}`,
      actor: SYSTEM,
      decidedAt: cmd.now,
    },
  };
  return waive
    ? [decided, ...resolution(s, 'CUSTOMER_WON', 'Fee waived as a goodwill gesture', SYSTEM, cmd.now)]
    : [decided];
}

export function overrideGoodwill(cmd: DisputeCommandOf<'OverrideGoodwill'>, s: DisputeState): DisputeEvent[] {
  if (s.kind !== 'FEE') throw new DomainError('INVALID', 'only fee requests have a goodwill decision');
  requireDecider('overriding the goodwill policy', cmd.actor);
  if (!cmd.reason.trim()) throw new DomainError('INVALID', 'an override needs a reason');
  const decided: DisputeEvent = {
    type: 'disputes.dispute.goodwill-decided.v1',
    payload: {
      disputeId: s.disputeId,
      accountId: s.accountId,
      decision: cmd.decision,
      decidedBy: 'OVERRIDE',
      reason: cmd.reason,
      actor: cmd.actor,
      decidedAt: cmd.now,
    },
  };
  return [
    decided,
    ...resolution(
      s,
      cmd.decision === 'WAIVED' ? 'CUSTOMER_WON' : 'MERCHANT_WON',
      cmd.reason,
      cmd.actor,
      cmd.now,
    ),
  ];
}
