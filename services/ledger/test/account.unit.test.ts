import { DateTime } from 'luxon';
import {
  decide,
  DomainError,
  evolve,
  fold,
  heldAmount,
  isPublished,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../src/domain/account';
import { DEFAULT_POLICIES, minimumDue } from '../src/domain/policy';

// Given / when / then over the pure decider: events in, command, events out.
const policy = (m: 'US' | 'CN') => DEFAULT_POLICIES[m];
const zone = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
let ids = 0;
const newId = (p: string) => `${p}_${++ids}`;

const opened: AccountEvent = {
  type: 'ledger.account.opened.v1',
  payload: {
    accountId: 'acc_1',
    customerId: 'cus_1',
    productCode: 'CLASSIC',
    market: 'US',
    currency: 'USD',
    creditLimit: 500000,
    aprBps: 2499,
    billingCycleDay: 5,
    timeZone: zone,
    openedAt: at('2026-01-10T09:00'),
  },
};

function given(...events: AccountEvent[]) {
  const state = fold(events);
  return {
    when(cmd: AccountCommand) {
      return { events: decide(cmd, state, policy), state };
    },
    state,
  };
}

const purchase = (
  amount: number,
  when = '2026-01-12T12:00',
  extra: Partial<Extract<AccountCommand, { kind: 'PostTransaction' }>> = {},
): AccountCommand => ({
  kind: 'PostTransaction',
  transactionId: `txn_${amount}_${when}`,
  txKind: 'PURCHASE',
  amount,
  currency: 'USD',
  description: 'Coffee',
  merchant: { name: 'Blue Bottle', mcc: '5814', city: 'New York', country: 'US' },
  now: at(when),
  ...extra,
});

const payment = (amount: number, when: string, requestId: string | null = null): AccountCommand => ({
  kind: 'PostTransaction',
  transactionId: `pay_${amount}_${when}`,
  txKind: 'PAYMENT',
  amount,
  currency: 'USD',
  description: 'Payment',
  requestId,
  now: at(when),
});

const eod = (iso: string, gen: (p: string) => string = newId): AccountCommand => ({
  kind: 'RunEndOfDay',
  asOf: at(iso),
  newId: gen,
});
const counter = () => {
  let n = 0;
  return (p: string) => `${p}_${++n}`;
};

function run(
  events: AccountEvent[],
  ...cmds: AccountCommand[]
): { all: AccountEvent[]; state: AccountState } {
  const all = [...events];
  let state = fold(events) as AccountState;
  for (const c of cmds) {
    const out = decide(c, state, policy);
    all.push(...out);
    state = fold(out, state) as AccountState;
  }
  return { all, state };
}

describe('opening', () => {
  it('opens an account with zero balance', () => {
    const cmd: AccountCommand = {
      kind: 'OpenAccount',
      ...opened.payload,
      market: 'US',
      now: opened.payload.openedAt,
    };
    const events = decide(cmd, null, policy);
    expect(events).toEqual([opened]);
    const s = fold(events) as AccountState;
    expect(s).toMatchObject({ balance: 0, status: 'OPEN', bucket: 'CURRENT', lastEodDate: '2026-01-09' });
  });
  it('refuses to open the same account twice', () => {
    const cmd: AccountCommand = { kind: 'OpenAccount', ...opened.payload, market: 'US', now: 0 };
    expect(() => given(opened).when(cmd)).toThrow(DomainError);
  });
  it('refuses commands on an unknown account', () => {
    expect(() => decide(purchase(100), null, policy)).toThrow(/not found/);
  });
});

describe('authorisation and posting', () => {
  it('posts a purchase within available credit', () => {
    const { events } = given(opened).when(purchase(12000));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ledger.transaction.posted.v1',
      payload: {
        kind: 'PURCHASE',
        direction: 'DEBIT',
        amount: 12000,
        balanceAfter: 12000,
        availableCreditAfter: 488000,
      },
    });
  });
  it('declines a purchase above available credit and posts nothing', () => {
    const g = given(opened, ...given(opened).when(purchase(450000)).events);
    const { events } = g.when(purchase(60000, '2026-01-13T10:00'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ledger.transaction.declined.v1',
        payload: expect.objectContaining({ reason: 'INSUFFICIENT_CREDIT', availableCredit: 50000 }),
      }),
    ]);
    expect(fold(events, g.state)?.balance).toBe(450000);
  });
  it('declines a purchase in another currency', () => {
    const { events } = given(opened).when(purchase(100, '2026-01-12T12:00', { currency: 'EUR' }));
    expect(events[0]).toMatchObject({
      type: 'ledger.transaction.declined.v1',
      payload: { reason: 'CURRENCY_MISMATCH' },
    });
  });
  it.each([
    ['ACTIVE', 'acc_1', null],
    ['INACTIVE', 'acc_1', 'CARD_NOT_ACTIVE'],
    ['FROZEN', 'acc_1', 'CARD_BLOCKED'],
    ['LOST', 'acc_1', 'CARD_BLOCKED'],
    ['STOLEN', 'acc_1', 'CARD_BLOCKED'],
    ['CLOSED', 'acc_1', 'CARD_BLOCKED'],
    ['ACTIVE', 'acc_other', 'CARD_UNKNOWN'],
  ] as const)('a purchase on a %s card of %s → %s', (status, accountId, reason) => {
    const { events } = given(opened).when(
      purchase(100, '2026-01-12T12:00', { cardId: 'crd_1', card: { accountId, status } }),
    );
    if (reason === null) expect(events[0]?.type).toBe('ledger.transaction.posted.v1');
    else
      expect(events[0]).toMatchObject({
        type: 'ledger.transaction.declined.v1',
        payload: { reason, cardId: 'crd_1' },
      });
  });
  it('declines a card the ledger has not heard of; a refund to a blocked card still posts', () => {
    expect(
      given(opened).when(purchase(100, '2026-01-12T12:00', { cardId: 'crd_x', card: null })).events[0],
    ).toMatchObject({
      payload: { reason: 'CARD_UNKNOWN' },
    });
    const after = run([opened], purchase(5000));
    const refund: AccountCommand = {
      kind: 'PostTransaction',
      transactionId: 'ref_1',
      txKind: 'REFUND',
      amount: 1000,
      currency: 'USD',
      description: 'Refund',
      cardId: 'crd_1',
      card: { accountId: 'acc_1', status: 'STOLEN' },
      now: at('2026-01-12T13:00'),
    };
    expect(decide(refund, after.state, policy)[0]?.type).toBe('ledger.transaction.posted.v1');
  });
  it('rejects a non-positive amount', () => {
    expect(() => given(opened).when(purchase(0))).toThrow(/positive/);
    expect(() => given(opened).when(purchase(-5))).toThrow(/positive/);
  });
  it('applies a payment as a credit and is idempotent by request id', () => {
    const first = run([opened], purchase(20000), payment(5000, '2026-01-13T10:00', 'http:k1'));
    expect(first.state.balance).toBe(15000);
    const again = decide(payment(5000, '2026-01-13T10:01', 'http:k1'), first.state, policy);
    expect(again).toEqual([]);
  });
  it('needs a direction for an adjustment', () => {
    const cmd: AccountCommand = {
      kind: 'PostTransaction',
      transactionId: 't',
      txKind: 'ADJUSTMENT',
      amount: 100,
      currency: 'USD',
      description: 'x',
      now: 0,
    };
    expect(() => given(opened).when(cmd)).toThrow(/direction/);
  });
});

