import fc from 'fast-check';
import type { ConversionConsent } from '../src/domain/consent';
import { ADD_ON_POLICIES, DAY } from '../src/domain/policy';
import type { EnrolmentCommand, EnrolmentEvent, EnrolmentState } from '../src/domain/enrolment';
import { nextDueAt } from '../src/domain/trial';
import { completeConsent, eligible, enrolCommand, enrolmentSpec, salesAgent, T, terms } from './support';

const { given } = enrolmentSpec;

const agent = salesAgent;
const protection = terms('PP-US-2');
const upgrade = terms('UPG-US-1');
const enrol = enrolCommand;
const trialOnly = enrol({ consent: completeConsent(protection, { conversion: null }) });
const enrolUpgrade = enrol({ terms: upgrade, consent: completeConsent(upgrade) });
const tick = (now: number): EnrolmentCommand => ({ kind: 'Tick', now });
const cancel = (now: number): EnrolmentCommand => ({
  kind: 'Cancel',
  reason: 'no longer wanted',
  actor: agent,
  now,
});
const trialEnds = T + 30 * DAY; // 31 December 2026, 20:00 UTC
const ids = { enrolmentId: 'enr_1' };
const feeDue = (key: string, start: number, end: number, amount = 1_499): EnrolmentEvent => ({
  type: 'sales.enrolment.fee-due.v1',
  payload: {
    ...ids,
    accountId: 'acc_1',
    periodKey: key,
    periodStart: start,
    periodEnd: end,
    amount,
    currency: 'USD',
    requestId: `enr_1:fee:${key}`,
    dueAt: start,
  },
});
const at = (iso: string) => Date.parse(iso);

