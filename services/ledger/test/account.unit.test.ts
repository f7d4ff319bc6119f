import { DateTime } from 'luxon';
import {
  evolve,
  heldAmount,
  isPublished,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../src/domain/account';
import { DEFAULT_POLICIES, minimumDue } from '../src/domain/policy';
import {
  at,
  counter,
  endOf,
  eod,
  given,
  hold,
  merchant,
  opened,
  payment,
  purchase,
  release,
  zone,
} from './account-fixtures';

/** A posting as every posted event carries it; tests name what differs. */
const posted = (
  p: Partial<Extract<AccountEvent, { type: 'ledger.transaction.posted.v1' }>['payload']>,
): AccountEvent => ({
  type: 'ledger.transaction.posted.v1',
  payload: {
    transactionId: 'txn',
    accountId: 'acc_1',
    kind: 'PURCHASE',
    direction: 'DEBIT',
    amount: 0,
    currency: 'USD',
    feeType: null,
    adjustmentKind: null,
    cardId: null,
    merchant: null,
    description: '',
    requestId: null,
    relatedTransactionId: null,
    postedAt: 0,
    balanceAfter: 0,
    availableCreditAfter: 0,
    ...p,
  },
});
const declined = (
  p: Partial<Extract<AccountEvent, { type: 'ledger.transaction.declined.v1' }>['payload']>,
): AccountEvent => ({
  type: 'ledger.transaction.declined.v1',
  payload: {
    transactionId: 'txn_100_2026-01-12T12:00',
    accountId: 'acc_1',
    amount: 100,
    currency: 'USD',
    cardId: null,
    merchant,
    reason: 'INSUFFICIENT_CREDIT',
    availableCredit: 500000,
    declinedAt: at('2026-01-12T12:00'),
    ...p,
  },
});
/** Each local day from `from` to `to` closed, in order. */
const daysClosed = (from: string, to: string, missedMinimum = 0): AccountEvent[] => {
  const out: AccountEvent[] = [];
  for (let d = DateTime.fromISO(from); d <= DateTime.fromISO(to); d = d.plus({ days: 1 }))
    out.push({ type: 'day-closed', payload: { date: d.toISODate() as string, missedMinimum } });
  return out;
};
/** The first statement after a 1,000.00 purchase on 12 January (ids from a fresh counter). */
const firstStatement: AccountEvent = {
  type: 'ledger.statement.closed.v1',
  payload: {
    statementId: 'stmt_1',
    accountId: 'acc_1',
    currency: 'USD',
    periodStart: at('2026-01-10T00:00'),
    periodEnd: endOf('2026-02-05'),
    previousBalance: 0,
    purchases: 100000,
    payments: 0,
    credits: 0,
    fees: 0,
    interest: 0,
    closingBalance: 100000,
    minimumDue: 2500,
    dueDate: endOf('2026-03-02'),
    transactionIds: [],
    transactionCount: 1,
    firstTransactionId: 'txn_100000_2026-01-12T12:00',
    lastTransactionId: 'txn_100000_2026-01-12T12:00',
  },
};

/** The last day a payment on it is on time: its due date, a Monday. */
const firstStatementPayable: AccountEvent = {
  type: 'statement-payable',
  payload: { statementId: 'stmt_1', payableUntil: '2026-03-02' },
};

describe('opening', () => {
  it('an account opens current with a zero balance, its opening day the first end of day closes', () => {
    const cmd: AccountCommand = {
      kind: 'OpenAccount',
      ...opened.payload,
      market: 'US',
      now: opened.payload.openedAt,
    };
    const { state } = given().when(cmd).then([opened]);
    expect(state).toMatchObject({ balance: 0, status: 'OPEN', bucket: 'CURRENT', lastEodDate: '2026-01-09' });
  });
  it('the same account cannot be opened twice', () => {
    const cmd: AccountCommand = { kind: 'OpenAccount', ...opened.payload, market: 'US', now: 0 };
    given([opened]).when(cmd).thenThrows('ALREADY_EXISTS');
  });
  it('an account that does not exist takes no commands', () => {
    given()
      .when(purchase(100))
      .thenThrows('NOT_FOUND', /not found/);
  });
});

describe('authorisation and posting', () => {
  it('a purchase within the available credit posts, with the balance and available credit after it', () => {
    given([opened])
      .when(purchase(12000))
      .then([
        posted({
          transactionId: 'txn_12000_2026-01-12T12:00',
          amount: 12000,
          merchant,
          description: 'Coffee',
          postedAt: at('2026-01-12T12:00'),
          balanceAfter: 12000,
          availableCreditAfter: 488000,
        }),
      ]);
  });
  it('a purchase above the available credit is declined and posts nothing', () => {
    const { state } = given([opened])
      .after(purchase(450000))
      .when(purchase(60000, '2026-01-13T10:00'))
      .then([
        declined({
          transactionId: 'txn_60000_2026-01-13T10:00',
          amount: 60000,
          reason: 'INSUFFICIENT_CREDIT',
          availableCredit: 50000,
          declinedAt: at('2026-01-13T10:00'),
        }),
      ]);
    expect(state?.balance).toBe(450000);
  });
  it('a purchase in another currency is declined', () => {
    given([opened])
      .when(purchase(100, '2026-01-12T12:00', { currency: 'EUR' }))
      .then([declined({ currency: 'EUR', reason: 'CURRENCY_MISMATCH' })]);
  });
  const cards = [
    ['ACTIVE', 'acc_1', null],
    ['INACTIVE', 'acc_1', 'CARD_NOT_ACTIVE'],
    ['FROZEN', 'acc_1', 'CARD_BLOCKED'],
    ['LOST', 'acc_1', 'CARD_BLOCKED'],
    ['STOLEN', 'acc_1', 'CARD_BLOCKED'],
    ['CLOSED', 'acc_1', 'CARD_BLOCKED'],
    ['ACTIVE', 'acc_other', 'CARD_UNKNOWN'],
  ] as const;
  it.each(
    cards.map(([status, accountId, reason]) => {
      const card = `${accountId === 'acc_1' ? 'this account’s' : 'another account’s'} ${status} card`;
      const rule = `a purchase with ${card} ${reason ? `is declined as ${reason}` : 'posts'}`;
      return [rule, status, accountId, reason] as const;
    }),
  )('%s', (_rule, status, accountId, reason) => {
    const when = given([opened]).when(
      purchase(100, '2026-01-12T12:00', { cardId: 'crd_1', card: { accountId, status } }),
    );
    if (reason === null)
      when.then([
        posted({
          transactionId: 'txn_100_2026-01-12T12:00',
          amount: 100,
          cardId: 'crd_1',
          merchant,
          description: 'Coffee',
          postedAt: at('2026-01-12T12:00'),
          balanceAfter: 100,
          availableCreditAfter: 499900,
        }),
      ]);
    else when.then([declined({ reason, cardId: 'crd_1' })]);
  });
  it('a purchase with a card the ledger has not heard of is declined; a refund to a blocked card still posts', () => {
    given([opened])
      .when(purchase(100, '2026-01-12T12:00', { cardId: 'crd_x', card: null }))
      .then([declined({ reason: 'CARD_UNKNOWN', cardId: 'crd_x' })]);
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
    given([opened])
      .after(purchase(5000))
      .when(refund)
      .then([
        posted({
          transactionId: 'ref_1',
          kind: 'REFUND',
          direction: 'CREDIT',
          amount: 1000,
          cardId: 'crd_1',
          description: 'Refund',
          postedAt: at('2026-01-12T13:00'),
          balanceAfter: 4000,
          availableCreditAfter: 496000,
        }),
      ]);
  });
  it('an amount must be a positive number of minor units', () => {
    given([opened])
      .when(purchase(0))
      .thenThrows('INVALID', /positive/);
    given([opened])
      .when(purchase(-5))
      .thenThrows('INVALID', /positive/);
  });
  it('a payment is a credit, posted once per request id', () => {
    const first = given([opened])
      .after(purchase(20000))
      .when(payment(5000, '2026-01-13T10:00', 'http:k1'))
      .then([
        posted({
          transactionId: 'pay_5000_2026-01-13T10:00',
          kind: 'PAYMENT',
          direction: 'CREDIT',
          amount: 5000,
          description: 'Payment',
          requestId: 'http:k1',
          postedAt: at('2026-01-13T10:00'),
          balanceAfter: 15000,
          availableCreditAfter: 485000,
        }),
      ]);
    expect(first.state?.balance).toBe(15000);
    first.when(payment(5000, '2026-01-13T10:01', 'http:k1')).thenNothingHappened();
  });
  it('an adjustment posted directly needs a direction', () => {
    const cmd: AccountCommand = {
      kind: 'PostTransaction',
      transactionId: 't',
      txKind: 'ADJUSTMENT',
      amount: 100,
      currency: 'USD',
      description: 'x',
      now: 0,
    };
    given([opened])
      .when(cmd)
      .thenThrows('INVALID', /direction/);
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
  const rejected = (reason: 'INVALID_AMOUNT' | 'CURRENCY_MISMATCH', detail: string): AccountEvent => ({
    type: 'ledger.account.adjustment-rejected.v1',
    payload: { accountId: 'acc_1', requestId: 'req_1', reason, detail, rejectedAt: at('2026-01-15T10:00') },
  });
  it('an adjustment another service requests posts once per request id', () => {
    const o = given([opened])
      .after(purchase(10000))
      .when(adj())
      .then([
        posted({
          transactionId: 'txn_adj',
          kind: 'ADJUSTMENT',
          direction: 'CREDIT',
          adjustmentKind: 'PROVISIONAL_CREDIT',
          amount: 3000,
          description: 'Provisional credit for dispute d1',
          requestId: 'req_1',
          relatedTransactionId: 'txn_x',
          postedAt: at('2026-01-15T10:00'),
          balanceAfter: 7000,
          availableCreditAfter: 493000,
        }),
      ]);
    expect(o.state?.balance).toBe(7000);
    o.when(adj({ transactionId: 'other' })).thenNothingHappened();
  });
  it('a bad adjustment request is answered with a rejection event, not a failure', () => {
    given([opened])
      .when(adj({ amount: -1 }))
      .then([rejected('INVALID_AMOUNT', 'amount -1 is not a positive integer')]);
    given([opened])
      .when(adj({ currency: 'CNY' }))
      .then([rejected('CURRENCY_MISMATCH', 'account currency is USD, not CNY')]);
  });
  it('a rejected request is not retried into a posting', () => {
    given([opened])
      .after(adj({ amount: 0 }))
      .when(adj())
      .thenNothingHappened();
  });
});

describe('end of day: statements, late fees, days past due', () => {
  it('end of day does nothing before the local day ends', () => {
    given([opened]).when(eod('2026-01-10T23:59')).thenNothingHappened();
  });

  it('the statement closes on the cycle day with its minimum due and due date', () => {
    const { decided, state } = given([opened])
      .after(purchase(100000))
      .when(eod('2026-02-06T00:00', counter()))
      .then([...daysClosed('2026-01-10', '2026-02-05'), firstStatement, firstStatementPayable]);
    const stmt = decided.at(-2) as Extract<AccountEvent, { type: 'ledger.statement.closed.v1' }>;
    expect(DateTime.fromMillis(stmt.payload.dueDate, { zone }).toISODate()).toBe('2026-03-02');
    expect(state?.lastStatement).toMatchObject({
      closedOn: '2026-02-05',
      dueDate: '2026-03-02',
      minimumDue: 2500,
    });
    expect(state?.lastEodDate).toBe('2026-02-05');
  });

  it('a clock jump gives the same result as daily runs', () => {
    const jump = given([opened]).after(purchase(100000), eod('2026-04-20T00:00', counter()));
    const days: AccountCommand[] = [];
    const gen = counter();
    for (
      let d = DateTime.fromISO('2026-01-11', { zone });
      d <= DateTime.fromISO('2026-04-20', { zone });
      d = d.plus({ days: 1 })
    )
      days.push(eod(d.toISO() as string, gen));
    const daily = given([opened]).after(purchase(100000), ...days);
    expect(daily.state).toEqual(jump.state);
    expect(daily.events).toEqual(jump.events);
    expect(jump.state).toMatchObject({ bucket: 'DPD_30_59', statementCount: 3 });
  });

  it('a minimum paid on time: no late fee, and the account stays current', () => {
    const { events, state } = given([opened]).after(
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(2500, '2026-02-20T10:00'),
      eod('2026-03-10T00:00'),
    );
    expect(
      events.filter((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE'),
    ).toHaveLength(0);
    expect(state?.bucket).toBe('CURRENT');
  });

  it('a missed minimum: a late fee on the due date, then one day past due, then the buckets move', () => {
    const gen = counter();
    const a = given([opened])
      .after(purchase(100000))
      .when(eod('2026-03-03T00:00', gen))
      .then([
        ...daysClosed('2026-01-10', '2026-02-05'),
        firstStatement,
        firstStatementPayable,
        ...daysClosed('2026-02-06', '2026-03-01'),
        // Capped at the missed minimum: 25.00, not the first late fee of 30.00.
        posted({
          transactionId: 'fee_2',
          kind: 'FEE',
          amount: 2500,
          feeType: 'LATE',
          description: 'Late fee: minimum payment due 2026-03-02 not received',
          requestId: 'late-fee:stmt_1',
          postedAt: endOf('2026-03-02'),
          balanceAfter: 102500,
          availableCreditAfter: 397500,
        }),
        ...daysClosed('2026-03-02', '2026-03-02', 2500),
      ]);
    expect(a.state).toMatchObject({
      daysPastDue: 0,
      bucket: 'CURRENT',
      pastDue: { amount: 2500, since: '2026-03-02' },
    });

    const b = a.when(eod('2026-03-04T00:00', gen)).then([
      ...daysClosed('2026-03-03', '2026-03-03'),
      {
        type: 'ledger.account.delinquency-changed.v1',
        payload: {
          accountId: 'acc_1',
          daysPastDue: 1,
          bucket: 'DPD_1_29',
          previousBucket: 'CURRENT',
          amountPastDue: 2500,
          currency: 'USD',
          asOf: endOf('2026-03-03'),
        },
      },
    ]);

    const c = b.after(eod('2026-04-02T00:00', gen));
    expect(c.state).toMatchObject({ daysPastDue: 30, bucket: 'DPD_30_59' });
    const moves = c.events
      .filter((e) => e.type === 'ledger.account.delinquency-changed.v1')
      .map((e) => (e.payload as { bucket: string }).bucket);
    expect(moves).toEqual(['DPD_1_29', 'DPD_30_59']);
  });

  it('a payment covering the past-due amount cures the delinquency at once', () => {
    const a = given([opened]).after(purchase(100000), eod('2026-03-10T00:00'));
    expect(a.state?.bucket).toBe('DPD_1_29');
    const owed = a.state?.pastDue?.amount ?? 0;
    a.when(payment(owed, '2026-03-10T12:00')).thenEventsMatch([
      {
        type: 'ledger.transaction.posted.v1',
        payload: { kind: 'PAYMENT', direction: 'CREDIT', amount: owed },
      },
      {
        type: 'ledger.account.delinquency-changed.v1',
        payload: {
          accountId: 'acc_1',
          daysPastDue: 0,
          bucket: 'CURRENT',
          previousBucket: 'DPD_1_29',
          amountPastDue: 0,
          currency: 'USD',
          asOf: at('2026-03-10T12:00'),
        },
      },
    ]);
  });

  it('interest is charged when the previous statement was not paid in full, none within the grace period', () => {
    const paidInFull = given([opened]).after(
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(100000, '2026-02-20T10:00'),
      purchase(5000, '2026-02-21T10:00'),
      eod('2026-03-06T00:00'),
    );
    const s2 = paidInFull.events.filter((e) => e.type === 'ledger.statement.closed.v1')[1];
    expect(s2).toMatchObject({ payload: { interest: 0 } });

    const revolving = given([opened]).after(
      purchase(100000),
      eod('2026-02-06T00:00'),
      payment(2500, '2026-02-20T10:00'),
      eod('2026-03-06T00:00'),
    );
    const r2 = revolving.events.filter((e) => e.type === 'ledger.statement.closed.v1')[1] as Extract<
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
  it('a disputed amount is held once per dispute and released once; holds are internal, never published', () => {
    const held = { disputeId: 'd1', transactionId: 'txn_x', amount: 500, isFee: false };
    const a = given([opened])
      .when(hold('d1', 500))
      .then([{ type: 'holds-changed', payload: { holds: [held] } }])
      .when(hold('d1', 500))
      .thenNothingHappened()
      .when(release('d1'))
      .then([{ type: 'holds-changed', payload: { holds: [] } }])
      .when(release('d1'))
      .thenNothingHappened();
    expect(a.events.filter((e) => e.type === 'holds-changed')).toHaveLength(2);
    expect(a.events.filter(isPublished).map((e) => e.type)).toEqual(['ledger.account.opened.v1']);
    expect(heldAmount(a.state as AccountState)).toEqual({ total: 0, fees: 0 });
  });

  it('the statement’s minimum due leaves the disputed amount out', () => {
    const plain = given([opened]).after(purchase(400000), eod('2026-02-06T00:00'));
    const held = given([opened]).after(purchase(400000), hold('d1', 300000), eod('2026-02-06T00:00'));
    const min = (r: typeof plain) => r.state?.lastStatement?.minimumDue ?? -1;
    expect(held.state?.lastStatement?.closingBalance).toBe(400000);
    expect(min(plain)).toBe(minimumDue(DEFAULT_POLICIES.US, 400000, 0, 0, 0));
    expect(min(held)).toBe(minimumDue(DEFAULT_POLICIES.US, 100000, 0, 0, 0));
    expect(min(held)).toBeLessThan(min(plain));
  });

  it('a disputed purchase is not collected: no late fee and no days past due while open', () => {
    // The dispute comes after the statement asked for a minimum that includes the charge.
    const a = given([opened]).after(
      purchase(100000),
      eod('2026-02-06T00:00'),
      hold('d1', 100000),
      eod('2026-03-10T00:00'),
    );
    expect(
      a.events.some((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE'),
    ).toBe(false);
    expect(a.state).toMatchObject({ daysPastDue: 0, bucket: 'CURRENT', pastDue: null });
  });

  it('a disputed late fee is neither asked for nor counted past due while open', () => {
    // Missed minimum → late fee; the customer then pays what was past due and disputes the fee.
    const base = given([opened]).after(
      purchase(100000),
      eod('2026-03-03T00:00'),
      payment(2500, '2026-03-03T10:00'),
    );
    const fee = base.events.find(
      (e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE',
    );
    const feeAmount = (fee?.payload as { amount: number }).amount;
    expect(base.state).toMatchObject({ daysPastDue: 0, pastDue: null });

    const disputed = base.after(hold('d-fee', feeAmount, true), eod('2026-03-06T00:00'));
    const undisputed = base.after(eod('2026-03-06T00:00'));
    const asked = disputed.state?.lastStatement?.minimumDue ?? 0;
    expect(asked).toBeLessThan(undisputed.state?.lastStatement?.minimumDue ?? 0);

    // Paying exactly what the statement asks (which leaves the fee out) keeps the account current…
    const paid = disputed.after(payment(asked, '2026-03-20T10:00'), eod('2026-04-10T00:00'));
    expect(paid.state).toMatchObject({ daysPastDue: 0, bucket: 'CURRENT', pastDue: null });
    expect(
      paid.events.filter((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.feeType === 'LATE'),
    ).toHaveLength(1);
    // …while the same payment without the dispute would leave a missed minimum and days past due.
    const unpaid = undisputed.after(payment(asked, '2026-03-20T10:00'), eod('2026-04-10T00:00'));
    expect(unpaid.state?.daysPastDue).toBeGreaterThan(0);
  });

  it('no finance charge falls on the disputed part of a revolving balance', () => {
    // Revolving: the first statement is not paid in full, so the next one charges interest.
    const setup = (withHold: boolean) =>
      given([opened]).after(
        purchase(200000),
        eod('2026-02-06T00:00'),
        payment(10000, '2026-02-10T10:00'),
        ...(withHold ? [hold('d1', 150000)] : []),
        eod('2026-03-06T00:00'),
      );
    const interest = (r: ReturnType<typeof setup>) =>
      r.events
        .filter((e) => e.type === 'ledger.transaction.posted.v1' && e.payload.kind === 'INTEREST')
        .reduce((n, e) => n + (e.payload as { amount: number }).amount, 0);
    const full = interest(setup(false));
    const reduced = interest(setup(true));
    expect(full).toBeGreaterThan(0);
    expect(reduced).toBeLessThan(full / 2);
  });
});