describe('adjustments from other services', () => {
  const adj = (
    over: Partial<Extract<AccountCommand, { kind: 'RequestAdjustment' }>> = {},
  ): AccountCommand => ({
    kind: 'RequestAdjustment',
    transactionId: 'txn_adj',
    requestId: 'req_1',
    direction: 'CREDIT',
    adjustmentKind: 'PROVISIONAL_CREDIT',
    amount: 3000,
    currency: 'USD',
    reason: 'Provisional credit for dispute d1',
    relatedTransactionId: 'txn_x',
    now: at('2026-01-15T10:00'),
    ...over,
  });
  it('posts a credit adjustment once per request id', () => {
    const { all, state } = run([opened], purchase(10000), adj());
    expect(all.at(-1)).toMatchObject({
      type: 'ledger.transaction.posted.v1',
      payload: {
        kind: 'ADJUSTMENT',
        direction: 'CREDIT',
        adjustmentKind: 'PROVISIONAL_CREDIT',
        requestId: 'req_1',
      },
    });
    expect(state.balance).toBe(7000);
    expect(decide(adj({ transactionId: 'other' }), state, policy)).toEqual([]);
  });
  it('answers a bad request with a rejection event instead of failing', () => {
    expect(given(opened).when(adj({ amount: -1 })).events[0]).toMatchObject({
      type: 'ledger.account.adjustment-rejected.v1',
      payload: { reason: 'INVALID_AMOUNT' },
    });
    expect(given(opened).when(adj({ currency: 'CNY' })).events[0]).toMatchObject({
      payload: { reason: 'CURRENCY_MISMATCH' },
    });
  });
  it('a rejected request is not retried into a posting', () => {
    const { state } = run([opened], adj({ amount: 0 }));
    expect(decide(adj(), state, policy)).toEqual([]);
  });
});

