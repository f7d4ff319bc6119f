import {
  decide,
  DomainError,
  fold,
  nextDueAt,
  type DisputeCommand,
  type DisputeEvent,
  type DisputeState,
  type DisputedTransaction,
  type Reason,
} from '../src/domain/dispute';
import { DAY, DEFAULT_POLICIES, addBusinessDays, resolveDueAt } from '../src/domain/policy';
import { reasonCodeFor } from '../src/domain/reason-codes';
import { NETWORK_DEADLINES, merchantAnswer } from '../src/adapters/network/simulated-network';

// Given/when/then over the pure decider.
const p = DEFAULT_POLICIES.US;
const T = Date.UTC(2026, 2, 2, 15, 0); // Monday 2 March 2026
const agent = { id: 'agent-1', role: 'agent' };
const analyst = { id: 'analyst-1', role: 'dispute_analyst' };

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
  account: { accountId: 'acc_1', customerId: 'cus_1', billingCycleDay: 5 },
  transaction: purchase,
  network: 'VISA',
  reason: 'WRONG_AMOUNT',
  disputedAmount: 5000,
  noticeAt: T,
  source: 'AGENT',
  recentFeeWaivers: 0,
  actor: agent,
  now: T,
  ...over,
});

function run(...cmds: DisputeCommand[]): { events: DisputeEvent[]; state: DisputeState } {
  const events: DisputeEvent[] = [];
  let state: DisputeState | null = null;
  for (const c of cmds) {
    const out = decide(c, state, p);
    events.push(...out);
    state = fold(out, state);
  }
  return { events, state: state as DisputeState };
}
const types = (es: DisputeEvent[]) => es.map((e) => e.type.replace(/^disputes\.dispute\.|\.v1$/g, ''));
const refused = (code: DomainError['code'], fn: () => unknown, message?: RegExp) => {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  if (message) expect((err as DomainError).message).toMatch(message);
};
const adjustments = (es: DisputeEvent[]) =>
  es.flatMap((e) => (e.type === 'ledger.adjustment.requested.v1' ? [{ ...e.payload, key: e.subject }] : []));

describe('opening', () => {
  it('a billing error noticed within 60 days of the statement is protected, with its clocks', () => {
    const { events, state } = run(open());
    expect(types(events)).toEqual(['opened']);
    const o = events[0]?.payload as unknown as Record<string, unknown>;
    expect(o).toMatchObject({
      kind: 'BILLING_ERROR',
      protection: 'BILLING_ERROR_PROTECTED',
      acknowledgeDueAt: T + 30 * DAY,
      provisionalCreditDueAt: addBusinessDays(T, 10),
      network: 'VISA',
      transactionPostedAt: purchase.postedAt,
    });
    expect(o.resolveDueAt).toBe(resolveDueAt(T, 5, p));
    expect(state.status).toBe('OPEN');
    expect(Object.keys(state.clocks).sort()).toEqual(['ACKNOWLEDGE', 'PROVISIONAL_CREDIT', 'RESOLVE']);
    expect(state.history[0]).toMatchObject({ action: 'opened', actor: agent, at: T });
  });

  it('notice later than 60 days after the statement is accepted but flagged, with the reason', () => {
    const { events, state } = run(
      open({
        noticeAt: T,
        transaction: { ...purchase, statement: { statementId: 'st_0', closedAt: T - 61 * DAY } },
      }),
    );
    expect(events[0]?.payload).toMatchObject({
      protection: 'OUTSIDE_NOTICE_WINDOW',
      provisionalCreditDueAt: null,
    });
    expect(state.protectionDetail).toMatch(
      /61 days after statement st_0; billing-error protection needs notice within 60 days/,
    );
    expect(state.clocks.PROVISIONAL_CREDIT).toBeUndefined();
  });

  it('refuses an amount above the charge, a non-positive amount, a future notice, another account', () => {
    refused('INVALID', () => run(open({ disputedAmount: 12001 })), /above the charge/);
    refused('INVALID', () => run(open({ disputedAmount: 0 })));
    refused('INVALID', () => run(open({ noticeAt: T + DAY })));
    refused('NOT_FOUND', () => run(open({ transaction: { ...purchase, accountId: 'acc_2' } })));
    refused('ALREADY_EXISTS', () => run(open(), open()));
  });

  it('fits the reason to the transaction: fees for fee requests, purchases for the rest', () => {
    refused('INVALID', () => run(open({ reason: 'LATE_FEE' })), /not a fee/);
    refused(
      'INVALID',
      () =>
        run(
          open({ reason: 'LATE_FEE', transaction: { ...lateFee, feeType: 'ANNUAL' }, disputedAmount: 2900 }),
        ),
      /not a late fee/,
    );
    refused(
      'INVALID',
      () => run(open({ reason: 'DUPLICATE', transaction: lateFee, disputedAmount: 100 })),
      /only purchases/,
    );
  });

  it.each<[Reason, string]>([
    ['WRONG_AMOUNT', 'BILLING_ERROR'],
    ['DUPLICATE', 'BILLING_ERROR'],
    ['CREDIT_NOT_PROCESSED', 'BILLING_ERROR'],
    ['NOT_RECEIVED', 'BILLING_ERROR'],
    ['UNAUTHORISED', 'FRAUD'],
  ])('%s is a %s dispute', (reason, kind) => {
    expect(run(open({ reason })).state.kind).toBe(kind);
  });
});

