/**
 * The free trial and the monthly fee, as the durable timer drives them: a
 * reminder before the trial ends, then converted only with a recorded
 * conversion agreement, else lapsed; once paid, one fee per fee period
 * (fee-periods.ts), each exactly once however often the timer ticks.
 */
import { DomainError } from '@cardline/platform/domain';
import { missingConversionElements, ConsentIncomplete } from './consent';
import type { EnrolmentCommandOf, EnrolmentEvent, EnrolmentState } from './enrolment';
import { feePeriod, periodsStartedBy, type FeePeriod } from './fee-periods';
import { DAY, type AddOnPolicy } from './policy';

/** The fee due for a monthly period: its request id makes the ledger post it once. */
export function monthlyFeeDue(
  s: Pick<EnrolmentState, 'enrolmentId' | 'accountId' | 'currency' | 'pricing'>,
  period: FeePeriod,
): EnrolmentEvent {
  const amount = s.pricing.kind === 'MONTHLY' ? s.pricing.monthlyFee : 0;
  return {
    type: 'sales.enrolment.fee-due.v1',
    payload: {
      enrolmentId: s.enrolmentId,
      accountId: s.accountId,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      amount,
      currency: s.currency,
      requestId: `${s.enrolmentId}:fee:${period.key}`,
      dueAt: period.start,
    },
  };
}

export function agreeToConversion(
  cmd: EnrolmentCommandOf<'AgreeToConversion'>,
  s: EnrolmentState,
): EnrolmentEvent[] {
  if (s.status !== 'IN_TRIAL' || s.trialEndsAt === null || cmd.now >= s.trialEndsAt)
    throw new DomainError('INVALID_STATE', `enrolment ${s.enrolmentId} is not in its trial`, s.status);
  if (s.conversionAgreedAt !== null) return [];
  const missing = missingConversionElements(
    cmd.consent,
    { market: s.market, accountLast4: s.accountLast4 },
    cmd.now,
  );
  if (missing.length > 0) throw new ConsentIncomplete(missing);
  return [
    {
      type: 'sales.enrolment.conversion-agreed.v1',
      payload: { enrolmentId: s.enrolmentId, consent: cmd.consent, actor: cmd.actor, agreedAt: cmd.now },
    },
  ];
}

/** A fee for every period started by `now` that has had none. */
function feesStartedBy(s: EnrolmentState, now: number): EnrolmentEvent[] {
  if (s.billingStartsAt === null || s.pricing.kind !== 'MONTHLY') return [];
  return periodsStartedBy(s.billingStartsAt, s.nextPeriod, now).map((period) => monthlyFeeDue(s, period));
}

export function tick(cmd: EnrolmentCommandOf<'Tick'>, s: EnrolmentState, p: AddOnPolicy): EnrolmentEvent[] {
  const { now } = cmd;
  const ids = { enrolmentId: s.enrolmentId };
  if (s.status === 'ACTIVE') return feesStartedBy(s, now);
  if (s.status !== 'IN_TRIAL' || s.trialEndsAt === null) return [];
  const endsAt = s.trialEndsAt;
  if (now < endsAt) {
    const remindAt = endsAt - p.trialReminderDaysBefore * DAY;
    return !s.reminderSent && now >= remindAt
      ? [
          {
            type: 'sales.enrolment.trial-reminder-due.v1',
            payload: { ...ids, trialEndsAt: endsAt, firedAt: now },
          },
        ]
      : [];
  }
  // Only a recorded express agreement converts (US TSR free-to-pay conversion).
  if (s.conversionAgreedAt === null)
    return [{ type: 'sales.enrolment.lapsed.v1', payload: { ...ids, trialEndsAt: endsAt, lapsedAt: now } }];
  const converted: EnrolmentEvent = {
    type: 'sales.enrolment.converted.v1',
    payload: { ...ids, billingStartsAt: endsAt, convertedAt: now },
  };
  return [converted, ...feesStartedBy({ ...s, status: 'ACTIVE', billingStartsAt: endsAt }, now)];
}

/** When the timer next needs to look at this enrolment (null: never again). */
export function nextDueAt(s: EnrolmentState, p: AddOnPolicy): number | null {
  if (s.status === 'IN_TRIAL' && s.trialEndsAt !== null)
    return s.reminderSent ? s.trialEndsAt : s.trialEndsAt - p.trialReminderDaysBefore * DAY;
  if (s.status === 'ACTIVE' && s.billingStartsAt !== null && s.pricing.kind === 'MONTHLY')
    return feePeriod(s.billingStartsAt, s.nextPeriod).start;
  return null;
}
