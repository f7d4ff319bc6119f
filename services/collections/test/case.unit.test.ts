import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  nextDueAt,
  suppressedUntil,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { casePolicyFor } from '../src/domain/case-policy';

const caseDecider: Decider<CaseCommand, CaseEvent, CaseState | null> = {
  decide,
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

// 2026-03-04 12:00 UTC is 07:00 in New York (EST; EDT from 8 March).
const T0 = Date.UTC(2026, 2, 4, 12, 0);
const DAY = 86_400_000;
const collector = { id: 'collector-3', role: 'collector' };
const ids = { caseId: 'col_1', accountId: 'acc_1' };
const policy = casePolicyFor('US');

const open: CaseCommand = {
  kind: 'OpenCase',
  ...ids,
  account: { customerId: 'cus_1', market: 'US', timeZone: 'America/New_York' },
  currency: 'USD',
  openDisputes: [],
  bucket: 'DPD_1_29',
  daysPastDue: 1,
  amountPastDue: 2500,
  asOf: T0,
  now: T0 + 1000,
};
const opened = given().after(open);

const delinquency = (bucket: string, daysPastDue: number, amountPastDue: number, asOf: number): CaseCommand =>
  ({ kind: 'RecordDelinquency', bucket, daysPastDue, amountPastDue, asOf, now: asOf }) as CaseCommand;
const pay = (transactionId: string, amount: number, postedAt: number): CaseCommand => ({
  kind: 'RecordPayment',
  transactionId,
  amount,
  postedAt,
  now: postedAt,
});
const promise = (instalments: { amount: number; dueDate: string }[], now = T0 + DAY): CaseCommand => ({
  kind: 'MakePromise',
  promiseId: 'ptp_1',
  instalments,
  policy,
  actor: collector,
  now,
});
const check = (now: number): CaseCommand => ({ kind: 'CheckPromises', now });

// 10 March ends in New York at 04:00 UTC on the 11th (EDT); two grace days later the deadline is 13 March 04:00 UTC.
const DEADLINE_10_MARCH = Date.UTC(2026, 2, 13, 4, 0);

describe('a case follows the ledger’s delinquency', () => {
  it('opens when the account enters a delinquent bucket, with what is past due collectable', () => {
    given()
      .when(open)
      .then([
        {
          type: 'collections.case.opened.v1',
          payload: {
            ...ids,
            customerId: 'cus_1',
            market: 'US',
            timeZone: 'America/New_York',
            bucket: 'DPD_1_29',
            daysPastDue: 1,
            amountPastDue: 2500,
            openDisputes: [],
            amountInDispute: 0,
            collectableAmount: 2500,
            currency: 'USD',
            openedAt: T0,
          },
        },
      ]);
  });

  it('opens with the account’s open disputes already left out of the collectable amount', () => {
    given()
      .when({ ...open, openDisputes: [{ disputeId: 'dsp_1', amount: 1000 }] })
      .thenEventsMatch([{ payload: { amountInDispute: 1000, collectableAmount: 1500 } }]);
  });

  it('is not opened for a current account', () => {
    given()
      .when({ ...open, bucket: 'CURRENT' })
      .thenThrows('INVALID');
  });

  it('moves with the bucket, taking the ledger’s new past-due amount', () => {
    const moved = opened.when(delinquency('DPD_30_59', 30, 5500, T0 + 30 * DAY)).then([
      {
        type: 'collections.case.bucket-changed.v1',
        payload: {
          ...ids,
          bucket: 'DPD_30_59',
          previousBucket: 'DPD_1_29',
          daysPastDue: 30,
          amountPastDue: 5500,
          collectableAmount: 5500,
          currency: 'USD',
          changedAt: T0 + 30 * DAY,
        },
      },
    ]);
    expect(moved.state).toMatchObject({ bucket: 'DPD_30_59', collectableAmount: 5500 });
  });

  it('ignores a report older than the last one (a redelivery)', () => {
    opened
      .after(delinquency('DPD_30_59', 30, 5500, T0 + 30 * DAY))
      .when(delinquency('DPD_1_29', 1, 2500, T0))
      .thenNothingHappened();
  });

  it('closes as cured when the account is current again', () => {
    const cured = opened.when(delinquency('CURRENT', 0, 0, T0 + 2 * DAY)).then([
      {
        type: 'collections.case.closed.v1',
        payload: { ...ids, outcome: 'CURED', closedAt: T0 + 2 * DAY },
      },
    ]);
    expect(cured.state).toMatchObject({ status: 'CLOSED' });
    cured.when(delinquency('DPD_30_59', 30, 5500, T0 + 30 * DAY)).thenNothingHappened();
  });

  it('moves to the recovery stage at charge-off, the balance kept for recovery becoming collectable', () => {
    const recovery = opened
      .after(delinquency('CHARGE_OFF', 180, 16000, T0 + 179 * DAY))
      .when({ kind: 'ChargeOff', daysPastDue: 180, balance: 120000, chargedOffAt: T0 + 179 * DAY, now: T0 })
      .then([
        {
          type: 'collections.case.moved-to-recovery.v1',
          payload: {
            ...ids,
            daysPastDue: 180,
            balance: 120000,
            collectableAmount: 120000,
            currency: 'USD',
            movedAt: T0 + 179 * DAY,
          },
        },
      ]);
    expect(recovery.state).toMatchObject({ stage: 'RECOVERY', bucket: 'CHARGE_OFF', status: 'OPEN' });
    recovery
      .when({ kind: 'ChargeOff', daysPastDue: 180, balance: 120000, chargedOffAt: T0 + 179 * DAY, now: T0 })
      .thenNothingHappened();
  });
});

describe('the collectable amount: past due less open disputes and payments since', () => {
  it('a dispute opened mid-case lowers the collectable amount at once', () => {
    opened
      .when({ kind: 'SyncDisputes', openDisputes: [{ disputeId: 'dsp_1', amount: 1000 }], now: T0 + DAY })
      .then([
        {
          type: 'collections.case.collectable-changed.v1',
          payload: {
            ...ids,
            reason: 'DISPUTE_OPENED',
            openDisputes: [{ disputeId: 'dsp_1', amount: 1000 }],
            amountInDispute: 1000,
            collectableAmount: 1500,
            previousCollectableAmount: 2500,
            currency: 'USD',
            changedAt: T0 + DAY,
          },
        },
      ]);
  });

  it('never goes below 0, and comes back when the dispute is resolved', () => {
    const disputed = opened
      .when({ kind: 'SyncDisputes', openDisputes: [{ disputeId: 'dsp_1', amount: 9000 }], now: T0 + DAY })
      .thenEventsMatch([{ payload: { collectableAmount: 0, amountInDispute: 9000 } }]);
    disputed
      .when({ kind: 'SyncDisputes', openDisputes: [], now: T0 + 2 * DAY })
      .thenEventsMatch([{ payload: { reason: 'DISPUTE_RESOLVED', collectableAmount: 2500 } }]);
  });

  it('the same open disputes again change nothing', () => {
    opened
      .after({ kind: 'SyncDisputes', openDisputes: [{ disputeId: 'dsp_1', amount: 1000 }], now: T0 + DAY })
      .when({ kind: 'SyncDisputes', openDisputes: [{ disputeId: 'dsp_1', amount: 1000 }], now: T0 + DAY })
      .thenNothingHappened();
  });

  it('a payment after the ledger’s report lowers it; the same payment twice counts once', () => {
    const paid = opened.when(pay('txn_1', 1000, T0 + DAY)).thenEventsMatch([
      { type: 'internal.payment-recorded', payload: { transactionId: 'txn_1', amount: 1000 } },
      {
        type: 'collections.case.collectable-changed.v1',
        payload: { reason: 'PAYMENT', collectableAmount: 1500, previousCollectableAmount: 2500 },
      },
    ]);
    paid.when(pay('txn_1', 1000, T0 + DAY)).thenNothingHappened();
  });
});

describe('the collectable amount after payments and their returns', () => {
  it('a returned payment takes back what the payment lowered', () => {
    opened
      .after(pay('txn_1', 1000, T0 + DAY))
      .when(pay('txn_1_return', -1000, T0 + 2 * DAY))
      .thenEventsMatch([
        { type: 'internal.payment-recorded', payload: { amount: -1000 } },
        { payload: { reason: 'PAYMENT', collectableAmount: 2500, previousCollectableAmount: 1500 } },
      ]);
  });

  it('the ledger’s next report replaces the figure: payments before it are in it already', () => {
    const moved = opened
      .after(pay('txn_1', 1000, T0 + DAY))
      .when(delinquency('DPD_30_59', 30, 4000, T0 + 30 * DAY))
      .thenEventsMatch([{ payload: { amountPastDue: 4000, collectableAmount: 4000 } }]);
    expect(moved.state).toMatchObject({ collectableAmount: 4000 });
  });
});

describe('promises to pay', () => {
  const twoInstalments = [
    { amount: 1000, dueDate: '2026-03-10' },
    { amount: 1500, dueDate: '2026-03-20' },
  ];

  it('a promise is recorded with each deadline at the end of its date plus two grace days, local time', () => {
    const made = opened.when(promise([{ amount: 2500, dueDate: '2026-03-10' }])).then([
      {
        type: 'collections.case.promise-made.v1',
        payload: {
          ...ids,
          promiseId: 'ptp_1',
          instalments: [{ amount: 2500, dueDate: '2026-03-10', deadlineAt: DEADLINE_10_MARCH }],
          totalAmount: 2500,
          currency: 'USD',
          graceDays: 2,
          suppressedUntil: DEADLINE_10_MARCH,
          actor: collector,
          madeAt: T0 + DAY,
        },
      },
    ]);
    expect(suppressedUntil(made.state as CaseState)).toBe(DEADLINE_10_MARCH);
    expect(nextDueAt(made.state as CaseState)).toBe(DEADLINE_10_MARCH);
  });

  it('a promise paid in full by its deadline is kept', () => {
    const made = opened.after(
      promise([{ amount: 2500, dueDate: '2026-03-10' }]),
      pay('txn_1', 2500, T0 + 3 * DAY),
    );
    const kept = made.when(check(DEADLINE_10_MARCH)).then([
      {
        type: 'collections.case.promise-kept.v1',
        payload: {
          ...ids,
          promiseId: 'ptp_1',
          totalAmount: 2500,
          paidAmount: 2500,
          currency: 'USD',
          keptAt: DEADLINE_10_MARCH,
        },
      },
    ]);
    expect(suppressedUntil(kept.state as CaseState)).toBeNull();
    expect(nextDueAt(kept.state as CaseState)).toBeNull();
  });

  it('a promise not paid in full by its deadline is broken, and the strategy resumes the next day', () => {
    const broken = opened
      .after(promise([{ amount: 2500, dueDate: '2026-03-10' }]), pay('txn_1', 2000, T0 + 3 * DAY))
      .when(check(DEADLINE_10_MARCH + 8 * 3_600_000))
      .then([
        {
          type: 'collections.case.promise-broken.v1',
          payload: {
            ...ids,
            promiseId: 'ptp_1',
            missedInstalment: 0,
            amountDue: 2500,
            paidAmount: 2000,
            currency: 'USD',
            brokenAt: DEADLINE_10_MARCH,
            strategyResumesAt: DEADLINE_10_MARCH,
          },
        },
      ]);
    expect(broken.state).toMatchObject({ strategyResumesAt: DEADLINE_10_MARCH });
    expect(suppressedUntil(broken.state as CaseState)).toBeNull();
  });

  it('nothing is decided before the deadline', () => {
    opened
      .after(promise([{ amount: 2500, dueDate: '2026-03-10' }]))
      .when(check(DEADLINE_10_MARCH - 1))
      .thenNothingHappened();
  });

  it('a payment posted before the promise does not count toward it', () => {
    opened
      .after(pay('txn_0', 500, T0 + 1), promise([{ amount: 1000, dueDate: '2026-03-10' }], T0 + DAY))
      .when(check(DEADLINE_10_MARCH))
      .thenEventsMatch([{ type: 'collections.case.promise-broken.v1', payload: { paidAmount: 0 } }]);
  });

  it('instalments: the first met moves the timer to the second; the second missed breaks the promise', () => {
    const first = opened
      .after(promise(twoInstalments), pay('txn_1', 1000, T0 + 3 * DAY))
      .when(check(DEADLINE_10_MARCH))
      .then([{ type: 'internal.instalment-met', payload: { promiseId: 'ptp_1', index: 0 } }]);
    const secondDeadline = Date.UTC(2026, 2, 23, 4, 0);
    expect(nextDueAt(first.state as CaseState)).toBe(secondDeadline);
    first.when(check(secondDeadline)).thenEventsMatch([
      {
        type: 'collections.case.promise-broken.v1',
        payload: {
          missedInstalment: 1,
          amountDue: 2500,
          paidAmount: 1000,
          strategyResumesAt: secondDeadline,
        },
      },
    ]);
  });

  it('bad promises are refused: not positive, not after today, out of order, over the collectable amount', () => {
    opened.when(promise([{ amount: 0, dueDate: '2026-03-10' }])).thenThrows('INVALID', 'positive');
    opened.when(promise([{ amount: 1000, dueDate: '2026-03-05' }])).thenThrows('INVALID', 'not after today');
    opened.when(promise([{ amount: 1000, dueDate: '2026-02-30' }])).thenThrows('INVALID', 'not a date');
    opened
      .when(
        promise([
          { amount: 1000, dueDate: '2026-03-20' },
          { amount: 1000, dueDate: '2026-03-10' },
        ]),
      )
      .thenThrows('INVALID', 'not after the instalment before it');
    opened
      .when(promise([{ amount: 2501, dueDate: '2026-03-10' }]))
      .thenThrows('INVALID', 'more than the collectable 2500');
    opened.when(promise([{ amount: 100, dueDate: '2026-07-01' }])).thenThrows('INVALID', 'days ahead');
    opened
      .when(promise(Array.from({ length: 7 }, (_, i) => ({ amount: 100, dueDate: `2026-03-${10 + i}` }))))
      .thenThrows('INVALID', '1 to 6 instalments');
  });

  it('one promise at a time, and none on a closed case', () => {
    opened
      .after(promise([{ amount: 1000, dueDate: '2026-03-10' }]))
      .when(promise([{ amount: 1000, dueDate: '2026-03-11' }]))
      .thenThrows({ code: 'INVALID_STATE', currentStatus: 'OPEN' }, 'still running');
    opened
      .after(delinquency('CURRENT', 0, 0, T0 + DAY))
      .when(promise([{ amount: 1000, dueDate: '2026-03-10' }]))
      .thenThrows({ code: 'INVALID_STATE', currentStatus: 'CLOSED' });
  });

  it('a cure closes the case and ends a running promise with it', () => {
    const cured = opened
      .after(promise([{ amount: 2500, dueDate: '2026-03-10' }]))
      .when(delinquency('CURRENT', 0, 0, T0 + 2 * DAY))
      .thenEventsMatch([{ type: 'collections.case.closed.v1' }]);
    expect((cured.state as CaseState).promises.map((p) => p.status)).toEqual(['ENDED_WITH_CASE']);
    expect(nextDueAt(cured.state as CaseState)).toBeNull();
    cured.when(check(DEADLINE_10_MARCH)).thenNothingHappened();
  });

  it('a broken promise stays broken: a later payment changes the collectable amount, not the history', () => {
    const broken = opened
      .after(promise([{ amount: 2500, dueDate: '2026-03-10' }]), check(DEADLINE_10_MARCH))
      .when(pay('txn_late', 2500, DEADLINE_10_MARCH + DAY))
      .thenEventsMatch([{ type: 'internal.payment-recorded' }, { payload: { collectableAmount: 0 } }]);
    expect((broken.state as CaseState).promises.map((p) => p.status)).toEqual(['BROKEN']);
  });
});
