/**
 * Cancelling an enrolment, any time: within the cooling-off period every fee
 * paid comes back; after it, the unused part of the current paid month
 * (docs/domain.md#sales). Refunds are integer minor units.
 */
import { DomainError } from '@cardline/platform/domain';
import { periodAt } from './fee-periods';
import type { EnrolmentCommandOf, EnrolmentEvent, EnrolmentState } from './enrolment';
import { DAY, type AddOnPolicy } from './policy';

/**
 * The pro-rata refund of a fee for the period [start, end) cancelled at
 * `cancelledAt`. Whole days: the day of cancellation counts as used, and the
 * unused days' share is rounded up to the minor unit, in the customer's
 * favour. So 0 ≤ refund ≤ fee and refund + kept = fee.
 */
export function proRataRefund(
  fee: number,
  period: { start: number; end: number },
  cancelledAt: number,
): { refund: number; kept: number } {
  const periodDays = Math.round((period.end - period.start) / DAY);
  const usedDays = Math.min(periodDays, Math.floor((cancelledAt - period.start) / DAY) + 1);
  const refund = Math.ceil((fee * (periodDays - usedDays)) / periodDays);
  return { refund, kept: fee - refund };
}

export function coolingOffEndsAt(s: EnrolmentState, p: AddOnPolicy): number | null {
  return s.billingStartsAt === null ? null : s.billingStartsAt + p.coolingOffDays * DAY;
}

type Refund = Extract<EnrolmentEvent, { type: 'sales.enrolment.cancelled.v1' }>['payload']['refund'];

function refundOnCancel(s: EnrolmentState, p: AddOnPolicy, now: number): Refund {
  const none: Refund = { kind: 'NONE', amount: 0, periodKey: null, requestId: null };
  const paid = s.feesDue.reduce((sum, f) => sum + f.amount, 0);
  const requestId = `${s.enrolmentId}:refund`;
  if (s.status !== 'ACTIVE' || paid === 0 || s.billingStartsAt === null) return none;
  const coolingOffEnds = coolingOffEndsAt(s, p);
  if (coolingOffEnds !== null && now < coolingOffEnds)
    return { kind: 'COOLING_OFF_FULL', amount: paid, periodKey: null, requestId };
  if (s.pricing.kind !== 'MONTHLY') return none;
  const current = periodAt(s.billingStartsAt, now);
  const fee = s.feesDue.find((f) => f.periodKey === current.key);
  if (!fee) return none;
  const { refund } = proRataRefund(fee.amount, current, now);
  return refund > 0 ? { kind: 'PRO_RATA', amount: refund, periodKey: current.key, requestId } : none;
}

export function cancel(
  cmd: EnrolmentCommandOf<'Cancel'>,
  s: EnrolmentState,
  p: AddOnPolicy,
): EnrolmentEvent[] {
  if (s.status !== 'IN_TRIAL' && s.status !== 'ACTIVE')
    throw new DomainError('INVALID_STATE', `enrolment ${s.enrolmentId} is ${s.status}`, s.status);
  return [
    {
      type: 'sales.enrolment.cancelled.v1',
      payload: {
        enrolmentId: s.enrolmentId,
        accountId: s.accountId,
        reason: cmd.reason,
        refund: refundOnCancel(s, p, cmd.now),
        currency: s.currency,
        actor: cmd.actor,
        cancelledAt: cmd.now,
      },
    },
  ];
}
