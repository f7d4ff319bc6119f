/**
 * Goodwill on fee requests (docs/domain.md#disputes): the policy waives the
 * first late fee in the look-back, and another fee unless fees were already
 * waived in it; a decider may override either way, with a reason.
 * A waiver resolves the dispute for the customer, a decline for the merchant.
 */
import { DomainError } from '@cardline/platform/domain';
import { requireDecider, SYSTEM } from './actors';
import type { DisputeCommandOf, DisputeEvent, DisputeState } from './dispute';
import { resolution, type MoneyFacts } from './money';
import { localDate, monthsBefore, type DisputePolicy } from './policy';

/** The policy's decision on a fee request being opened, and the resolution a waiver brings. */
export function goodwillByPolicy(
  cmd: DisputeCommandOf<'Open'>,
  s: MoneyFacts,
  p: DisputePolicy,
): DisputeEvent[] {
  const { waive, reason } = cmd.reason === 'LATE_FEE' ? firstLateFee(cmd, p) : noRecentWaiver(cmd, p);
  const decided: DisputeEvent = {
    type: 'disputes.dispute.goodwill-decided.v1',
    payload: {
      disputeId: cmd.disputeId,
      accountId: cmd.account.accountId,
      decision: waive ? 'WAIVED' : 'DECLINED',
      decidedBy: 'POLICY',
      reason,
      actor: SYSTEM,
      decidedAt: cmd.now,
    },
  };
  return waive
    ? [decided, ...resolution(s, 'CUSTOMER_WON', 'Fee waived as a goodwill gesture', SYSTEM, cmd.now)]
    : [decided];
}

type PolicyDecision = { waive: boolean; reason: string };

/** The first late fee charged in the look-back before it is waived; earlier waivers, of any fee, do not matter. */
function firstLateFee(cmd: DisputeCommandOf<'Open'>, p: DisputePolicy): PolicyDecision {
  const fee = cmd.transaction.postedAt;
  const zone = cmd.account.timeZone;
  const from = monthsBefore(fee, p.goodwillLookbackMonths, zone);
  const earlier = cmd.earlierLateFeesAt.filter((t) => t >= from && t < fee).length;
  return earlier < p.goodwillMaxWaivers
    ? { waive: true, reason: `the first late fee in ${p.goodwillLookbackMonths} months` }
    : { waive: false, reason: `${earlier} earlier late fee(s) since ${localDate(from, zone)}` };
}

/** Another fee is waived unless fees were already waived in the look-back. */
function noRecentWaiver(cmd: DisputeCommandOf<'Open'>, p: DisputePolicy): PolicyDecision {
  const since = localDate(
    monthsBefore(cmd.now, p.goodwillLookbackMonths, cmd.account.timeZone),
    cmd.account.timeZone,
  );
  return cmd.recentFeeWaivers < p.goodwillMaxWaivers
    ? { waive: true, reason: `no fee waived in the last ${p.goodwillLookbackMonths} months` }
    : { waive: false, reason: `${cmd.recentFeeWaivers} fee(s) already waived since ${since}` };
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
