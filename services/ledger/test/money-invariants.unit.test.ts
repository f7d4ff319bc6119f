/**
 * The money invariants of issue 14, over random sequences of purchases,
 * payments, refunds, credits, disputes (holds, provisional credits, releases)
 * and end-of-day runs, in both markets. At every step the decider is held to
 * an independent model written from the rules (money-model.ts). fast-check
 * prints the seed and path of a failure; FC_SEED=<seed> replays it, FC_RUNS
 * runs more.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { accountView } from '../src/adapters/http/views';
import {
  decide,
  evolve,
  heldAmount,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../src/domain/account';
import { bucketFor, DEFAULT_POLICIES, type Market } from '../src/domain/policy';
import { MoneyModel } from './money-model';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 14;
const LIMIT = 500000;
const APR = 2499;
const OPENED_ON = '2026-01-10';
const MARKETS = {
  US: { zone: 'America/New_York', currency: 'USD' },
  CN: { zone: 'Asia/Shanghai', currency: 'CNY' },
} as const;

type Op =
  | { kind: 'advance'; days: number }
  | { kind: 'purchase'; amount: number }
  | { kind: 'payment'; amount: number }
  | { kind: 'payOwed' }
  | { kind: 'refund'; amount: number }
  | { kind: 'credit'; amount: number }
  | { kind: 'dispute'; pick: number }
  | { kind: 'provisionalCredit'; pick: number }
  | { kind: 'release'; pick: number };

// Small amounts too: a disputed purchase that leaves little else owed is where minimums meet the balance.
const amount = fc.oneof(fc.integer({ min: 100, max: 5000 }), fc.integer({ min: 5000, max: 200000 }));
const pick = fc.nat({ max: 1000 });
const spending: fc.Arbitrary<Op>[] = [
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('purchase' as const), amount }),
  fc.record({ kind: fc.constant('refund' as const), amount: fc.integer({ min: 100, max: 20000 }) }),
  fc.record({ kind: fc.constant('credit' as const), amount: fc.integer({ min: 100, max: 5000 }) }),
  fc.record({ kind: fc.constant('dispute' as const), pick }),
  fc.record({ kind: fc.constant('provisionalCredit' as const), pick }),
  fc.record({ kind: fc.constant('release' as const), pick }),
];
const paying: fc.Arbitrary<Op>[] = [
  fc.record({ kind: fc.constant('payment' as const), amount: fc.integer({ min: 100, max: 50000 }) }),
  fc.constant({ kind: 'payOwed' as const }),
];
const market = fc.constantFrom<Market>('US', 'CN');
const cycleDay = fc.integer({ min: 1, max: 28 });

/** One account run through the decider and the model side by side, one local day at a time. */
class Run {
  state: AccountState;
  events: AccountEvent[] = [];
  model: MoneyModel;
  today = OPENED_ON;
  private readonly purchases: string[] = [];
  private readonly open: { disputeId: string; txnId: string; amount: number; credited: boolean }[] = [];
  private n = 0;

  constructor(
    readonly market: Market,
    readonly billingCycleDay: number,
  ) {
    const { zone, currency } = MARKETS[market];
    const policy = DEFAULT_POLICIES[market];
    this.model = new MoneyModel(policy, LIMIT, APR, billingCycleDay, OPENED_ON);
    const opened: AccountEvent = {
      type: 'ledger.account.opened.v1',
      payload: {
        ...{ accountId: 'acc_p', customerId: 'cus_p', productCode: 'CLASSIC', market, currency },
        ...{
          creditLimit: LIMIT,
          aprBps: APR,
          billingCycleDay,
          timeZone: zone,
          openedAt: this.at(9),
          applicationId: null,
        },
      },
    };
    this.events = [opened];
    this.state = evolve(null, opened);
  }

  private at(hour: number): number {
    return DateTime.fromISO(this.today, { zone: MARKETS[this.market].zone }).plus({ hours: hour }).toMillis();
  }

  private id(prefix: string): string {
    return `${prefix}_${++this.n}`;
  }

  private run(cmd: AccountCommand): AccountEvent[] {
    const decided = decide(cmd, this.state, (m) => DEFAULT_POLICIES[m]);
    this.state = decided.reduce<AccountState>((s, e) => evolve(s, e), this.state);
    this.events.push(...decided);
    return decided;
  }

