import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  nextDueAt,
  NETWORK,
  SYSTEM,
  type DisputeCommand,
  type DisputeCommandOf,
  type DisputeEvent,
  type DisputeState,
  type DisputedTransaction,
  type Network,
  type Reason,
} from '../src/domain/dispute';
import { DAY, DEFAULT_POLICIES, addBusinessDays, resolveDueAt } from '../src/domain/policy';
import { reasonCodeFor, type EntryMode } from '../src/domain/reason-codes';
import { NETWORK_DEADLINES, merchantAnswer } from '../src/adapters/network/simulated-network';

const p = DEFAULT_POLICIES.US;
const dispute: Decider<DisputeCommand, DisputeEvent, DisputeState | null> = {
  decide: (command, state) => decide(command, state, p),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(dispute, DomainError);

const T = Date.UTC(2026, 2, 2, 15, 0); // Monday 2 March 2026
const ZONE = 'America/New_York';
const agent = { id: 'agent-1', role: 'agent' };
const analyst = { id: 'analyst-1', role: 'dispute_analyst' };
const ids = { disputeId: 'dsp_1', accountId: 'acc_1' };

const purchase: DisputedTransaction = {
  transactionId: 'txn_1',
  accountId: 'acc_1',
  kind: 'PURCHASE',
  direction: 'DEBIT',
  feeType: null,
  amount: 12000,
  currency: 'USD',
  postedAt: T - 20 * DAY,
  cardId: 'crd_1',
  statement: { statementId: 'st_1', closedAt: T - 10 * DAY },
};
const lateFee: DisputedTransaction = {
  ...purchase,
  transactionId: 'txn_fee',
  kind: 'FEE',
  feeType: 'LATE',
  amount: 2900,
  cardId: null,
};

const open = (over: Partial<Extract<DisputeCommand, { kind: 'Open' }>> = {}): DisputeCommand => ({
  kind: 'Open',
  disputeId: 'dsp_1',
  caseId: 'case_1',
  account: { accountId: 'acc_1', customerId: 'cus_1', billingCycleDay: 5, timeZone: ZONE },
  transaction: purchase,
  network: 'VISA',
  reason: 'WRONG_AMOUNT',
  disputedAmount: 5000,
  noticeAt: T,
  source: 'AGENT',
  recentFeeWaivers: 0,
  earlierLateFeesAt: [],
  liabilityInCase: 0,
  actor: agent,
  now: T,
  ...over,
});

type Payload<T extends DisputeEvent['type']> = Extract<DisputeEvent, { type: T }>['payload'];
/** What open() records, with the fields a test changes. */
const opened = (over: Partial<Payload<'disputes.dispute.opened.v1'>> = {}): DisputeEvent => ({
  type: 'disputes.dispute.opened.v1',
  payload: {
    ...ids,
    caseId: 'case_1',
    customerId: 'cus_1',
    cardId: 'crd_1',
    kind: 'BILLING_ERROR',
    reason: 'WRONG_AMOUNT',
    transactionId: 'txn_1',
    transactionAmount: 12000,
    transactionPostedAt: T - 20 * DAY,
    network: 'VISA',
    disputedAmount: 5000,
    currency: 'USD',
    statementId: 'st_1',
    protection: 'BILLING_ERROR_PROTECTED',
    protectionDetail: 'noticed 10 days after statement st_1, within 60',
    noticeAt: T,
    acknowledgeDueAt: T + 30 * DAY,
    resolveDueAt: resolveDueAt(T, 5, ZONE, p),
    provisionalCreditDueAt: addBusinessDays(T, 10),
    customerLiability: null,
    source: 'AGENT',
    actor: agent,
    openedAt: T,
    ...over,
  },
});
const resolved = (
  over: Pick<Payload<'disputes.dispute.resolved.v1'>, 'outcome' | 'amount' | 'creditAction' | 'explanation'> &
    Partial<Payload<'disputes.dispute.resolved.v1'>>,
): DisputeEvent => ({
  type: 'disputes.dispute.resolved.v1',
  payload: { ...ids, currency: 'USD', actor: analyst, resolvedAt: T + DAY, ...over },
});
const KINDS = {
  provisional: 'PROVISIONAL_CREDIT',
  reversal: 'PROVISIONAL_CREDIT_REVERSAL',
  credit: 'DISPUTE_CREDIT',
  'fee-waiver': 'FEE_WAIVER',
} as const;
/** The ledger adjustment a dispute asks for, keyed by account, one request id per purpose. */
const adjustment = (
  what: keyof typeof KINDS,
  amount: number,
  reason: string,
  at: number,
  transactionId = 'txn_1',
): DisputeEvent => ({
  type: 'ledger.adjustment.requested.v1',
  subject: 'acc_1',
  payload: {
    requestId: `dsp_1:${what}`,
    accountId: 'acc_1',
    direction: what === 'reversal' ? 'DEBIT' : 'CREDIT',
    kind: KINDS[what],
    amount,
    currency: 'USD',
    reason,
    relatedTransactionId: transactionId,
    requestedBy: 'disputes',
    requestedAt: at,
  },
});
const provisionalCredit = (amount: number, at: number): DisputeEvent[] => [
  {
    type: 'disputes.dispute.provisional-credit-issued.v1',
    payload: { ...ids, requestId: 'dsp_1:provisional', amount, currency: 'USD', actor: SYSTEM, issuedAt: at },
  },
  adjustment('provisional', amount, 'Provisional credit while dispute dsp_1 is open', at),
];
const adjustmentsIn = (events: DisputeEvent[]) =>
  events.filter((e) => e.type === 'ledger.adjustment.requested.v1');

describe('opening', () => {
  it('a billing error noticed within 60 days of the statement is protected, with its clocks', () => {
    const { state } = given().when(open()).then([opened()]);
    expect(state?.status).toBe('OPEN');
    expect(Object.keys(state?.clocks ?? {}).sort()).toEqual(['ACKNOWLEDGE', 'PROVISIONAL_CREDIT', 'RESOLVE']);
    expect(state?.history[0]).toMatchObject({ action: 'opened', actor: agent, at: T });
  });

  it('notice later than 60 days after the statement is accepted but flagged, with the reason', () => {
    const { state } = given()
      .when(
        open({
          noticeAt: T,
          transaction: { ...purchase, statement: { statementId: 'st_0', closedAt: T - 61 * DAY } },
        }),
      )
      .then([
        opened({
          statementId: 'st_0',
          protection: 'OUTSIDE_NOTICE_WINDOW',
          protectionDetail:
            'noticed 61 days after statement st_0; billing-error protection needs notice within 60 days',
          provisionalCreditDueAt: null,
        }),
      ]);
    expect(state?.protectionDetail).toMatch(
      /61 days after statement st_0; billing-error protection needs notice within 60 days/,
    );
    expect(state?.clocks.PROVISIONAL_CREDIT).toBeUndefined();
  });

  it('a dispute refuses an amount above the charge, a non-positive amount, a future notice, another account', () => {
    given()
      .when(open({ disputedAmount: 12001 }))
      .thenThrows('INVALID', /above the charge/);
    given()
      .when(open({ disputedAmount: 0 }))
      .thenThrows('INVALID');
    given()
      .when(open({ noticeAt: T + DAY }))
      .thenThrows('INVALID');
    given()
      .when(open({ transaction: { ...purchase, accountId: 'acc_2' } }))
      .thenThrows('NOT_FOUND');
    given().after(open()).when(open()).thenThrows('ALREADY_EXISTS');
  });

  it('the reason fits the transaction: fees for fee requests, purchases for the rest', () => {
    given()
      .when(open({ reason: 'LATE_FEE' }))
      .thenThrows('INVALID', /not a fee/);
    given()
      .when(
        open({ reason: 'LATE_FEE', transaction: { ...lateFee, feeType: 'ANNUAL' }, disputedAmount: 2900 }),
      )
      .thenThrows('INVALID', /not a late fee/);
    given()
      .when(open({ reason: 'DUPLICATE', transaction: lateFee, disputedAmount: 100 }))
      .thenThrows('INVALID', /only purchases/);
  });

  it.each<[Reason, string]>([
    ['WRONG_AMOUNT', 'BILLING_ERROR'],
    ['DUPLICATE', 'BILLING_ERROR'],
    ['CREDIT_NOT_PROCESSED', 'BILLING_ERROR'],
    ['NOT_RECEIVED', 'BILLING_ERROR'],
    ['UNAUTHORISED', 'FRAUD'],
  ])('%s is a %s dispute', (reason, kind) => {
    const { events, state } = given().after(open({ reason }));
    expect(state?.kind).toBe(kind);
    expect(events[0]).toMatchObject({ payload: { reason, kind } });
  });
});

describe('fraud', () => {
  const fraud = open({ reason: 'UNAUTHORISED', disputedAmount: 12000 });
  const fraudOpened = opened({
    kind: 'FRAUD',
    reason: 'UNAUTHORISED',
    disputedAmount: 12000,
    customerLiability: 0,
  });

  it('fraud is credited provisionally at once, keyed by account on the ledger channel', () => {
    const { state } = given()
      .when(open({ reason: 'UNAUTHORISED', disputedAmount: 12000, source: 'FRAUD_REPORT' }))
      .then([
        opened({
          kind: 'FRAUD',
          reason: 'UNAUTHORISED',
          disputedAmount: 12000,
          source: 'FRAUD_REPORT',
          customerLiability: 0,
        }),
        ...provisionalCredit(12000, T),
      ]);
    expect(state?.clocks.PROVISIONAL_CREDIT?.met).toBe(true);
  });
  describe('noticed after the 60-day window', () => {
    const late = { ...purchase, statement: { statementId: 'st_0', closedAt: T - 61 * DAY } };
    const lateFraud = (disputedAmount: number, liabilityInCase = 0) =>
      open({ reason: 'UNAUTHORISED', transaction: late, disputedAmount, liabilityInCase });
    const lateOpened = (disputedAmount: number, customerLiability: number) =>
      opened({
        kind: 'FRAUD',
        reason: 'UNAUTHORISED',
        disputedAmount,
        statementId: 'st_0',
        protection: 'OUTSIDE_NOTICE_WINDOW',
        protectionDetail: `noticed 61 days after statement st_0; billing-error protection needs notice within 60 days; unauthorised use: the customer is liable for at most ${(customerLiability / 100).toFixed(2)} USD of this claim (liability cap, no notice deadline)`,
        provisionalCreditDueAt: null,
        customerLiability,
      });

    it('fraud keeps the liability cap without a notice deadline: all but 50.00 is credited at once', () => {
      const { state } = given()
        .when(lateFraud(12000))
        .then([lateOpened(12000, 5000), ...provisionalCredit(7000, T)]);
      expect(state).toMatchObject({ protection: 'OUTSIDE_NOTICE_WINDOW', customerLiability: 5000 });
      expect(state?.clocks.PROVISIONAL_CREDIT).toBeUndefined();
    });
    it('the cap is per notice: the claims of one report share it', () => {
      given()
        .when(lateFraud(12000, 3000))
        .then([lateOpened(12000, 2000), ...provisionalCredit(10000, T)]);
      given()
        .when(lateFraud(12000, 5000))
        .then([lateOpened(12000, 0), ...provisionalCredit(12000, T)]);
    });
    it('a charge below the cap is the customer’s while the claim is open; winning credits it', () => {
      given()
        .when(lateFraud(3000))
        .then([lateOpened(3000, 3000)])
        .when({
          kind: 'Resolve',
          outcome: 'CUSTOMER_WON',
          explanation: 'stolen',
          actor: analyst,
          now: T + DAY,
        })
        .then([
          resolved({
            outcome: 'CUSTOMER_WON',
            amount: 3000,
            creditAction: 'CREDITED',
            explanation: 'stolen',
          }),
          adjustment('credit', 3000, "Dispute dsp_1 resolved in the customer's favour", T + DAY),
        ]);
    });
    it('a billing error noticed late has no such protection: nothing is credited', () => {
      given()
        .when(open({ transaction: late }))
        .thenEventsMatch([{ payload: { protection: 'OUTSIDE_NOTICE_WINDOW', customerLiability: null } }]);
    });
  });
  it('a customer who wins a fraud dispute keeps the provisional credit as permanent: no second credit', () => {
    const o = given()
      .after(fraud)
      .when({
        kind: 'Resolve',
        outcome: 'CUSTOMER_WON',
        explanation: 'Card was stolen',
        actor: analyst,
        now: T + DAY,
      })
      .then([
        resolved({
          outcome: 'CUSTOMER_WON',
          amount: 12000,
          creditAction: 'PROVISIONAL_MADE_PERMANENT',
          explanation: 'Card was stolen',
        }),
      ]);
    expect(o.events.slice(0, 3)).toEqual([fraudOpened, ...provisionalCredit(12000, T)]);
    expect(adjustmentsIn(o.events)).toHaveLength(1);
    expect(o.state?.resolution).toMatchObject({
      outcome: 'CUSTOMER_WON',
      creditAction: 'PROVISIONAL_MADE_PERMANENT',
      amount: 12000,
    });
  });
  it('a merchant who wins a fraud dispute has the provisional credit reversed (rebilled), with the written explanation', () => {
    const explanation = 'Chip and PIN used at the customer’s home town';
    const { state } = given()
      .after(fraud)
      .when({ kind: 'Resolve', outcome: 'MERCHANT_WON', explanation, actor: analyst, now: T + DAY })
      .then([
        resolved({
          outcome: 'MERCHANT_WON',
          amount: 12000,
          creditAction: 'PROVISIONAL_REVERSED',
          explanation,
        }),
        adjustment('reversal', 12000, `Dispute dsp_1: ${explanation}`, T + DAY),
      ]);
    expect(state?.resolution).toMatchObject({ creditAction: 'PROVISIONAL_REVERSED', explanation });
  });
});

describe('refusals', () => {
  const resolve: DisputeCommand = {
    kind: 'Resolve',
    outcome: 'CUSTOMER_WON',
    explanation: 'ok',
    actor: analyst,
    now: T + DAY,
  };
  it('a dispute is resolved once', () => {
    given()
      .after(open(), resolve)
      .when(resolve)
      .thenThrows('INVALID_STATE', /already resolved/);
  });
  it('only a deciding role resolves a dispute or overrides the goodwill policy', () => {
    given()
      .after(open())
      .when({ ...resolve, actor: agent })
      .thenThrows('FORBIDDEN');
    given()
      .after(
        open({
          reason: 'LATE_FEE',
          transaction: lateFee,
          disputedAmount: 2900,
          earlierLateFeesAt: [lateFee.postedAt - 100 * DAY],
        }),
      )
      .when({
        kind: 'OverrideGoodwill',
        decision: 'WAIVED',
        reason: 'long-standing customer',
        actor: agent,
        now: T,
      })
      .thenThrows('FORBIDDEN');
  });
  it('provisional credit is no larger than the disputed amount, and given once', () => {
    given()
      .after(open())
      .when({ kind: 'IssueProvisionalCredit', amount: 5001, actor: analyst, now: T })
      .thenThrows('INVALID', /no larger than the disputed/);
    const credit: DisputeCommand = { kind: 'IssueProvisionalCredit', amount: 5000, actor: analyst, now: T };
    given().after(open(), credit).when(credit).thenThrows('INVALID_STATE');
  });
  it('a merchant win needs a written explanation; a dispute is acknowledged once', () => {
    given()
      .after(open())
      .when({ ...resolve, outcome: 'MERCHANT_WON', explanation: ' ' })
      .thenThrows('INVALID');
    const ack: DisputeCommand = { kind: 'Acknowledge', actor: agent, now: T };
    given().after(open(), ack).when(ack).thenThrows('INVALID_STATE');
  });
});

describe('billing error resolution', () => {
  it('a customer who wins without provisional credit is credited now', () => {
    const explanation = 'Merchant confirmed overcharge';
    const { state } = given()
      .after(open())
      .when({ kind: 'Resolve', outcome: 'CUSTOMER_WON', explanation, actor: analyst, now: T + DAY })
      .then([
        resolved({ outcome: 'CUSTOMER_WON', amount: 5000, creditAction: 'CREDITED', explanation }),
        adjustment('credit', 5000, "Dispute dsp_1 resolved in the customer's favour", T + DAY),
      ]);
    expect(state?.resolution?.creditAction).toBe('CREDITED');
  });
  it('a merchant who wins without provisional credit moves no money; the explanation is recorded', () => {
    const explanation = 'Receipt shows the billed amount';
    const { state } = given()
      .after(open())
      .when({ kind: 'Resolve', outcome: 'MERCHANT_WON', explanation, actor: analyst, now: T + DAY })
      .then([resolved({ outcome: 'MERCHANT_WON', amount: 0, creditAction: 'NONE', explanation })]);
    expect(state?.resolution).toMatchObject({ outcome: 'MERCHANT_WON', creditAction: 'NONE' });
  });
});

describe('late-fee goodwill', () => {
  /** A late-fee request; `earlierLateFeesAt`: when the account's other late fees posted. */
  const feeOpen = (earlierLateFeesAt: number[] = [], over: Partial<DisputeCommandOf<'Open'>> = {}) =>
    open({ reason: 'LATE_FEE', transaction: lateFee, disputedAmount: 2900, earlierLateFeesAt, ...over });
  const secondInYear = [lateFee.postedAt - 100 * DAY];
  const feeOpened = opened({
    cardId: null,
    kind: 'FEE',
    reason: 'LATE_FEE',
    transactionId: 'txn_fee',
    transactionAmount: 2900,
    disputedAmount: 2900,
    protection: 'NOT_APPLICABLE',
    protectionDetail: 'a fee waiver request is decided by the goodwill policy',
    provisionalCreditDueAt: null,
  });
  const goodwill = (
    p: Omit<Payload<'disputes.dispute.goodwill-decided.v1'>, keyof typeof ids>,
  ): DisputeEvent => ({
    type: 'disputes.dispute.goodwill-decided.v1',
    payload: { ...ids, ...p },
  });
  const waived = "Dispute dsp_1 resolved in the customer's favour";

  const waivedByPolicy = [
    feeOpened,
    goodwill({
      decision: 'WAIVED',
      decidedBy: 'POLICY',
      reason: 'the first late fee in 12 months',
      actor: SYSTEM,
      decidedAt: T,
    }),
    resolved({
      outcome: 'CUSTOMER_WON',
      amount: 2900,
      creditAction: 'CREDITED',
      explanation: 'Fee waived as a goodwill gesture',
      actor: SYSTEM,
      resolvedAt: T,
    }),
    adjustment('fee-waiver', 2900, waived, T, 'txn_fee'),
  ];
  const declinedByPolicy = (reason: string) => [
    feeOpened,
    goodwill({ decision: 'DECLINED', decidedBy: 'POLICY', reason, actor: SYSTEM, decidedAt: T }),
  ];

  it('two late fees in 12 months with no waiver: the second is not the first, and is declined', () => {
    given().when(feeOpen(secondInYear)).then(declinedByPolicy('1 earlier late fee(s) since 2025-02-10'));
  });
  it('an earlier waiver of another fee does not block the waiver of a first late fee', () => {
    given()
      .when(feeOpen([], { recentFeeWaivers: 1 }))
      .then(waivedByPolicy);
  });
  it('the look-back is 12 months to the day: a late fee 365 days before counts, one 366 days before does not', () => {
    // 10 February 2026 back to 10 February 2025: 12 months, 365 days.
    given()
      .when(feeOpen([lateFee.postedAt - 365 * DAY]))
      .then(declinedByPolicy('1 earlier late fee(s) since 2025-02-10'));
    given()
      .when(feeOpen([lateFee.postedAt - 366 * DAY]))
      .then(waivedByPolicy);
    // A later late fee does not make this one any less the first.
    given()
      .when(feeOpen([lateFee.postedAt + 30 * DAY]))
      .then(waivedByPolicy);
  });

  it('a first late fee in 12 months is waived by policy and credited', () => {
    const { state } = given()
      .when(feeOpen())
      .then([
        feeOpened,
        goodwill({
          decision: 'WAIVED',
          decidedBy: 'POLICY',
          reason: 'the first late fee in 12 months',
          actor: SYSTEM,
          decidedAt: T,
        }),
        resolved({
          outcome: 'CUSTOMER_WON',
          amount: 2900,
          creditAction: 'CREDITED',
          explanation: 'Fee waived as a goodwill gesture',
          actor: SYSTEM,
          resolvedAt: T,
        }),
        adjustment('fee-waiver', 2900, waived, T, 'txn_fee'),
      ]);
    expect(state?.goodwill).toMatchObject({ decision: 'WAIVED', decidedBy: 'POLICY' });
    expect(state?.protection).toBe('NOT_APPLICABLE');
  });
  it('another late fee within 12 months is declined by policy, open for an override with a reason', () => {
    const declined = given()
      .when(feeOpen(secondInYear))
      .then(declinedByPolicy('1 earlier late fee(s) since 2025-02-10'));
    expect(declined.state).toMatchObject({
      status: 'OPEN',
      goodwill: { decision: 'DECLINED', decidedBy: 'POLICY' },
    });
    const supervisor = { id: 'sup-1', role: 'supervisor' };
    const { state } = declined
      .when({
        kind: 'OverrideGoodwill',
        decision: 'WAIVED',
        reason: 'hospital stay',
        actor: supervisor,
        now: T + 60_000,
      })
      .then([
        goodwill({
          decision: 'WAIVED',
          decidedBy: 'OVERRIDE',
          reason: 'hospital stay',
          actor: supervisor,
          decidedAt: T + 60_000,
        }),
        resolved({
          outcome: 'CUSTOMER_WON',
          amount: 2900,
          creditAction: 'CREDITED',
          explanation: 'hospital stay',
          actor: supervisor,
          resolvedAt: T + 60_000,
        }),
        adjustment('fee-waiver', 2900, waived, T + 60_000, 'txn_fee'),
      ]);
    expect(state?.goodwill).toMatchObject({
      decision: 'WAIVED',
      decidedBy: 'OVERRIDE',
      reason: 'hospital stay',
    });
    expect(state?.resolution?.outcome).toBe('CUSTOMER_WON');
    expect(state?.history.map((h) => h.action)).toContain('goodwill waived (override)');
  });
  it('a fee request takes no provisional credit and no chargeback', () => {
    given()
      .after(feeOpen(secondInYear))
      .when({ kind: 'IssueProvisionalCredit', amount: 100, actor: analyst, now: T })
      .thenThrows('INVALID');
    given()
      .after(feeOpen(secondInYear))
      .when({ kind: 'FileChargeback', entryMode: 'UNKNOWN', actor: analyst, now: T })
      .thenThrows('INVALID', /no chargeback/);
  });
});

describe('clocks', () => {
  const tick = (at: number): DisputeCommand => ({ kind: 'Tick', now: at });
  const clockEvent = (
    type: 'disputes.dispute.clock-due-soon.v1' | 'disputes.dispute.clock-breached.v1',
    clock: 'ACKNOWLEDGE' | 'RESOLVE',
    firedAt: number,
  ): DisputeEvent => ({
    type,
    payload: {
      ...ids,
      clock,
      dueAt: clock === 'ACKNOWLEDGE' ? T + 30 * DAY : resolveDueAt(T, 5, ZONE, p),
      firedAt,
    },
  });

  it('each clock warns once and breaches once; acknowledged clocks stay quiet', () => {
    const warned = given()
      .after(open({ reason: 'UNAUTHORISED', disputedAmount: 12000 }))
      .when(tick(T + 26 * DAY))
      .then([clockEvent('disputes.dispute.clock-due-soon.v1', 'ACKNOWLEDGE', T + 26 * DAY)]);
    warned.when(tick(T + 27 * DAY)).thenNothingHappened();
    // Day 31: the acknowledgement deadline has passed.
    const breached = warned
      .when(tick(T + 31 * DAY))
      .then([clockEvent('disputes.dispute.clock-breached.v1', 'ACKNOWLEDGE', T + 31 * DAY)]);
    breached.when(tick(T + 32 * DAY)).thenNothingHappened();
    // Day 60: the resolve deadline (the close of 5 May, New York) is 4 days off.
    const resolveSoon = breached
      .when(tick(T + 60 * DAY))
      .then([clockEvent('disputes.dispute.clock-due-soon.v1', 'RESOLVE', T + 60 * DAY)]);
    // A jump far past the resolve deadline breaches it, once.
    const late = resolveSoon
      .when(tick(T + 200 * DAY))
      .then([clockEvent('disputes.dispute.clock-breached.v1', 'RESOLVE', T + 200 * DAY)]);
    late.when(tick(T + 201 * DAY)).thenNothingHappened();
    expect(nextDueAt(late.state as DisputeState, p)).toBeNull();
    const acked = given()
      .after(open(), { kind: 'Acknowledge', actor: agent, now: T + DAY })
      .when(tick(T + 60 * DAY))
      .thenEventsMatch([
        { type: 'disputes.dispute.clock-due-soon.v1', payload: { clock: 'RESOLVE' } },
        { type: 'disputes.dispute.provisional-credit-issued.v1' },
        { type: 'ledger.adjustment.requested.v1' },
      ]);
    expect(acked.decided.map((e) => (e.payload as { clock?: string }).clock)).not.toContain('ACKNOWLEDGE');
  });
  it('a protected billing error gets its provisional credit when the clock comes due, instead of a breach', () => {
    const acked = given().after(open(), { kind: 'Acknowledge', actor: agent, now: T + DAY });
    const due = addBusinessDays(T, 10);
    expect(nextDueAt(acked.state as DisputeState, p)).toBe(due);
    acked.when(tick(due)).then(provisionalCredit(5000, due));
  });
  it('resolution stops every clock', () => {
    const done = given().after(open(), {
      kind: 'Resolve',
      outcome: 'CUSTOMER_WON',
      explanation: 'x',
      actor: analyst,
      now: T,
    });
    done.when(tick(T + 365 * DAY)).thenNothingHappened();
    expect(nextDueAt(done.state as DisputeState, p)).toBeNull();
  });
  it('resolve is due at the close of the second complete cycle after notice, never beyond 90 days', () => {
    expect(new Date(resolveDueAt(Date.UTC(2026, 2, 2), 5, 'UTC', p)).toISOString()).toBe(
      '2026-05-05T23:59:59.999Z',
    );
    expect(resolveDueAt(Date.UTC(2026, 2, 6), 5, 'UTC', p)).toBe(Date.UTC(2026, 2, 6) + 90 * DAY);
    expect(resolveDueAt(Date.UTC(2026, 2, 6), 5, 'UTC', { ...p, resolveBillingCycles: 4 })).toBe(
      Date.UTC(2026, 2, 6) + 90 * DAY,
    );
    expect(new Date(addBusinessDays(Date.UTC(2026, 2, 6), 10)).toISOString().slice(0, 10)).toBe('2026-03-20');
  });
});

describe('chargeback lifecycle', () => {
  const fraud = open({ reason: 'UNAUTHORISED', disputedAmount: 12000 });
  const file: DisputeCommand = {
    kind: 'FileChargeback',
    entryMode: 'UNKNOWN',
    actor: analyst,
    now: T + DAY,
  };
  const step = (
    s: Extract<DisputeCommand, { kind: 'RecordNetworkStep' }>['step'],
    at = T + 10 * DAY,
  ): DisputeCommand => ({
    kind: 'RecordNetworkStep',
    step: s,
    note: null,
    now: at,
  });
  const progressed = (
    p: Pick<
      Payload<'disputes.dispute.chargeback-progressed.v1'>,
      'stage' | 'step' | 'respondBy' | 'actor' | 'at'
    >,
  ): DisputeEvent => ({
    type: 'disputes.dispute.chargeback-progressed.v1',
    payload: { ...ids, network: 'VISA', reasonCode: '10.4', note: null, ...p },
  });

  it('the chargeback reason code follows from the kind and the network', () => {
    const stolen = { entryMode: 'UNKNOWN', cardLostOrStolen: true } as const;
    expect(reasonCodeFor('VISA', 'UNAUTHORISED', stolen)).toBe('10.4');
    expect(reasonCodeFor('MASTERCARD', 'UNAUTHORISED', stolen)).toBe('4837');
    expect(reasonCodeFor('MASTERCARD', 'NOT_RECEIVED')).toBe('4855');
    expect(reasonCodeFor('VISA', 'DUPLICATE')).toBe('12.6.1');
    expect(reasonCodeFor('VISA', 'LATE_FEE')).toBeNull();
    expect(reasonCodeFor('UNIONPAY', 'UNAUTHORISED')).toBeNull();
    given()
      .after(fraud)
      .when(file)
      .then([
        progressed({
          step: 'FILED',
          stage: 'CHARGEBACK',
          respondBy: T + DAY + 30 * DAY,
          actor: analyst,
          at: T + DAY,
        }),
      ]);
  });
  it.each<[Network, 'AGENT' | 'FRAUD_REPORT', EntryMode, string]>([
    ['VISA', 'FRAUD_REPORT', 'CARD_ABSENT', '10.4'],
    ['VISA', 'FRAUD_REPORT', 'CARD_PRESENT', '10.3'],
    ['VISA', 'AGENT', 'UNKNOWN', '10.4'],
    ['VISA', 'AGENT', 'CARD_PRESENT', '10.3'],
    ['MASTERCARD', 'FRAUD_REPORT', 'CARD_PRESENT', '4837'],
    ['MASTERCARD', 'FRAUD_REPORT', 'CARD_ABSENT', '4837'],
    ['MASTERCARD', 'AGENT', 'CARD_ABSENT', '4863'],
    ['MASTERCARD', 'AGENT', 'UNKNOWN', '4863'],
    ['MASTERCARD', 'AGENT', 'CARD_PRESENT', '4840'],
  ])('fraud on %s opened by %s, card used %s, is filed under %s', (network, source, entryMode, code) => {
    given()
      .after(open({ reason: 'UNAUTHORISED', disputedAmount: 12000, network, source }))
      .when({ ...file, entryMode })
      .thenEventsMatch([
        { type: 'disputes.dispute.chargeback-progressed.v1', payload: { network, reasonCode: code } },
      ]);
  });
  it('a Mastercard merchant has 45 days to answer a chargeback or a pre-arbitration, a Visa merchant 30', () => {
    const mc = given()
      .after(open({ reason: 'UNAUTHORISED', disputedAmount: 12000, network: 'MASTERCARD' }))
      .when(file)
      .thenEventsMatch([{ payload: { step: 'FILED', respondBy: T + DAY + 45 * DAY } }]);
    mc.after(step('MERCHANT_REPRESENTED'))
      .when({ kind: 'EscalatePreArbitration', actor: analyst, now: T + 20 * DAY })
      .thenEventsMatch([{ payload: { step: 'PRE_ARBITRATION_FILED', respondBy: T + 20 * DAY + 45 * DAY } }]);
    given()
      .after(fraud)
      .when(file)
      .thenEventsMatch([{ payload: { step: 'FILED', respondBy: T + DAY + 30 * DAY } }]);
  });
  it('arbitration is filed with the network’s deadline to rule, and it is not the issuer’s clock', () => {
    const filed = given()
      .after(
        fraud,
        file,
        step('MERCHANT_REPRESENTED'),
        { kind: 'EscalatePreArbitration', actor: analyst, now: T + 20 * DAY },
        step('PRE_ARBITRATION_DECLINED', T + 40 * DAY),
      )
      .when({ kind: 'FileArbitration', actor: analyst, now: T + 45 * DAY })
      .then([
        progressed({
          step: 'ARBITRATION_FILED',
          stage: 'ARBITRATION',
          respondBy: T + 45 * DAY + 60 * DAY,
          actor: analyst,
          at: T + 45 * DAY,
        }),
      ]);
    expect(filed.state?.chargeback).toMatchObject({ stage: 'ARBITRATION', respondBy: T + 105 * DAY });
    expect(filed.state?.clocks.NETWORK_RESPONSE?.met).toBe(true);
  });
  it('a merchant who accepts the chargeback loses: the customer wins', () => {
    const { state } = given()
      .after(fraud, file)
      .when(step('MERCHANT_ACCEPTED'))
      .then([
        progressed({
          step: 'MERCHANT_ACCEPTED',
          stage: 'CLOSED',
          respondBy: null,
          actor: NETWORK,
          at: T + 10 * DAY,
        }),
        resolved({
          outcome: 'CUSTOMER_WON',
          amount: 12000,
          creditAction: 'PROVISIONAL_MADE_PERMANENT',
          explanation: "The merchant's bank accepted the chargeback",
          actor: NETWORK,
          resolvedAt: T + 10 * DAY,
        }),
      ]);
    expect(state?.resolution).toMatchObject({
      outcome: 'CUSTOMER_WON',
      creditAction: 'PROVISIONAL_MADE_PERMANENT',
    });
  });
  it('representment, pre-arbitration and arbitration each have their deadline; ruled for the merchant, the credit is reversed', () => {
    const r = given()
      .after(fraud, file)
      .when(step('MERCHANT_REPRESENTED'))
      .then([
        progressed({
          step: 'MERCHANT_REPRESENTED',
          stage: 'REPRESENTMENT',
          respondBy: T + 40 * DAY,
          actor: NETWORK,
          at: T + 10 * DAY,
        }),
      ]);
    expect(r.state?.chargeback).toMatchObject({
      stage: 'REPRESENTMENT',
      issuersMove: true,
      respondBy: T + 40 * DAY,
    });
    expect(r.state?.clocks.NETWORK_RESPONSE).toMatchObject({ dueAt: T + 40 * DAY, met: false });
    const pre = r.when({ kind: 'EscalatePreArbitration', actor: analyst, now: T + 20 * DAY }).then([
      progressed({
        step: 'PRE_ARBITRATION_FILED',
        stage: 'PRE_ARBITRATION',
        respondBy: T + 50 * DAY,
        actor: analyst,
        at: T + 20 * DAY,
      }),
    ]);
    expect(pre.state?.chargeback).toMatchObject({
      stage: 'PRE_ARBITRATION',
      issuersMove: false,
      respondBy: T + 50 * DAY,
    });
    expect(pre.state?.clocks.NETWORK_RESPONSE?.met).toBe(true);
    const { events, state } = pre
      .after(step('PRE_ARBITRATION_DECLINED', T + 40 * DAY), {
        kind: 'FileArbitration',
        actor: analyst,
        now: T + 45 * DAY,
      })
      .when(step('RULED_FOR_MERCHANT', T + 80 * DAY))
      .then([
        progressed({
          step: 'RULED_FOR_MERCHANT',
          stage: 'CLOSED',
          respondBy: null,
          actor: NETWORK,
          at: T + 80 * DAY,
        }),
        resolved({
          outcome: 'MERCHANT_WON',
          amount: 12000,
          creditAction: 'PROVISIONAL_REVERSED',
          explanation: 'The card network ruled for the merchant at arbitration',
          actor: NETWORK,
          resolvedAt: T + 80 * DAY,
        }),
        adjustment(
          'reversal',
          12000,
          'Dispute dsp_1: The card network ruled for the merchant at arbitration',
          T + 80 * DAY,
        ),
      ]);
    expect(state?.resolution).toMatchObject({
      outcome: 'MERCHANT_WON',
      creditAction: 'PROVISIONAL_REVERSED',
    });
    expect(adjustmentsIn(events).map((a) => a.payload.kind)).toEqual([
      'PROVISIONAL_CREDIT',
      'PROVISIONAL_CREDIT_REVERSAL',
    ]);
    expect(state?.history.map((h) => h.action)).toEqual([
      'opened',
      'provisional credit',
      'chargeback filed',
      'chargeback merchant represented',
      'chargeback pre arbitration filed',
      'chargeback pre arbitration declined',
      'chargeback arbitration filed',
      'chargeback ruled for merchant',
      'resolved merchant won',
    ]);
  });
  it('chargeback steps come in order; a chargeback is filed once and within the filing limit', () => {
    given().after(fraud).when(step('MERCHANT_ACCEPTED')).thenThrows('INVALID_STATE');
    given().after(fraud, file).when(file).thenThrows('INVALID_STATE');
    given()
      .after(fraud, file)
      .when({ kind: 'EscalatePreArbitration', actor: analyst, now: T })
      .thenThrows('INVALID_STATE');
    given()
      .after(fraud, file)
      .when({ kind: 'FileArbitration', actor: analyst, now: T })
      .thenThrows('INVALID_STATE');
    given()
      .after(fraud)
      .when({ ...file, now: purchase.postedAt + 121 * DAY })
      .thenThrows('INVALID', /filing limit/);
  });
  it('a dispute the customer withdraws reverses the provisional credit', () => {
    const explanation = 'Customer found the purchase was a family member’s';
    const { state } = given()
      .after(fraud)
      .when({ kind: 'Withdraw', explanation, actor: agent, now: T + DAY })
      .then([
        resolved({
          outcome: 'WITHDRAWN',
          amount: 12000,
          creditAction: 'PROVISIONAL_REVERSED',
          explanation,
          actor: agent,
        }),
        adjustment('reversal', 12000, `Dispute dsp_1: ${explanation}`, T + DAY),
      ]);
    expect(state?.resolution).toMatchObject({ outcome: 'WITHDRAWN', creditAction: 'PROVISIONAL_REVERSED' });
  });
});

describe('simulated card network', () => {
  const filing = (
    stage: 'CHARGEBACK' | 'PRE_ARBITRATION' | 'ARBITRATION',
    amount: number,
    reasonCode = '10.4',
  ) => ({
    disputeId: 'dsp_1',
    network: 'VISA' as const,
    reasonCode,
    stage,
    amount,
    filedAt: T,
    correlationId: 'c',
  });
  it('the simulated merchant answers by its behaviour and the network’s own deadlines', () => {
    const visa = NETWORK_DEADLINES.VISA as NonNullable<typeof NETWORK_DEADLINES.VISA>;
    const mc = NETWORK_DEADLINES.MASTERCARD as NonNullable<typeof NETWORK_DEADLINES.MASTERCARD>;
    expect(merchantAnswer(filing('CHARGEBACK', 12000), visa)).toEqual({
      afterDays: 20,
      step: 'MERCHANT_REPRESENTED',
    });
    expect(merchantAnswer(filing('CHARGEBACK', 9999), visa)).toEqual({
      afterDays: 30,
      step: 'MERCHANT_ACCEPTED',
    });
    expect(merchantAnswer(filing('CHARGEBACK', 9999), mc)).toEqual({
      afterDays: 45,
      step: 'MERCHANT_ACCEPTED',
    });
    expect(merchantAnswer(filing('PRE_ARBITRATION', 60000), visa).step).toBe('PRE_ARBITRATION_DECLINED');
    expect(merchantAnswer(filing('PRE_ARBITRATION', 12000), visa).step).toBe('PRE_ARBITRATION_ACCEPTED');
    expect(merchantAnswer(filing('ARBITRATION', 60000, '4837'), mc)).toEqual({
      afterDays: 60,
      step: 'RULED_FOR_CARDHOLDER',
    });
    expect(merchantAnswer(filing('ARBITRATION', 60000, '13.1'), visa).step).toBe('RULED_FOR_MERCHANT');
  });
});
