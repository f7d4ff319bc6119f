import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  nextDueAt,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { planPolicyFor } from '../src/domain/policy';
import { RuleRefused } from '../src/domain/refusals';

const caseDecider: Decider<CaseCommand, CaseEvent, CaseState | null> = {
  decide,
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

// 2026-03-04 12:00 UTC is 07:00 in New York.
const T0 = Date.UTC(2026, 2, 4, 12, 0);
const DAY = 86_400_000;
const collector = { id: 'collector-3', role: 'collector' };
const ids = { caseId: 'col_1', accountId: 'acc_1' };
const policy = planPolicyFor('US');

const opened = given().after({
  kind: 'OpenCase',
  ...ids,
  account: { customerId: 'cus_1', market: 'US', timeZone: 'America/New_York' },
  currency: 'USD',
  openDisputes: [],
  bucket: 'DPD_30_59',
  daysPastDue: 35,
  amountPastDue: 30_000,
  asOf: T0,
  now: T0,
});
const propose = (over: Partial<CaseCommand & { kind: 'ProposePlan' }> = {}): CaseCommand => ({
  kind: 'ProposePlan',
  planId: 'pln_1',
  count: 3,
  frequency: 'MONTHLY',
  firstDueDate: '2026-03-10',
  totalAmount: 10_000,
  policy,
  actor: collector,
  now: T0,
  ...over,
});
const accept: CaseCommand = { kind: 'AcceptPlan', planId: 'pln_1', actor: collector, now: T0 + 1000 };
const pay = (amount: number, postedAt: number): CaseCommand => ({
  kind: 'RecordPayment',
  transactionId: `txn_${postedAt}`,
  amount,
  postedAt,
  now: postedAt,
});
// 10 March + 2 grace days ends at 13 March 04:00 UTC (EDT).
const DEADLINE_1 = Date.UTC(2026, 2, 13, 4);
const DEADLINE_2 = Date.UTC(2026, 3, 13, 4);
const DEADLINE_3 = Date.UTC(2026, 4, 13, 4);
const check = (now: number): CaseCommand => ({ kind: 'CheckPlans', now });
const reAge = (over: Partial<CaseCommand & { kind: 'RequestReAge' }> = {}): CaseCommand => ({
  kind: 'RequestReAge',
  requestId: 'rag_1',
  accountOpenedAt: Date.UTC(2025, 0, 15, 15),
  priorReAges: [],
  policy,
  actor: collector,
  now: Date.UTC(2026, 4, 20, 15),
  ...over,
});

describe('repayment plans on a case', () => {
  it('a proposed plan spreads the total over instalments whose last takes the remainder', () => {
    opened.when(propose()).then([
      {
        type: 'collections.case.plan-proposed.v1',
        payload: {
          ...ids,
          planId: 'pln_1',
          instalments: [
            { amount: 3333, dueDate: '2026-03-10' },
            { amount: 3333, dueDate: '2026-04-10' },
            { amount: 3334, dueDate: '2026-05-10' },
          ],
          frequency: 'MONTHLY',
          totalAmount: 10_000,
          currency: 'USD',
          graceDays: 2,
          missesToBreak: 2,
          actor: collector,
          proposedAt: T0,
        },
      },
    ]);
  });

  it('a plan is refused by name: too few instalments, more than collectable, a first date too far, instalments too small', () => {
    const refusal = (cmd: CaseCommand) => {
      let ruleId: string | undefined;
      opened.when(cmd).thenThrows((e) => ((ruleId = (e as RuleRefused).ruleId), e instanceof RuleRefused));
      return ruleId;
    };
    expect(refusal(propose({ count: 1 }))).toBe('PLAN.INSTALMENT_COUNT');
    expect(refusal(propose({ totalAmount: 30_001 }))).toBe('PLAN.TOTAL');
    expect(refusal(propose({ firstDueDate: '2026-04-04' }))).toBe('PLAN.FIRST_DATE');
    expect(refusal(propose({ firstDueDate: '2026-03-04' }))).toBe('PLAN.FIRST_DATE');
    expect(refusal(propose({ count: 5, totalAmount: 4_000 }))).toBe('PLAN.MINIMUM_INSTALMENT');
  });

  it('accepting a plan asks the ledger to record its schedule, keyed by the account', () => {
    opened
      .after(propose())
      .when(accept)
      .thenEventsMatch([
        { type: 'collections.case.plan-accepted.v1', payload: { planId: 'pln_1', acceptedAt: T0 + 1000 } },
        {
          type: 'ledger.adjustment.arrangement-requested.v1',
          subject: 'acc_1',
          payload: { requestId: 'col_1:pln_1', kind: 'PLAN', reference: 'pln_1', requestedBy: 'collections' },
        },
      ]);
  });

  it('a second plan waits while one is accepted', () => {
    opened
      .after(propose())
      .after(accept)
      .when(propose({ planId: 'pln_2' }))
      .thenThrows('INVALID_STATE');
  });

  it('instalments paid by their deadlines keep the plan, and the last completes it', () => {
    const running = opened
      .after(propose())
      .after(accept)
      .after(pay(10_000, T0 + DAY));
    running.when(check(DEADLINE_1 - 1)).thenNothingHappened();
    running.when(check(DEADLINE_3)).thenEventsMatch([
      {
        type: 'collections.case.plan-instalment-kept.v1',
        payload: { index: 0, amountDue: 3333, keptAt: DEADLINE_1 },
      },
      { type: 'collections.case.plan-instalment-kept.v1', payload: { index: 1, keptAt: DEADLINE_2 } },
      { type: 'collections.case.plan-instalment-kept.v1', payload: { index: 2, amountDue: 10_000 } },
      { type: 'collections.case.plan-completed.v1', payload: { keptInstalments: 3, paidAmount: 10_000 } },
    ]);
  });

  it('the second missed instalment breaks the plan and the strategy resumes at that deadline', () => {
    const broken = opened
      .after(propose())
      .after(accept)
      .when(check(DEADLINE_2))
      .thenEventsMatch([
        { type: 'collections.case.plan-instalment-missed.v1', payload: { index: 0, paidAmount: 0 } },
        { type: 'collections.case.plan-instalment-missed.v1', payload: { index: 1 } },
        {
          type: 'collections.case.plan-broken.v1',
          payload: { missedInstalments: 2, strategyResumesAt: DEADLINE_2 },
        },
      ]);
    expect(broken.state).toMatchObject({ strategyResumesAt: DEADLINE_2 });
  });

  it('the timer is next due at the running plan’s next deadline', () => {
    const s = opened.after(propose()).after(accept).after(check(DEADLINE_1)).state;
    expect(s && nextDueAt(s)).toBe(DEADLINE_2);
  });
});

describe('hardship programmes', () => {
  it('a fee waiver is asked of the ledger as a FEE_WAIVER credit adjustment', () => {
    opened
      .when({
        kind: 'GrantHardship',
        programmeId: 'hdp_1',
        programme: { kind: 'FEE_WAIVER', amount: 4100 },
        policy,
        actor: collector,
        now: T0,
      })
      .thenEventsMatch([
        {
          type: 'collections.case.hardship-granted.v1',
          payload: { kind: 'FEE_WAIVER', amount: 4100, endsAt: null },
        },
        {
          type: 'ledger.adjustment.requested.v1',
          subject: 'acc_1',
          payload: { requestId: 'col_1:hdp_1', direction: 'CREDIT', kind: 'FEE_WAIVER', amount: 4100 },
        },
      ]);
  });

  it('a reduced rate runs its months, then ends; a second programme waits for it', () => {
    const grant: CaseCommand = {
      kind: 'GrantHardship',
      programmeId: 'hdp_1',
      programme: { kind: 'REDUCED_RATE', rateBps: 500, months: 3 },
      policy,
      actor: collector,
      now: T0,
    };
    // 4 March local start of day (EST, 05:00 UTC) plus 3 months: 4 June 04:00 UTC (EDT).
    const endsAt = Date.UTC(2026, 5, 4, 4);
    const granted = opened.when(grant).thenEventsMatch([
      { type: 'collections.case.hardship-granted.v1', payload: { rateBps: 500, months: 3, endsAt } },
      {
        type: 'ledger.adjustment.arrangement-requested.v1',
        payload: { kind: 'REDUCED_RATE', rateBps: 500, endsAt },
      },
    ]);
    granted
      .when({ ...grant, programmeId: 'hdp_2' })
      .thenThrows((e) => (e as RuleRefused).ruleId === 'HARDSHIP.ONE_AT_A_TIME');
    granted
      .when(check(endsAt))
      .thenEventsMatch([{ type: 'collections.case.hardship-ended.v1', payload: { endedAt: endsAt } }]);
  });
});

describe('re-ageing', () => {
  const keptThree = opened
    .after(propose())
    .after(accept)
    .after(pay(10_000, T0 + DAY))
    .after(check(DEADLINE_3));

  it('three plan instalments kept in a row on an account open 16 months: granted, and asked of the ledger', () => {
    keptThree.when(reAge()).thenEventsMatch([
      {
        type: 'collections.case.re-age-granted.v1',
        payload: { reAgedOn: '2026-05-20', consecutiveMinimumPayments: 3 },
      },
      {
        type: 'ledger.adjustment.arrangement-requested.v1',
        payload: { kind: 'RE_AGE', requestId: 'col_1:rag_1' },
      },
    ]);
  });

  it('a refusal is recorded with the limit that refused it', () => {
    opened.when(reAge()).thenEventsMatch([
      {
        type: 'collections.case.re-age-refused.v1',
        payload: { limitId: 'REAGE.CONSECUTIVE_MINIMUM_PAYMENTS' },
      },
    ]);
    keptThree
      .when(reAge({ priorReAges: ['2025-06-01'] }))
      .thenEventsMatch([
        { type: 'collections.case.re-age-refused.v1', payload: { limitId: 'REAGE.ONCE_IN_12_MONTHS' } },
      ]);
    keptThree
      .when(reAge({ priorReAges: ['2022-01-01', '2024-01-01'] }))
      .thenEventsMatch([
        { type: 'collections.case.re-age-refused.v1', payload: { limitId: 'REAGE.TWICE_IN_5_YEARS' } },
      ]);
    keptThree
      .when(reAge({ accountOpenedAt: Date.UTC(2025, 7, 21, 15) }))
      .thenEventsMatch([
        { type: 'collections.case.re-age-refused.v1', payload: { limitId: 'REAGE.ACCOUNT_AGE' } },
      ]);
  });

  it('a charged-off account is never re-aged', () => {
    keptThree
      .after({ kind: 'ChargeOff', daysPastDue: 180, balance: 50_000, chargedOffAt: T0, now: T0 })
      .when(reAge())
      .thenThrows('INVALID_STATE');
  });
});