  private post(txKind: 'PURCHASE' | 'PAYMENT' | 'REFUND', amount: number): AccountEvent[] {
    const { currency } = MARKETS[this.market];
    const transactionId = this.id(txKind.toLowerCase());
    const merchant = { name: 'Shop', mcc: '5411', city: 'X', country: 'US' };
    return this.run({
      kind: 'PostTransaction',
      ...{ transactionId, txKind, amount, currency, description: txKind, merchant, now: this.at(12) },
    });
  }

  private adjust(adjustmentKind: string, amount: number, relatedTransactionId: string | null): void {
    const id = this.id('adj');
    const { currency } = MARKETS[this.market];
    this.run({
      kind: 'RequestAdjustment',
      ...{ transactionId: id, requestId: id, direction: 'CREDIT', adjustmentKind, amount, currency },
      ...{ reason: adjustmentKind, relatedTransactionId, now: this.at(12) },
    });
  }

  /** The next day: end of day runs for the day that ended. */
  nextDay(): void {
    this.today = DateTime.fromISO(this.today, { zone: 'UTC' }).plus({ days: 1 }).toISODate() as string;
    this.run({ kind: 'RunEndOfDay', asOf: this.at(0), newId: (p) => this.id(p) });
    this.model.endOfDay(
      DateTime.fromISO(this.today, { zone: 'UTC' }).minus({ days: 1 }).toISODate() as string,
    );
  }

  apply(op: Op): void {
    switch (op.kind) {
      case 'advance':
        for (let i = 0; i < op.days; i++) this.nextDay();
        return;
      case 'purchase': {
        const [e] = this.post('PURCHASE', op.amount);
        const txnId = e?.type === 'ledger.transaction.posted.v1' ? e.payload.transactionId : null;
        expect(this.model.purchase(txnId ?? 'declined', op.amount)).toBe(txnId !== null);
        if (txnId) this.purchases.push(txnId);
        return;
      }
      case 'payment':
        return this.pay(op.amount);
      case 'payOwed':
        return this.pay(this.model.owed.reduce((n, o) => n + o.amount, 0));
      case 'refund':
        this.post('REFUND', op.amount);
        return this.model.credit(op.amount, this.today);
      case 'credit':
        this.adjust('GOODWILL', op.amount, null);
        return this.model.credit(op.amount, this.today);
      case 'dispute': {
        const txnId = this.purchases[op.pick % Math.max(1, this.purchases.length)];
        if (!txnId || this.open.some((h) => h.txnId === txnId)) return;
        const posted = this.events.find(
          (e) => e.type === 'ledger.transaction.posted.v1' && e.payload.transactionId === txnId,
        );
        const { amount: disputed, postedAt } = posted?.payload as { amount: number; postedAt: number };
        const disputeId = this.id('dsp');
        this.open.push({ disputeId, txnId, amount: disputed, credited: false });
        this.run({
          kind: 'PlaceHold',
          hold: { disputeId, transactionId: txnId, amount: disputed, isFee: false },
          postedAt,
        });
        return this.model.hold(disputeId, txnId, disputed);
      }
      case 'provisionalCredit': {
        const h = this.open[op.pick % Math.max(1, this.open.length)];
        if (!h || h.credited) return;
        h.credited = true;
        this.adjust('PROVISIONAL_CREDIT', h.amount, h.txnId);
        return this.model.credit(h.amount, this.today, h.txnId);
      }
      case 'release': {
        const i = op.pick % Math.max(1, this.open.length);
        const h = this.open[i];
        if (!h) return;
        this.open.splice(i, 1);
        this.run({ kind: 'ReleaseHold', disputeId: h.disputeId });
        return this.model.release(h.disputeId);
      }
    }
  }

  pay(amount: number): void {
    if (amount <= 0) return;
    this.post('PAYMENT', amount);
    this.model.payment(amount);
  }
}

const posted = (events: AccountEvent[]) =>
  events.flatMap((e) => (e.type === 'ledger.transaction.posted.v1' ? [e.payload] : []));
const closed = (events: AccountEvent[]) =>
  events.flatMap((e) => (e.type === 'ledger.statement.closed.v1' ? [e.payload] : []));

