/**
 * The two protections of a disputed charge, kept apart because their rules
 * differ (docs/domain.md#disputes): billing-error protection needs notice
 * within the window after the statement that first showed the charge (and
 * brings the provisional-credit deadline); the liability cap on unauthorised
 * use has no notice deadline (Reg Z 1026.12(b)).
 */
import type { DisputesDisputeOpenedV1 } from '@cardline/schemas';
import type { DisputeCommandOf, Kind } from './dispute';
import { DAY, type DisputePolicy } from './policy';

type Protection = DisputesDisputeOpenedV1['protection'];
const days = (ms: number) => Math.floor(ms / DAY);

export function billingErrorProtection(
  cmd: DisputeCommandOf<'Open'>,
  kind: Kind,
  p: DisputePolicy,
): { protection: Protection; protectionDetail: string } {
  const t = cmd.transaction;
  if (kind === 'FEE')
    return {
      protection: 'NOT_APPLICABLE',
      protectionDetail: 'a fee waiver request is decided by the goodwill policy',
    };
  if (!t.statement)
    return {
      protection: 'BILLING_ERROR_PROTECTED',
      protectionDetail: 'noticed before the transaction appeared on a statement',
    };
  const after = days(cmd.noticeAt - t.statement.closedAt);
  return after <= p.noticeWindowDays
    ? {
        protection: 'BILLING_ERROR_PROTECTED',
        protectionDetail: `noticed ${after} days after statement ${t.statement.statementId}, within ${p.noticeWindowDays}`,
      }
    : {
        protection: 'OUTSIDE_NOTICE_WINDOW',
        protectionDetail: `noticed ${after} days after statement ${t.statement.statementId}; billing-error protection needs notice within ${p.noticeWindowDays} days`,
      };
}

/**
 * The most the customer pays of an unauthorised-use claim: nothing with
 * billing-error protection (the issuer's zero liability), else the cap, once
 * per notice: the claims of one case share it.
 */
export function liabilityFor(
  cmd: DisputeCommandOf<'Open'>,
  protection: Protection,
  p: DisputePolicy,
): number {
  if (protection === 'BILLING_ERROR_PROTECTED') return 0;
  const capLeft = Math.max(0, p.unauthorisedUseLiabilityCap - cmd.liabilityInCase);
  return Math.min(cmd.disputedAmount, capLeft);
}

/** What the cap means for this claim, for the detail beside the billing-error protection (nothing to add under zero liability). */
export function liabilityDetail(liability: number, currency: string, protection: Protection): string | null {
  return protection === 'BILLING_ERROR_PROTECTED'
    ? null
    : `unauthorised use: the customer is liable for at most ${(liability / 100).toFixed(2)} ${currency} of this claim (liability cap, no notice deadline)`;
}
