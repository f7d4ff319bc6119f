/**
 * A small model of what the customer owes, written from the rules in
 * docs/domain.md#ledger and nothing else: the oracle of the property tests
 * (money-invariants.unit.test.ts). It shares no code with the decider; it
 * reads only the market's figures (DEFAULT_POLICIES, configuration). One
 * model account, driven day by day: commands happen during a day, endOfDay
 * closes it.
 */
import { DateTime } from 'luxon';
import type { MarketPolicy } from '../src/domain/policy';

const date = (d: string) => DateTime.fromISO(d, { zone: 'UTC' });
const plusDays = (d: string, n: number) => date(d).plus({ days: n }).toISODate() as string;
const daysFrom = (from: string, to: string) => Math.round(date(to).diff(date(from), 'days').days);
const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);

interface Hold {
  disputeId: string;
  txnId: string;
  amount: number;
}
interface Credit {
  txnId: string;
  amount: number;
  day: string;
}
interface Statement {
  closedOn: string;
  dueDate: string;
  payableUntil: string;
  closing: number;
  interest: number;
  fees: number;
  carried: number;
  minimum: number;
  required: number;
  /** Disputed amounts this statement leaves out: open at the close, or opened on what it shows before its due date. */
  leftOut: Hold[];
  creditsSinceClose: number;
  paidInFull: boolean | null;
  lateFee: boolean;
}
/** What one statement added to the minimum and is still unpaid. */
interface Owed {
  statement: number;
  dueDate: string;
  payableUntil: string;
  amount: number;
}

export class MoneyModel {
  balance = 0;
  chargedOff = false;
  lastEod: string;
  statements: Statement[] = [];
  owed: Owed[] = [];
  lateFees: number[] = [];
  interest: number[] = [];
  private holds: Hold[] = [];
  private credits: Credit[] = [];
  private lateFeeDays: string[] = [];
  private dueDay: number | null = null;
  private cycleFees = 0;
  private balanceDays = 0;
  /** Purchases since the last close: the next statement shows them. */
  private cycleTxns = new Set<string>();

  constructor(
    private readonly p: MarketPolicy,
    private readonly limit: number,
    private readonly aprBps: number,
    private readonly cycleDay: number,
    private readonly openedOn: string,
  ) {
    this.lastEod = plusDays(openedOn, -1);
  }

  // ---- what the rules say, read off the model -----------------------------

  /** Held out of collection: each open dispute less what has been credited on its transaction. */
  held(): number {
    return sum(this.holds.map((h) => this.uncredited(h, this.credits)));
  }

  private uncredited(h: Hold, credits: readonly Credit[]): number {
    const credited = sum(credits.filter((c) => c.txnId === h.txnId).map((c) => c.amount));
    return Math.max(0, h.amount - Math.max(0, credited));
  }

  /** Past due: what is owed of minimums whose last day to pay on time has ended. */
  pastDue(): { amount: number; since: string } | null {
    const late = this.owed.filter((o) => o.payableUntil <= this.lastEod);
    return late[0] ? { amount: sum(late.map((o) => o.amount)), since: late[0].dueDate } : null;
  }

  /** Days past due: the age of the oldest unpaid due date. */
  daysPastDue(): number {
    const pd = this.pastDue();
    return pd ? daysFrom(pd.since, this.lastEod) : 0;
  }

  private minimum(collectable: number, interest: number, fees: number, carried: number): number {
    if (collectable <= 0) return 0;
    const m = this.p.minimumDue;
    const share = Math.round((collectable * m.percentBps) / 10000);
    return Math.min(
      collectable,
      Math.max(m.floor, share + (m.plusInterestAndFees ? interest + fees : 0)) + carried,
    );
  }

  // ---- commands during a day -----------------------------------------------

  /** Declined (false) when charged off or above the available credit. */
  purchase(txnId: string, amount: number): boolean {
    if (this.chargedOff || amount > this.limit - this.balance) return false;
    this.balance += amount;
    this.cycleTxns.add(txnId);
    this.capOwed();
    return true;
  }

  /** Only payments pay the minimum, oldest first; beyond that a payment only lowers the balance. */
  payment(amount: number): void {
    this.balance -= amount;
    let left = amount;
    for (const o of this.owed) {
      const part = Math.min(left, o.amount);
      o.amount -= part;
      left -= part;
    }
    this.owed = this.owed.filter((o) => o.amount > 0);
    this.credited(amount);
    this.capOwed();
  }

  /** A refund or a credit: lowers the balance, pays no minimum. `txnId`: the transaction credited. */
  credit(amount: number, today: string, txnId: string | null = null): void {
    this.balance -= amount;
    if (txnId) this.credits.push({ txnId, amount, day: today });
    this.credited(amount);
    this.capOwed();
  }

  hold(disputeId: string, txnId: string, amount: number): void {
    const h = { disputeId, txnId, amount };
    this.holds.push(h);
    const st = this.statements.at(-1);
    // A dispute on something the last statement shows, opened before its due date, lowers what it asks.
    if (st && this.lastEod < st.payableUntil && !this.cycleTxns.has(txnId)) {
      const before = this.credits.filter((c) => c.day <= st.closedOn);
      st.leftOut.push({ ...h, amount: this.uncredited(h, before) });
      const leftOut = sum(st.leftOut.map((x) => x.amount));
      const required = Math.min(
        st.minimum,
        this.minimum(st.closing - leftOut, st.interest, st.fees, st.carried),
      );
      const index = this.statements.length - 1;
      const own = this.owed.find((o) => o.statement === index);
      if (own) own.amount = Math.max(0, own.amount - (st.required - required));
      this.owed = this.owed.filter((o) => o.amount > 0);
      st.required = required;
    }
    this.capOwed();
  }