describe('end of day: statements, late fees, days past due', () => {
  it('does nothing before the local day ends', () => {
    expect(given(opened).when(eod('2026-01-10T23:59')).events).toEqual([]);
  });

  it('closes the statement on the cycle day with minimum due and due date', () => {
    const { all, state } = run([opened], purchase(100000), eod('2026-02-06T00:00'));
    const stmt = all.find((e) => e.type === 'ledger.statement.closed.v1');
    expect(stmt).toMatchObject({
      payload: {
        closingBalance: 100000,
        purchases: 100000,
        interest: 0,
        minimumDue: 2500,
        previousBalance: 0,
      },
    });
    expect(
      DateTime.fromMillis(
        (stmt as Extract<AccountEvent, { type: 'ledger.statement.closed.v1' }>).payload.dueDate,
        { zone },
      ).toISODate(),
    ).toBe('2026-03-02');
    expect(state.lastStatement).toMatchObject({
      closedOn: '2026-02-05',
      dueDate: '2026-03-02',
      minimumDue: 2500,
    });
    expect(state.lastEodDate).toBe('2026-02-05');
  });

  it('a clock jump gives the same result as daily runs', () => {
    const jump = run([opened], purchase(100000), eod('2026-04-20T00:00', counter()));
    const days: AccountCommand[] = [];
    const gen = counter();
    for (
      let d = DateTime.fromISO('2026-01-11', { zone });
      d <= DateTime.fromISO('2026-04-20', { zone });
      d = d.plus({ days: 1 })
    )
      days.push(eod(d.toISO() as string, gen));
    const daily = run([opened], purchase(100000), ...days);
    expect(daily.state).toEqual(jump.state);
    expect(daily.all).toEqual(jump.all);
    expect(jump.state).toMatchObject({ bucket: 'DPD_30_59', statementCount: 3 });
  });

  it('paid minimum on time: no late fee, stays current', () => {
    const { all, state } = run(
      [opened],
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(2500, '2026-02-20T10:00'),
      eod('2026-03-10T00:00'),
    );
    expect(
      all.filter((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE'),
    ).toHaveLength(0);
    expect(state.bucket).toBe('CURRENT');
  });

  it('missed minimum: late fee on the due date, then 1 day past due, then buckets move', () => {
    const a = run([opened], purchase(100000), eod('2026-03-03T00:00'));
    const fee = a.all.find((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE');
    expect(fee).toMatchObject({ payload: { amount: 2500, kind: 'FEE' } }); // capped at the missed minimum
    expect(a.state).toMatchObject({
      daysPastDue: 0,
      bucket: 'CURRENT',
      pastDue: { amount: 2500, since: '2026-03-02' },
    });

    const b = run(a.all, eod('2026-03-04T00:00'));
    expect(b.all.at(-1)).toMatchObject({
      type: 'ledger.account.delinquency-changed.v1',
      payload: { daysPastDue: 1, bucket: 'DPD_1_29', previousBucket: 'CURRENT', amountPastDue: 2500 },
    });

    const c = run(b.all, eod('2026-04-02T00:00'));
    expect(c.state).toMatchObject({ daysPastDue: 30, bucket: 'DPD_30_59' });
    const moves = c.all
      .filter((e) => e.type === 'ledger.account.delinquency-changed.v1')
      .map((e) => (e.payload as { bucket: string }).bucket);
    expect(moves).toEqual(['DPD_1_29', 'DPD_30_59']);
  });

  it('a payment covering the past-due amount cures the delinquency at once', () => {
    const a = run([opened], purchase(100000), eod('2026-03-10T00:00'));
    expect(a.state.bucket).toBe('DPD_1_29');
    const { events } = given(...a.all).when(payment(a.state.pastDue?.amount ?? 0, '2026-03-10T12:00'));
    expect(events.map((e) => e.type)).toEqual([
      'ledger.transaction.posted.v1',
      'ledger.account.delinquency-changed.v1',
    ]);
    expect(events[1]).toMatchObject({
      payload: { bucket: 'CURRENT', daysPastDue: 0, previousBucket: 'DPD_1_29' },
    });
  });

  it('charges interest when the previous statement was not paid in full, none within the grace period', () => {
    const paidInFull = run(
      [opened],
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(100000, '2026-02-20T10:00'),
      purchase(5000, '2026-02-21T10:00'),
      eod('2026-03-06T00:00'),
    );
    const s2 = paidInFull.all.filter((e) => e.type === 'ledger.statement.closed.v1')[1];
    expect(s2).toMatchObject({ payload: { interest: 0 } });

    const revolving = run(
      [opened],
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(2500, '2026-02-20T10:00'),
      eod('2026-03-06T00:00'),
    );
    const r2 = revolving.all.filter((e) => e.type === 'ledger.statement.closed.v1')[1] as Extract<
      AccountEvent,
      { type: 'ledger.statement.closed.v1' }
    >;
    expect(r2.payload.interest).toBeGreaterThan(0);
    // 28 days at 100,000 (to Feb 19) + 14 days at 97,500, 24.99% APR
    expect(r2.payload.interest).toBe(Math.round(((100000 * 14 + 97500 * 14) * 2499) / 10000 / 365));
  });

  it('evolve refuses events before the account exists', () => {
    expect(() =>
      evolve(null, { type: 'day-closed', payload: { date: '2026-01-01', missedMinimum: 0 } }),
    ).toThrow();
  });
});

describe('disputed amounts (holds from disputes)', () => {
  const hold = (
    disputeId: string,
    amount: number,
    isFee = false,
    transactionId = 'txn_x',
  ): AccountCommand => ({
    kind: 'PlaceHold',
    hold: { disputeId, transactionId, amount, isFee },
  });
  const release = (disputeId: string): AccountCommand => ({ kind: 'ReleaseHold', disputeId });

  it('holds once per dispute and releases once; holds are internal, never published', () => {
    const a = run([opened], hold('d1', 500), hold('d1', 500), release('d1'), release('d1'));
    expect(a.all.filter((e) => e.type === 'holds-changed')).toHaveLength(2);
    expect(a.all.filter(isPublished).map((e) => e.type)).toEqual(['ledger.account.opened.v1']);
    expect(heldAmount(a.state)).toEqual({ total: 0, fees: 0 });
  });

  it('the statement’s minimum due leaves the disputed amount out', () => {
    const plain = run([opened], purchase(400000), eod('2026-02-06T00:00'));
    const held = run([opened], purchase(400000), hold('d1', 300000), eod('2026-02-06T00:00'));
    const min = (r: typeof plain) => r.state.lastStatement?.minimumDue ?? -1;
    expect(held.state.lastStatement?.closingBalance).toBe(400000);
    expect(min(plain)).toBe(minimumDue(DEFAULT_POLICIES.US, 400000, 0, 0, 0));
    expect(min(held)).toBe(minimumDue(DEFAULT_POLICIES.US, 100000, 0, 0, 0));
    expect(min(held)).toBeLessThan(min(plain));
  });

  it('a disputed purchase is not collected: no late fee and no days past due while open', () => {
    // The dispute comes after the statement asked for a minimum that includes the charge.
    const a = run(
      [opened],
      purchase(100000),
      eod('2026-02-06T00:00'),
      hold('d1', 100000),
      eod('2026-03-10T00:00'),
    );
    expect(a.all.some((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE')).toBe(
      false,
    );
    expect(a.state).toMatchObject({ daysPastDue: 0, bucket: 'CURRENT', pastDue: null });
  });

  it('a disputed late fee is neither asked for nor counted past due while open', () => {
    // Missed minimum → late fee; the customer then pays what was past due and disputes the fee.
    const base = run([opened], purchase(100000), eod('2026-03-03T00:00'), payment(2500, '2026-03-03T10:00'));
    const fee = base.all.find(
      (e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE',
    );
    const feeAmount = (fee?.payload as { amount: number }).amount;
    expect(base.state).toMatchObject({ daysPastDue: 0, pastDue: null });

    const disputed = run(base.all, hold('d-fee', feeAmount, true), eod('2026-03-06T00:00'));
    const undisputed = run(base.all, eod('2026-03-06T00:00'));
    const asked = disputed.state.lastStatement?.minimumDue ?? 0;
    expect(asked).toBeLessThan(undisputed.state.lastStatement?.minimumDue ?? 0);

    // Paying exactly what the statement asks (which leaves the fee out) keeps the account current…
    const paid = run(disputed.all, payment(asked, '2026-03-20T10:00'), eod('2026-04-10T00:00'));
    expect(paid.state).toMatchObject({ daysPastDue: 0, bucket: 'CURRENT', pastDue: null });
    expect(
      paid.all.filter((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE'),
    ).toHaveLength(1);
    // …while the same payment without the dispute would leave a missed minimum and days past due.
    const unpaid = run(undisputed.all, payment(asked, '2026-03-20T10:00'), eod('2026-04-10T00:00'));
    expect(unpaid.state.daysPastDue).toBeGreaterThan(0);
  });

  it('no finance charge on the disputed part of a revolving balance', () => {
    // Revolving: the first statement is not paid in full, so the next one charges interest.
    const setup = (withHold: boolean) =>
      run(
        [opened],
        purchase(200000),
        eod('2026-02-06T00:00'),
        payment(10000, '2026-02-10T10:00'),
        ...(withHold ? [hold('d1', 150000)] : []),
        eod('2026-03-06T00:00'),
      );
    const interest = (r: ReturnType<typeof setup>) =>
      r.all
        .filter((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.kind === 'INTEREST')
        .reduce((n, e) => n + (e.payload as { amount: number }).amount, 0);
    const full = interest(setup(false));
    const reduced = interest(setup(true));
    expect(full).toBeGreaterThan(0);
    expect(reduced).toBeLessThan(full / 2);
  });
});
