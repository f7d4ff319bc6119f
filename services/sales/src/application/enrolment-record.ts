/**
 * What sales stores per enrolment: the domain's state and the proof of the
 * sale beside it (the consent record, the rules passed, a later conversion
 * agreement, the cancellation), which compliance reads. Every domain event
 * is published in its wire form (enrolment-wire.ts).
 */
import type { Actor } from '@cardline/platform/domain';
import type { ConsentRecord, ConversionConsent } from '../domain/consent';
import type { EligibilityRule } from '../domain/eligibility';
import { evolve, type EnrolmentEvent, type EnrolmentState } from '../domain/enrolment';
import { toWire, type EnrollmentWireEvent } from './enrolment-wire';

type Cancelled = Extract<EnrolmentEvent, { type: 'sales.enrolment.cancelled.v1' }>['payload'];

export interface EnrolmentRecord {
  enrolment: EnrolmentState;
  proof: { consent: ConsentRecord; eligibilityPassed: EligibilityRule[]; actor: Actor; enrolledAt: number };
  conversion: { consent: ConversionConsent; actor: Actor; agreedAt: number } | null;
  cancellation: Pick<Cancelled, 'reason' | 'refund' | 'actor' | 'cancelledAt'> | null;
}

/** What decideAndSave saves: the domain event, and the wire event the outbox publishes. */
export type RecordedEnrolment = { event: EnrolmentEvent } & EnrollmentWireEvent;

function apply(r: EnrolmentRecord | null, e: EnrolmentEvent): EnrolmentRecord {
  const enrolment = evolve(r?.enrolment ?? null, e);
  if (e.type === 'sales.enrolment.enrolled.v1') {
    const { consent, eligibilityPassed, actor, enrolledAt } = e.payload;
    return {
      enrolment,
      proof: { consent, eligibilityPassed, actor, enrolledAt },
      conversion: null,
      cancellation: null,
    };
  }
  if (!r) throw new Error(`${e.type} before the enrolment`);
  if (e.type === 'sales.enrolment.conversion-agreed.v1') {
    const { consent, actor, agreedAt } = e.payload;
    return { ...r, enrolment, conversion: { consent, actor, agreedAt } };
  }
  if (e.type === 'sales.enrolment.cancelled.v1') {
    const { reason, refund, actor, cancelledAt } = e.payload;
    return { ...r, enrolment, cancellation: { reason, refund, actor, cancelledAt } };
  }
  return { ...r, enrolment };
}

/** Folds the decider's events in order, each with its wire form against the state it produced. */
export function recordEnrolment(events: EnrolmentEvent[], r: EnrolmentRecord | null): RecordedEnrolment[] {
  let state = r;
  return events.map((event) => {
    state = apply(state, event);
    return { event, ...toWire(event, state.enrolment) };
  });
}

/** Replays recorded events (decideAndSave's fold). */
export function foldEnrolment(rs: RecordedEnrolment[], r: EnrolmentRecord | null): EnrolmentRecord | null {
  return rs.reduce<EnrolmentRecord | null>((s, x) => apply(s, x.event), r);
}