describe('fraud', () => {
  it('credits the disputed amount provisionally at once, keyed by account on the ledger channel', () => {
    const { events, state } = run(
      open({ reason: 'UNAUTHORISED', disputedAmount: 12000, source: 'FRAUD_REPORT' }),
    );
    expect(types(events)).toEqual(['opened', 'provisional-credit-issued', 'ledger.adjustment.requested']);
    expect(adjustments(events)).toEqual([
      expect.objectContaining({
        key: 'acc_1',
        requestId: 'dsp_1:provisional',
        direction: 'CREDIT',
        kind: 'PROVISIONAL_CREDIT',
        amount: 12000,
        relatedTransactionId: 'txn_1',
      }),
    ]);
    expect(state.clocks.PROVISIONAL_CREDIT?.met).toBe(true);
  });
  it('customer wins: the provisional credit becomes permanent, no second credit', () => {
    const { events, state } = run(open({ reason: 'UNAUTHORISED', disputedAmount: 12000 }), {
      kind: 'Resolve',
      outcome: 'CUSTOMER_WON',
      explanation: 'Card was stolen',
      actor: analyst,
      now: T + DAY,
    });
    expect(adjustments(events)).toHaveLength(1);
    expect(state.resolution).toMatchObject({
      outcome: 'CUSTOMER_WON',
      creditAction: 'PROVISIONAL_MADE_PERMANENT',
      amount: 12000,
    });
  });
  it('merchant wins: the provisional credit is reversed (rebilled) with the written explanation', () => {
    const { events, state } = run(open({ reason: 'UNAUTHORISED', disputedAmount: 12000 }), {
      kind: 'Resolve',
      outcome: 'MERCHANT_WON',
      explanation: 'Chip and PIN used at the customer’s home town',
      actor: analyst,
      now: T + DAY,
    });
    expect(adjustments(events).at(-1)).toMatchObject({
      requestId: 'dsp_1:reversal',
      direction: 'DEBIT',
      kind: 'PROVISIONAL_CREDIT_REVERSAL',
      amount: 12000,
    });
    expect(state.resolution).toMatchObject({
      creditAction: 'PROVISIONAL_REVERSED',
      explanation: 'Chip and PIN used at the customer’s home town',
    });
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
  it('resolve twice', () =>
    refused('INVALID_STATE', () => run(open(), resolve, resolve), /already resolved/));
  it('resolve or override without the deciding role', () => {
    refused('FORBIDDEN', () => run(open(), { ...resolve, actor: agent }));
    refused('FORBIDDEN', () =>
      run(open({ reason: 'LATE_FEE', transaction: lateFee, disputedAmount: 2900, recentFeeWaivers: 1 }), {
        kind: 'OverrideGoodwill',
        decision: 'WAIVED',
        reason: 'long-standing customer',
        actor: agent,
        now: T,
      }),
    );
  });
  it('credit above the disputed amount, or twice', () => {
    refused(
      'INVALID',
      () => run(open(), { kind: 'IssueProvisionalCredit', amount: 5001, actor: analyst, now: T }),
      /no larger than the disputed/,
    );
    const credit: DisputeCommand = { kind: 'IssueProvisionalCredit', amount: 5000, actor: analyst, now: T };
    refused('INVALID_STATE', () => run(open(), credit, credit));
  });
  it('a merchant win without explanation; acknowledging twice', () => {
    refused('INVALID', () => run(open(), { ...resolve, outcome: 'MERCHANT_WON', explanation: ' ' }));
    const ack: DisputeCommand = { kind: 'Acknowledge', actor: agent, now: T };
    refused('INVALID_STATE', () => run(open(), ack, ack));
  });
});

describe('billing error resolution', () => {
  it('customer wins without provisional credit: credited now', () => {
    const { events, state } = run(open(), {
      kind: 'Resolve',
      outcome: 'CUSTOMER_WON',
      explanation: 'Merchant confirmed overcharge',
      actor: analyst,
      now: T + DAY,
    });
    expect(adjustments(events)).toEqual([
      expect.objectContaining({ requestId: 'dsp_1:credit', kind: 'DISPUTE_CREDIT', amount: 5000 }),
    ]);
    expect(state.resolution?.creditAction).toBe('CREDITED');
  });
  it('merchant wins without provisional credit: nothing to move, the explanation is recorded', () => {
    const { events, state } = run(open(), {
      kind: 'Resolve',
      outcome: 'MERCHANT_WON',
      explanation: 'Receipt shows the billed amount',
      actor: analyst,
      now: T + DAY,
    });
    expect(adjustments(events)).toEqual([]);
    expect(state.resolution).toMatchObject({ outcome: 'MERCHANT_WON', creditAction: 'NONE' });
  });
});

describe('late-fee goodwill', () => {
  const feeOpen = (recentFeeWaivers: number) =>
    open({ reason: 'LATE_FEE', transaction: lateFee, disputedAmount: 2900, recentFeeWaivers });
  it('first late fee in 12 months: waived by policy and credited', () => {
    const { events, state } = run(feeOpen(0));
    expect(types(events)).toEqual(['opened', 'goodwill-decided', 'resolved', 'ledger.adjustment.requested']);
    expect(state.goodwill).toMatchObject({ decision: 'WAIVED', decidedBy: 'POLICY' });
    expect(adjustments(events)).toEqual([
      expect.objectContaining({ kind: 'FEE_WAIVER', amount: 2900, requestId: 'dsp_1:fee-waiver' }),
    ]);
    expect(state.protection).toBe('NOT_APPLICABLE');
  });
  it('another waiver within 12 months: declined by policy, open for an override with a reason', () => {
    const declined = run(feeOpen(1));
    expect(declined.state).toMatchObject({
      status: 'OPEN',
      goodwill: { decision: 'DECLINED', decidedBy: 'POLICY' },
    });
    expect(adjustments(declined.events)).toEqual([]);
    const { events, state } = run(feeOpen(1), {
      kind: 'OverrideGoodwill',
      decision: 'WAIVED',
      reason: 'hospital stay',
      actor: { id: 'sup-1', role: 'supervisor' },
      now: T + 60_000,
    });
    expect(state.goodwill).toMatchObject({
      decision: 'WAIVED',
      decidedBy: 'OVERRIDE',
      reason: 'hospital stay',
    });
    expect(state.resolution?.outcome).toBe('CUSTOMER_WON');
    expect(adjustments(events)).toEqual([expect.objectContaining({ kind: 'FEE_WAIVER', amount: 2900 })]);
    expect(state.history.map((h) => h.action)).toContain('goodwill waived (override)');
  });
  it('fee requests take no provisional credit and no chargeback', () => {
    refused('INVALID', () =>
      run(feeOpen(1), { kind: 'IssueProvisionalCredit', amount: 100, actor: analyst, now: T }),
    );
    refused(
      'INVALID',
      () => run(feeOpen(1), { kind: 'FileChargeback', actor: analyst, now: T }),
      /no chargeback/,
    );
  });
});

describe('clocks', () => {
  const tick = (at: number): DisputeCommand => ({ kind: 'Tick', now: at });
  it('each clock warns once and breaches once; acknowledged clocks stay quiet', () => {
    const s0 = run(open({ reason: 'UNAUTHORISED', disputedAmount: 12000 }));
    const warn = decide(tick(T + 26 * DAY), s0.state, p);
    expect(types(warn)).toEqual(['clock-due-soon']);
    expect(warn[0]?.payload).toMatchObject({ clock: 'ACKNOWLEDGE' });
    const s1 = fold(warn, s0.state) as DisputeState;
    expect(decide(tick(T + 27 * DAY), s1, p)).toEqual([]);
    // Day 31: the acknowledgement deadline has passed; the resolve deadline (5 April) is 4 days off.
    const breach = decide(tick(T + 31 * DAY), s1, p);
    expect(breach.map((e) => [e.type, (e.payload as { clock?: string }).clock])).toEqual([
      ['disputes.dispute.clock-breached.v1', 'ACKNOWLEDGE'],
      ['disputes.dispute.clock-due-soon.v1', 'RESOLVE'],
    ]);
    const s2 = fold(breach, s1) as DisputeState;
    expect(decide(tick(T + 32 * DAY), s2, p)).toEqual([]);
    // A jump far past the resolve deadline breaches it, once.
    const late = decide(tick(T + 200 * DAY), s2, p);
    expect(types(late)).toEqual(['clock-breached']);
    expect(late[0]?.payload).toMatchObject({ clock: 'RESOLVE' });
    expect(decide(tick(T + 201 * DAY), fold(late, s2) as DisputeState, p)).toEqual([]);
    expect(nextDueAt(fold(late, s2) as DisputeState, p)).toBeNull();
    const acked = run(open(), { kind: 'Acknowledge', actor: agent, now: T + DAY });
    expect(
      decide(tick(T + 31 * DAY), acked.state, p).map((e) => (e.payload as { clock?: string }).clock),
    ).not.toContain('ACKNOWLEDGE');
  });
  it('a protected billing error gets its provisional credit when the clock comes due, instead of a breach', () => {
    const s = run(open(), { kind: 'Acknowledge', actor: agent, now: T + DAY }).state;
    const due = addBusinessDays(T, 10);
    expect(nextDueAt(s, p)).toBe(due);
    const out = decide(tick(due), s, p);
    expect(types(out)).toEqual(['provisional-credit-issued', 'ledger.adjustment.requested']);
    expect(adjustments(out)[0]).toMatchObject({ amount: 5000, kind: 'PROVISIONAL_CREDIT' });
  });
  it('resolution stops every clock', () => {
    const s = run(open(), {
      kind: 'Resolve',
      outcome: 'CUSTOMER_WON',
      explanation: 'x',
      actor: analyst,
      now: T,
    }).state;
    expect(decide(tick(T + 365 * DAY), s, p)).toEqual([]);
    expect(nextDueAt(s, p)).toBeNull();
  });
  it('resolve due: the second statement close after notice, never beyond 90 days', () => {
    expect(new Date(resolveDueAt(Date.UTC(2026, 2, 2), 5, p)).toISOString()).toBe('2026-04-05T23:59:59.999Z');
    expect(new Date(resolveDueAt(Date.UTC(2026, 2, 6), 5, p)).toISOString()).toBe('2026-05-05T23:59:59.999Z');
    expect(resolveDueAt(Date.UTC(2026, 2, 6), 5, { ...p, resolveBillingCycles: 4 })).toBe(
      Date.UTC(2026, 2, 6) + 90 * DAY,
    );
    expect(new Date(addBusinessDays(Date.UTC(2026, 2, 6), 10)).toISOString().slice(0, 10)).toBe('2026-03-20');
  });
});

describe('chargeback lifecycle', () => {
  const fraud = open({ reason: 'UNAUTHORISED', disputedAmount: 12000 });
  const file: DisputeCommand = { kind: 'FileChargeback', actor: analyst, now: T + DAY };
  const step = (
    s: Extract<DisputeCommand, { kind: 'RecordNetworkStep' }>['step'],
    at = T + 10 * DAY,
  ): DisputeCommand => ({
    kind: 'RecordNetworkStep',
    step: s,
    note: null,
    now: at,
  });
  it('chooses the reason code from the kind and network', () => {
    expect(reasonCodeFor('VISA', 'UNAUTHORISED')).toBe('10.4');
    expect(reasonCodeFor('MASTERCARD', 'UNAUTHORISED')).toBe('4837');
    expect(reasonCodeFor('MASTERCARD', 'NOT_RECEIVED')).toBe('4855');
    expect(reasonCodeFor('VISA', 'DUPLICATE')).toBe('12.6.1');
    expect(reasonCodeFor('VISA', 'LATE_FEE')).toBeNull();
    expect(reasonCodeFor('UNIONPAY', 'UNAUTHORISED')).toBeNull();
    const { events } = run(fraud, file);
    expect(events.at(-1)?.payload).toMatchObject({
      step: 'FILED',
      stage: 'CHARGEBACK',
      reasonCode: '10.4',
      respondBy: T + DAY + 30 * DAY,
    });
  });
  it('merchant accepts: customer wins', () => {
    const { state } = run(fraud, file, step('MERCHANT_ACCEPTED'));
    expect(state.resolution).toMatchObject({
      outcome: 'CUSTOMER_WON',
      creditAction: 'PROVISIONAL_MADE_PERMANENT',
    });
  });
  it('representment → pre-arbitration → arbitration, each with its deadline, ruled for the merchant', () => {
    const r = run(fraud, file, step('MERCHANT_REPRESENTED'));
    expect(r.state.chargeback).toMatchObject({
      stage: 'REPRESENTMENT',
      issuersMove: true,
      respondBy: T + 40 * DAY,
    });
    expect(r.state.clocks.NETWORK_RESPONSE).toMatchObject({ dueAt: T + 40 * DAY, met: false });
    const pre = run(fraud, file, step('MERCHANT_REPRESENTED'), {
      kind: 'EscalatePreArbitration',
      actor: analyst,
      now: T + 20 * DAY,
    });
    expect(pre.state.chargeback).toMatchObject({
      stage: 'PRE_ARBITRATION',
      issuersMove: false,
      respondBy: T + 50 * DAY,
    });
    expect(pre.state.clocks.NETWORK_RESPONSE?.met).toBe(true);
    const { events, state } = run(
      fraud,
      file,
      step('MERCHANT_REPRESENTED'),
      { kind: 'EscalatePreArbitration', actor: analyst, now: T + 20 * DAY },
      step('PRE_ARBITRATION_DECLINED', T + 40 * DAY),
      { kind: 'FileArbitration', actor: analyst, now: T + 45 * DAY },
      step('RULED_FOR_MERCHANT', T + 80 * DAY),
    );
    expect(state.resolution).toMatchObject({ outcome: 'MERCHANT_WON', creditAction: 'PROVISIONAL_REVERSED' });
    expect(adjustments(events).map((a) => a.kind)).toEqual([
      'PROVISIONAL_CREDIT',
      'PROVISIONAL_CREDIT_REVERSAL',
    ]);
    expect(state.history.map((h) => h.action)).toEqual([
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
  it('refuses steps out of order, a second filing, filing past the limit', () => {
    refused('INVALID_STATE', () => run(fraud, step('MERCHANT_ACCEPTED')));
    refused('INVALID_STATE', () => run(fraud, file, file));
    refused('INVALID_STATE', () =>
      run(fraud, file, { kind: 'EscalatePreArbitration', actor: analyst, now: T }),
    );
    refused('INVALID_STATE', () => run(fraud, file, { kind: 'FileArbitration', actor: analyst, now: T }));
    refused('INVALID', () => run(fraud, { ...file, now: purchase.postedAt + 121 * DAY }), /filing limit/);
  });
  it('withdrawn by the customer: provisional credit reversed', () => {
    const { state } = run(fraud, {
      kind: 'Withdraw',
      explanation: 'Customer found the purchase was a family member’s',
      actor: agent,
      now: T + DAY,
    });
    expect(state.resolution).toMatchObject({ outcome: 'WITHDRAWN', creditAction: 'PROVISIONAL_REVERSED' });
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
  it('answers by the merchant’s behaviour and the network’s own deadlines', () => {
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