describe('a free trial', () => {
  it('reminds the customer once, seven days before it ends', () => {
    given()
      .after(enrol())
      .when(tick(trialEnds - 7 * DAY - 1))
      .thenNothingHappened()
      .when(tick(trialEnds - 7 * DAY))
      .then([
        {
          type: 'sales.enrolment.trial-reminder-due.v1',
          payload: { ...ids, trialEndsAt: trialEnds, firedAt: trialEnds - 7 * DAY },
        },
      ])
      .when(tick(trialEnds - DAY))
      .thenNothingHappened();
  });

  it('converts at its end with the conversion agreed, and the first monthly fee falls due', () => {
    given()
      .after(enrol(), tick(trialEnds - 7 * DAY))
      .when(tick(trialEnds))
      .then([
        {
          type: 'sales.enrolment.converted.v1',
          payload: { ...ids, billingStartsAt: trialEnds, convertedAt: trialEnds },
        },
        feeDue('2026-12', trialEnds, at('2027-01-31T20:00:00Z')),
      ]);
  });

  it('lapses at its end without a conversion agreement, and nothing is ever charged', () => {
    const lapsed = given()
      .after(trialOnly)
      .when(tick(trialEnds))
      .then([
        {
          type: 'sales.enrolment.lapsed.v1',
          payload: { ...ids, trialEndsAt: trialEnds, lapsedAt: trialEnds },
        },
      ]);
    lapsed.when(tick(trialEnds + 90 * DAY)).thenNothingHappened();
    lapsed.when(cancel(trialEnds + DAY)).thenThrows('INVALID_STATE');
  });

  it('cannot convert without express agreement, however the timer ticks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 * DAY }), { maxLength: 40 }), (offsets) => {
        const times = offsets.map((o) => T + o).sort((a, b) => a - b);
        const types = given()
          .after(trialOnly, ...times.map(tick))
          .events.map((e) => e.type);
        expect(types).not.toContain('sales.enrolment.converted.v1');
        expect(types).not.toContain('sales.enrolment.fee-due.v1');
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  describe('a conversion agreed during the trial', () => {
    const agreement: ConversionConsent = {
      expressAgreementAt: T + DAY,
      accountLast4: '4242',
      recordingRef: 'rec_2',
    };
    const agree = (consent: ConversionConsent, now = T + DAY): EnrolmentCommand => ({
      kind: 'AgreeToConversion',
      consent,
      actor: agent,
      now,
    });

    it('is recorded, and the trial then converts', () => {
      given()
        .after(trialOnly)
        .when(agree(agreement))
        .then([
          {
            type: 'sales.enrolment.conversion-agreed.v1',
            payload: { ...ids, consent: agreement, actor: agent, agreedAt: T + DAY },
          },
        ])
        .when(tick(trialEnds))
        .thenEventsMatch([{ type: 'sales.enrolment.converted.v1' }, { type: 'sales.enrolment.fee-due.v1' }]);
    });

    it('is refused without express agreement, for another account, or without a recording, naming what is missing', () => {
      const story = given().after(trialOnly);
      story
        .when(agree({ ...agreement, expressAgreementAt: null }))
        .thenThrows({ code: 'INVALID', missing: ['CONVERSION_AGREEMENT'] });
      story
        .when(agree({ ...agreement, accountLast4: '0000' }))
        .thenThrows({ code: 'INVALID', missing: ['CHARGE_ACCOUNT_LAST_FOUR'] });
      story
        .when(agree({ ...agreement, recordingRef: null }))
        .thenThrows({ code: 'INVALID', missing: ['CONVERSION_RECORDING'] });
    });

    it('is too late once the trial has ended', () => {
      given()
        .after(trialOnly)
        .when(agree({ ...agreement, expressAgreementAt: trialEnds }, trialEnds))
        .thenThrows('INVALID_STATE');
    });
  });

  it('tells the timer when to look next: the reminder, the trial end, then each fee period', () => {
    const p = ADD_ON_POLICIES.US;
    const s = (...cmds: EnrolmentCommand[]) => given().after(enrol(), ...cmds).state as EnrolmentState;
    expect(nextDueAt(s(), p)).toBe(trialEnds - 7 * DAY);
    expect(nextDueAt(s(tick(trialEnds - 7 * DAY)), p)).toBe(trialEnds);
    expect(nextDueAt(s(tick(trialEnds)), p)).toBe(at('2027-01-31T20:00:00Z'));
    expect(nextDueAt(given().after(trialOnly, tick(trialEnds)).state as EnrolmentState, p)).toBeNull();
  });
});

describe('monthly fees', () => {
  it('a paid add-on without a trial charges its first month at enrolment and each month after, once', () => {
    const story = given().after(enrolUpgrade);
    expect(story.events.map((e) => e.type)).toEqual([
      'sales.enrolment.enrolled.v1',
      'sales.enrolment.fee-due.v1',
    ]);
    story
      .when(tick(at('2026-12-31T23:00:00Z')))
      .thenNothingHappened()
      .when(tick(at('2027-01-01T20:00:00Z')))
      .then([feeDue('2027-01', at('2027-01-01T20:00:00Z'), at('2027-02-01T20:00:00Z'), 995)])
      .when(tick(at('2027-01-20T00:00:00Z')))
      .thenNothingHappened();
  });

  it('a timer that was down charges each missed month once, oldest first', () => {
    given()
      .after(enrolUpgrade)
      .when(tick(at('2027-03-05T00:00:00Z')))
      .thenEventsMatch([
        { payload: { periodKey: '2027-01' } },
        { payload: { periodKey: '2027-02' } },
        { payload: { periodKey: '2027-03' } },
      ]);
  });

  it('falls due exactly once per month across month ends, for any enrolment day and any ticks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 11, 31) }),
        fc.array(fc.integer({ min: 0, max: 800 * DAY }), { minLength: 1, maxLength: 60 }),
        (enrolledAt, offsets) => {
          const times = offsets.map((o) => enrolledAt + o).sort((a, b) => a - b);
          const cmd = enrol({
            terms: { ...upgrade, effectiveFrom: 0 },
            consent: completeConsent(upgrade, { expressYesAt: enrolledAt }),
            standing: { ...eligible, timeZone: 'UTC' },
            now: enrolledAt,
          });
          // Calling hours aside: enrol at a time the rules allow, then tick.
          const hour = new Date(enrolledAt).getUTCHours();
          fc.pre(hour >= 8 && hour < 21);
          const fees = given()
            .after(cmd, ...times.map(tick))
            .events.flatMap((e) => (e.type === 'sales.enrolment.fee-due.v1' ? [e.payload] : []));
          const keys = fees.map((f) => f.periodKey);
          expect(new Set(keys).size).toBe(keys.length);
          // Consecutive calendar months from the enrolment's.
          const first = new Date(enrolledAt);
          keys.forEach((k, i) => {
            const d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1));
            expect(k).toBe(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
          });
          const last = times[times.length - 1] as number;
          for (const f of fees) expect(f.dueAt).toBeLessThanOrEqual(last);
          // Every month started by the last tick is charged: none is skipped.
          const next = fees.length;
          const nextStart = new Date(enrolledAt);
          const y = nextStart.getUTCFullYear();
          const m = nextStart.getUTCMonth() + next;
          const dim = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
          const dueNext = Date.UTC(y, m, Math.min(nextStart.getUTCDate(), dim)) + (enrolledAt % DAY);
          expect(dueNext).toBeGreaterThan(last);
        },
      ),
      { numRuns: 500, seed: 20261231 },
    );
  });
});