/** The five invariants, and the decider's figures against the model's. */
function checkInvariants(r: Run, afterEndOfDay: boolean): void {
  const s = r.state;
  const m = r.model;
  const postings = posted(r.events);
  // Balance is the signed sum of what was posted; available credit is the limit less the balance (holds aside).
  const signed = postings.reduce((n, p) => n + (p.direction === 'DEBIT' ? p.amount : -p.amount), 0);
  expect(s.balance).toBe(signed);
  expect(s.balance).toBe(m.balance);
  expect(accountView(s).availableCredit).toBe(LIMIT - s.balance);
  // A held amount is left out once: of collection, the interest base, the minimum and past due.
  expect(heldAmount(s).total).toBe(m.held());
  const statements = closed(r.events);
  expect(statements.map((st) => st.minimumDue)).toEqual(m.statements.map((st) => st.minimum));
  expect(s.lastStatement?.required ?? null).toBe(m.statements.at(-1)?.required ?? null);
  expect(postings.filter((p) => p.kind === 'INTEREST').map((p) => p.amount)).toEqual(m.interest);
  expect(postings.filter((p) => p.feeType === 'LATE').map((p) => p.amount)).toEqual(m.lateFees);
  // Past due: what is owed of minimums whose due date went by, once; days past due from the oldest.
  expect(s.pastDue).toEqual(m.pastDue());
  expect(s.daysPastDue).toBe(m.daysPastDue());
  const lastDue = m.statements.filter((st) => st.payableUntil <= s.lastEodDate).at(-1);
  expect(s.pastDue?.amount ?? 0).toBeLessThanOrEqual(lastDue?.minimum ?? 0);
  expect(s.status === 'CHARGED_OFF').toBe(m.chargedOff);
  if (afterEndOfDay) expect(s.bucket).toBe(m.chargedOff ? 'CHARGE_OFF' : bucketFor(m.daysPastDue()));
}

describe('money invariants (issue 14), against an independent model', () => {
  it('any mix of purchases, payments, refunds, credits, disputes and end of day keeps the invariants', () => {
    const ops = fc.array(fc.oneof(...spending, ...paying), { minLength: 5, maxLength: 40 });
    fc.assert(
      fc.property(market, cycleDay, ops, (mkt, day, steps) => {
        const r = new Run(mkt, day);
        for (const op of steps) {
          r.apply(op);
          checkInvariants(r, op.kind === 'advance');
        }
      }),
      { numRuns: RUNS, seed },
    );
  });

  it('paying exactly each statement’s minimum by its due date never gives past due, a late fee or days past due', () => {
    const ops = fc.array(fc.oneof(...spending), { minLength: 5, maxLength: 40 });
    const payDay = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(market, cycleDay, ops, payDay, (mkt, day, steps, when) => {
        const r = new Run(mkt, day);
        let paid = 0;
        const payWhatIsDue = () => {
          const statements = closed(r.events);
          for (; paid < statements.length; paid++) {
            const st = statements[paid]!;
            const { zone } = MARKETS[mkt];
            const close = DateTime.fromMillis(st.periodEnd, { zone }).toISODate() as string;
            const due = DateTime.fromMillis(st.dueDate, { zone }).toISODate() as string;
            const span = Math.round(DateTime.fromISO(due).diff(DateTime.fromISO(close), 'days').days);
            // Some day after the close, up to the due date itself.
            const on = DateTime.fromISO(close)
              .plus({ days: 1 + Math.floor((when[paid % when.length]! / 100) * (span - 1)) })
              .toISODate() as string;
            if (on > r.today) return;
            r.pay(st.minimumDue);
          }
        };
        for (const op of steps) {
          if (op.kind === 'advance')
            for (let i = 0; i < op.days; i++) {
              r.nextDay();
              payWhatIsDue();
              checkInvariants(r, true);
            }
          else r.apply(op);
          checkInvariants(r, op.kind === 'advance');
          expect(posted(r.events).filter((p) => p.feeType === 'LATE')).toEqual([]);
          expect(r.state).toMatchObject({ pastDue: null, daysPastDue: 0, bucket: 'CURRENT' });
        }
      }),
      { numRuns: RUNS, seed },
    );
  });
});