  release(disputeId: string): void {
    this.holds = this.holds.filter((h) => h.disputeId !== disputeId);
  }

  private credited(amount: number): void {
    const st = this.statements.at(-1);
    if (st) st.creditsSinceClose += amount;
  }

  /** Never more is owed of minimums than the balance not in dispute: the newest comes off first. */
  private capOwed(): void {
    let excess = sum(this.owed.map((o) => o.amount)) - Math.max(0, this.balance - this.held());
    for (let i = this.owed.length - 1; i >= 0 && excess > 0; i--) {
      const o = this.owed[i]!;
      const part = Math.min(excess, o.amount);
      o.amount -= part;
      excess -= part;
    }
    this.owed = this.owed.filter((o) => o.amount > 0);
  }

  // ---- the end of a day ----------------------------------------------------

  endOfDay(day: string): void {
    if (this.chargedOff) {
      this.lastEod = day;
      return;
    }
    const st = this.statements.at(-1);
    if (st && st.payableUntil === day) this.dueDateCheck(st, day);
    this.lastEod = day;
    this.balanceDays += Math.max(0, this.balance - this.held());
    if (st && st.payableUntil === day) st.paidInFull = this.paidInFull(st);
    if (Number(day.slice(8, 10)) === this.cycleDay && day !== this.openedOn) this.close(day);
    if (this.daysPastDue() >= 180) this.chargedOff = true;
  }

  private dueDateCheck(st: Statement, day: string): void {
    const unpaid = sum(this.owed.filter((o) => o.payableUntil <= day).map((o) => o.amount));
    if (unpaid <= 0 || st.lateFee) return;
    const l = this.p.lateFee;
    const recent = this.lateFeeDays.some((d) => daysFrom(d, day) <= l.repeatWindowCycles * 31);
    const byRule =
      l.percentOfUnpaidBps > 0
        ? Math.round((unpaid * l.percentOfUnpaidBps) / 10000)
        : recent
          ? l.repeat
          : l.first;
    // Never more than the payment that was required, disputes left out.
    const fee = Math.max(0, l.capAtMinimumDue ? Math.min(byRule, st.required) : byRule);
    if (fee <= 0) return;
    this.balance += fee;
    this.cycleFees += fee;
    this.lateFees.push(fee);
    this.lateFeeDays.push(day);
    st.lateFee = true;
  }

  /** Paid in full by its due date, disputes it leaves out set aside (credits on them not counted twice). */
  private paidInFull(st: Statement): boolean {
    const leftOutTxns = new Set(st.leftOut.map((h) => h.txnId));
    const onLeftOut = sum(
      this.credits
        .filter((c) => c.day > st.closedOn && c.amount > 0 && leftOutTxns.has(c.txnId))
        .map((c) => c.amount),
    );
    return st.closing - sum(st.leftOut.map((h) => h.amount)) - (st.creditsSinceClose - onLeftOut) <= 0;
  }

  private close(day: string): void {
    const prev = this.statements.at(-1);
    const revolving = prev !== undefined && !(prev.paidInFull ?? this.paidInFull(prev));
    const interest = revolving ? Math.max(0, Math.round((this.balanceDays * this.aprBps) / 10000 / 365)) : 0;
    if (interest > 0) this.interest.push(interest);
    this.balance += interest;
    const carried = sum(this.owed.map((o) => o.amount));
    const leftOut = this.holds.map((h) => ({ ...h, amount: this.uncredited(h, this.credits) }));
    const minimum = this.minimum(
      this.balance - sum(leftOut.map((h) => h.amount)),
      interest,
      this.cycleFees,
      carried,
    );
    const dueDate = this.dueDateFor(day);
    const payableUntil = this.nextBusinessDay(dueDate);
    this.statements.push({
      closedOn: day,
      dueDate,
      payableUntil,
      closing: this.balance,
      interest,
      fees: this.cycleFees,
      carried,
      minimum,
      required: minimum,
      leftOut,
      creditsSinceClose: 0,
      paidInFull: null,
      lateFee: false,
    });
    if (minimum > carried)
      this.owed.push({
        statement: this.statements.length - 1,
        dueDate,
        payableUntil,
        amount: minimum - carried,
      });
    this.cycleFees = 0;
    this.balanceDays = 0;
    this.cycleTxns = new Set();
    this.capOwed();
  }

  /** The first due date a set number of days after the close; then the same day every month. */
  private dueDateFor(closedOn: string): string {
    if (this.dueDay === null) {
      const first = plusDays(closedOn, this.p.dueDate.firstDaysAfterClose);
      this.dueDay = Number(first.slice(8, 10));
      return first;
    }
    const earliest = plusDays(closedOn, this.p.dueDate.minDaysAfterClose);
    for (let m = date(closedOn).startOf('month'); ; m = m.plus({ months: 1 })) {
      const due = m.set({ day: Math.min(this.dueDay, m.daysInMonth ?? 28) }).toISODate() as string;
      if (due >= earliest) return due;
    }
  }

  private nextBusinessDay(d: string): string {
    const { holidays, workingWeekends } = this.p.calendar;
    const business = (x: string) =>
      workingWeekends.includes(x) || (date(x).weekday < 6 && !holidays.includes(x));
    let x = d;
    while (!business(x)) x = plusDays(x, 1);
    return x;
  }
}