describe('cancelling', () => {
  it('during the trial ends it with nothing to refund', () => {
    given()
      .after(enrol())
      .when(cancel(T + 3 * DAY))
      .thenEventsMatch([
        { type: 'sales.enrolment.cancelled.v1', payload: { refund: { kind: 'NONE', amount: 0 } } },
      ])
      .when(tick(trialEnds))
      .thenNothingHappened();
  });

  it('within the cooling-off period refunds every fee paid', () => {
    given()
      .after(enrolUpgrade)
      .when(cancel(T + 13 * DAY))
      .thenEventsMatch([
        {
          type: 'sales.enrolment.cancelled.v1',
          payload: {
            refund: { kind: 'COOLING_OFF_FULL', amount: 995, periodKey: null, requestId: 'enr_1:refund' },
          },
        },
      ]);
  });

  it('within the cooling-off period after a trial converts, counted from the first charge', () => {
    given()
      .after(enrol(), tick(trialEnds))
      .when(cancel(trialEnds + 10 * DAY))
      .thenEventsMatch([{ payload: { refund: { kind: 'COOLING_OFF_FULL', amount: 1_499 } } }]);
  });

  it('after the cooling-off period refunds the unused days of the current month, rounded up to the cent', () => {
    // The period from 1 Feb 20:00 to 1 Mar 20:00 has 28 days; 15 Feb 10:00 is in its 14th, which counts as used:
    // 14 unused, 995 × 14 / 28 = 497.50 → 498.
    given()
      .after(enrolUpgrade, tick(at('2027-02-01T20:00:00Z')))
      .when(cancel(at('2027-02-15T10:00:00Z')))
      .thenEventsMatch([
        {
          payload: {
            refund: { kind: 'PRO_RATA', amount: 498, periodKey: '2027-02', requestId: 'enr_1:refund' },
            currency: 'USD',
          },
        },
      ]);
  });

  it('refunds nothing on the last day of a period, nor for a month the timer has not charged', () => {
    given()
      .after(enrolUpgrade, tick(at('2027-02-01T20:00:00Z')))
      .when(cancel(at('2027-02-28T21:00:00Z')))
      .thenEventsMatch([{ payload: { refund: { kind: 'NONE', amount: 0 } } }]);
    given()
      .after(enrolUpgrade)
      .when(cancel(at('2027-02-15T10:00:00Z')))
      .thenEventsMatch([{ payload: { refund: { kind: 'NONE', amount: 0 } } }]);
  });

  it('a balance transfer charges its fee once at enrolment, refunded only within cooling-off', () => {
    const bt = terms('BT-US-1');
    const story = given().after(enrol({ terms: bt, consent: completeConsent(bt), transferAmount: 250_000 }));
    expect(story.events[1]).toMatchObject({ payload: { periodKey: 'ONE_OFF', amount: 7_500 } });
    story.when(tick(T + 60 * DAY)).thenNothingHappened();
    story
      .when(cancel(T + DAY))
      .thenEventsMatch([{ payload: { refund: { kind: 'COOLING_OFF_FULL', amount: 7_500 } } }]);
    story.when(cancel(T + 20 * DAY)).thenEventsMatch([{ payload: { refund: { kind: 'NONE' } } }]);
    given()
      .when(enrol({ terms: bt, consent: completeConsent(bt) }))
      .thenThrows('INVALID', 'amount to transfer');
  });
});
