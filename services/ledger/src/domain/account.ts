/**
 * The Account aggregate: the consistency boundary for credit (balance,
 * available credit, statements, fees, days past due). Pure: decide() turns
 * a command into events, evolve() folds an event into state. No I/O, no
 * clock: commands carry the time.
 */
import type {
  LedgerAccountAdjustmentRejectedV1,
  LedgerAccountDelinquencyChangedV1,
  LedgerAccountOpenedV1,
  LedgerStatementClosedV1,
  LedgerTransactionDeclinedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import { DomainError } from '@cardline/platform';
import { addDays, dayOfMonth, daysBetween, endOfLocalDate, localDate, startOfLocalDate } from './calendar';
import {
  bucketFor,
  interestFor,
  lateFeeFor,
  minimumDue,
  type DelinquencyBucket,
  type Market,
  type MarketPolicy,
} from './policy';

/** A card as the ledger knows it from cards' events. */
export type CardStatus = 'INACTIVE' | 'ACTIVE' | 'FROZEN' | 'LOST' | 'STOLEN' | 'CLOSED';

export type TransactionKind = 'PURCHASE' | 'REFUND' | 'PAYMENT' | 'FEE' | 'INTEREST' | 'ADJUSTMENT';
export type Direction = 'DEBIT' | 'CREDIT';
export type Merchant = NonNullable<LedgerTransactionPostedV1['merchant']>;

export interface StatementSummary {
  statementId: string;
  closedOn: string; // local date
  closingBalance: number;
  minimumDue: number;
  dueDate: string; // local date
  paidSinceClose: number;
  lateFeeAssessed: boolean;
}

export interface AccountState {
  accountId: string;
  customerId: string;
  productCode: string;
  market: Market;
  currency: string;
  creditLimit: number;
  aprBps: number;
  billingCycleDay: number;
  timeZone: string;
  openedAt: number;
  status: 'OPEN' | 'CLOSED';
  /** What the customer owes, minor units; negative = credit balance. */
  balance: number;
  cycle: {
    startedOn: string;
    purchases: number;
    payments: number;
    credits: number;
    fees: number;
    interest: number;
    /** Sum over days of the end-of-day balance (when positive): the interest base. */
    balanceDays: number;
    /** Last local date counted in balanceDays; later days still carry `balance`. */
    accruedThrough: string;
    transactionIds: string[];
  };
  statementCount: number;
  lastStatement: StatementSummary | null;
  /** Unpaid minimum payments, oldest due date first counted from. */
  pastDue: { amount: number; since: string } | null;
  daysPastDue: number;
  bucket: DelinquencyBucket;
  /** Local dates of recent late fees, for the repeat-fee rule. */
  lateFeeDates: string[];
  /** Last local date whose end-of-day ran. */
  lastEodDate: string;
  /** Recent request ids (adjustments, idempotent posts): one posting each. */
  processedRequests: string[];
  /**
   * Amounts under dispute (from disputes' events): not collected, no finance
   * charge, not counted past due while the dispute is open. Absent on
   * accounts stored before holds existed.
   */
  disputeHolds?: DisputeHold[];
}

export interface DisputeHold {
  disputeId: string;
  transactionId: string;
  amount: number;
  /** A fee under dispute (a late fee the customer contests). */
  isFee: boolean;
}

/** What is held out of collection right now. */
export function heldAmount(s: AccountState): { total: number; fees: number } {
  const holds = s.disputeHolds ?? [];
  return {
    total: holds.reduce((n, h) => n + h.amount, 0),
    fees: holds.filter((h) => h.isFee).reduce((n, h) => n + h.amount, 0),
  };
}

export const PROCESSED_REQUESTS_KEPT = 2000;

// ---- commands ----------------------------------------------------------

export interface OpenAccount {
  kind: 'OpenAccount';
  accountId: string;
  customerId: string;
  productCode: string;
  market: Market;
  currency: string;
  creditLimit: number;
  aprBps: number;
  billingCycleDay: number;
  timeZone: string;
  now: number;
}

export interface PostTransaction {
  kind: 'PostTransaction';
  transactionId: string;
  txKind: TransactionKind;
  /** Only ADJUSTMENT chooses; the other kinds have a fixed direction. */
  direction?: Direction;
  amount: number;
  currency: string;
  description: string;
  merchant?: Merchant | null;
  cardId?: string | null;
  /** What the ledger's card read model says about cardId (null: not known). */
  card?: { accountId: string; status: CardStatus } | null;
  feeType?: LedgerTransactionPostedV1['feeType'];
  adjustmentKind?: string | null;
  requestId?: string | null;
  relatedTransactionId?: string | null;
  now: number;
}

export interface RequestAdjustment {
  kind: 'RequestAdjustment';
  transactionId: string;
  requestId: string;
  direction: Direction | 'UNKNOWN';
  adjustmentKind: string;
  amount: number;
  currency: string;
  reason: string;
  relatedTransactionId: string | null;
  now: number;
}

export interface RunEndOfDay {
  kind: 'RunEndOfDay';
  /** Process every local day that has ended by this instant. */
  asOf: number;
  /** Id generator for statements and fee/interest transactions (keeps decide pure and testable). */
  newId: (prefix: string) => string;
}

/** From disputes' events: hold a disputed amount while the dispute is open, release it when resolved. */
export type DisputeHoldCommand =
  { kind: 'PlaceHold'; hold: DisputeHold } | { kind: 'ReleaseHold'; disputeId: string };

export type AccountCommand =
  OpenAccount | PostTransaction | RequestAdjustment | RunEndOfDay | DisputeHoldCommand;

// ---- events ------------------------------------------------------------

export type AccountEvent =
  | { type: 'ledger.account.opened.v1'; payload: LedgerAccountOpenedV1 }
  | { type: 'ledger.transaction.posted.v1'; payload: LedgerTransactionPostedV1 }
  | { type: 'ledger.transaction.declined.v1'; payload: LedgerTransactionDeclinedV1 }
  | { type: 'ledger.statement.closed.v1'; payload: LedgerStatementClosedV1 }
  | { type: 'ledger.account.delinquency-changed.v1'; payload: LedgerAccountDelinquencyChangedV1 }
  | { type: 'ledger.account.adjustment-rejected.v1'; payload: LedgerAccountAdjustmentRejectedV1 }
  /** Internal: a local day ended (interest base, EOD progress). Never published. */
  | { type: 'day-closed'; payload: { date: string; missedMinimum: number } }
  /** Internal: the holds changed (disputes publishes the facts; the ledger keeps their effect). */
  | { type: 'holds-changed'; payload: { holds: DisputeHold[] } };

export function isPublished(e: AccountEvent): boolean {
  return e.type !== 'day-closed' && e.type !== 'holds-changed';
}

export { DomainError };

const DIRECTION: Record<Exclude<TransactionKind, 'ADJUSTMENT'>, Direction> = {
  PURCHASE: 'DEBIT',
  FEE: 'DEBIT',
  INTEREST: 'DEBIT',
  REFUND: 'CREDIT',
  PAYMENT: 'CREDIT',
};

export function availableCredit(s: AccountState): number {
  return s.creditLimit - s.balance;
}

// ---- decide ------------------------------------------------------------

export function decide(
  cmd: AccountCommand,
  state: AccountState | null,
  policy: (m: Market) => MarketPolicy,
): AccountEvent[] {
  if (cmd.kind === 'OpenAccount') {
    if (state) throw new DomainError('ALREADY_EXISTS', `account ${cmd.accountId} already exists`);
    return [
      {
        type: 'ledger.account.opened.v1',
        payload: {
          accountId: cmd.accountId,
          customerId: cmd.customerId,
          productCode: cmd.productCode,
          market: cmd.market,
          currency: cmd.currency,
          creditLimit: cmd.creditLimit,
          aprBps: cmd.aprBps,
          billingCycleDay: cmd.billingCycleDay,
          timeZone: cmd.timeZone,
          openedAt: cmd.now,
        },
      },
    ];
  }
  if (!state) throw new DomainError('NOT_FOUND', 'account not found');
  switch (cmd.kind) {
    case 'PostTransaction':
      return decidePost(cmd, state);
    case 'RequestAdjustment':
      return decideAdjustment(cmd, state);
    case 'RunEndOfDay':
      return decideEndOfDay(cmd, state, policy(state.market));
    case 'PlaceHold': {
      const holds = state.disputeHolds ?? [];
      if (holds.some((h) => h.disputeId === cmd.hold.disputeId)) return [];
      return [{ type: 'holds-changed', payload: { holds: [...holds, cmd.hold] } }];
    }
    case 'ReleaseHold': {
      const holds = state.disputeHolds ?? [];
      if (!holds.some((h) => h.disputeId === cmd.disputeId)) return [];
      return [
        { type: 'holds-changed', payload: { holds: holds.filter((h) => h.disputeId !== cmd.disputeId) } },
      ];
    }
  }
}

function decidePost(cmd: PostTransaction, s: AccountState): AccountEvent[] {
  if (cmd.requestId && s.processedRequests.includes(cmd.requestId)) return [];
  if (!Number.isInteger(cmd.amount) || cmd.amount <= 0)
    throw new DomainError('INVALID', 'amount must be a positive integer of minor units');
  const direction = cmd.txKind === 'ADJUSTMENT' ? cmd.direction : DIRECTION[cmd.txKind];
  if (!direction) throw new DomainError('INVALID', 'an ADJUSTMENT needs a direction');
  if (cmd.txKind === 'PURCHASE') {
    const reason =
      s.status !== 'OPEN'
        ? 'ACCOUNT_CLOSED'
        : (cardDeclineReason(cmd, s) ??
          (cmd.currency !== s.currency
            ? 'CURRENCY_MISMATCH'
            : cmd.amount > availableCredit(s)
              ? 'INSUFFICIENT_CREDIT'
              : null));
    if (reason) {
      return [
        {
          type: 'ledger.transaction.declined.v1',
          payload: {
            transactionId: cmd.transactionId,
            accountId: s.accountId,
            amount: cmd.amount,
            currency: cmd.currency,
            cardId: cmd.cardId ?? null,
            merchant: cmd.merchant ?? null,
            reason,
            availableCredit: availableCredit(s),
            declinedAt: cmd.now,
          },
        },
      ];
    }
  } else if (cmd.currency !== s.currency) {
    throw new DomainError('INVALID', `account currency is ${s.currency}, not ${cmd.currency}`);
  }
  return postingEvents(s, {
    transactionId: cmd.transactionId,
    kind: cmd.txKind,
    direction,
    amount: cmd.amount,
    description: cmd.description,
    merchant: cmd.merchant ?? null,
    cardId: cmd.cardId ?? null,
    feeType: cmd.feeType ?? null,
    adjustmentKind: cmd.adjustmentKind ?? null,
    requestId: cmd.requestId ?? null,
    relatedTransactionId: cmd.relatedTransactionId ?? null,
    at: cmd.now,
  });
}

/**
 * A purchase made with a card is authorised only on an active card of this
 * account. Purchases without a card id (the processor's card-not-present
 * postings, the demo traffic of accounts without cards) skip the check.
 */
function cardDeclineReason(
  cmd: PostTransaction,
  s: AccountState,
): 'CARD_UNKNOWN' | 'CARD_NOT_ACTIVE' | 'CARD_BLOCKED' | null {
  if (!cmd.cardId) return null;
  const card = cmd.card;
  if (!card || card.accountId !== s.accountId) return 'CARD_UNKNOWN';
  if (card.status === 'ACTIVE') return null;
  return card.status === 'INACTIVE' ? 'CARD_NOT_ACTIVE' : 'CARD_BLOCKED';
}

/** Adjustments asked for by other services: bad ones are answered, not thrown. */
function decideAdjustment(cmd: RequestAdjustment, s: AccountState): AccountEvent[] {
  if (s.processedRequests.includes(cmd.requestId)) return [];
  const reject = (reason: LedgerAccountAdjustmentRejectedV1['reason'], detail: string): AccountEvent[] => [
    {
      type: 'ledger.account.adjustment-rejected.v1',
      payload: { accountId: s.accountId, requestId: cmd.requestId, reason, detail, rejectedAt: cmd.now },
    },
  ];
  if (!Number.isInteger(cmd.amount) || cmd.amount <= 0)
    return reject('INVALID_AMOUNT', `amount ${cmd.amount} is not a positive integer`);
  if (cmd.direction === 'UNKNOWN') return reject('INVALID_AMOUNT', 'direction must be DEBIT or CREDIT');
  if (cmd.currency !== s.currency)
    return reject('CURRENCY_MISMATCH', `account currency is ${s.currency}, not ${cmd.currency}`);
  if (s.status !== 'OPEN' && cmd.direction === 'DEBIT')
    return reject('ACCOUNT_CLOSED', 'no debits on a closed account');
  return postingEvents(s, {
    transactionId: cmd.transactionId,
    kind: 'ADJUSTMENT',
    direction: cmd.direction,
    amount: cmd.amount,
    description: cmd.reason,
    merchant: null,
    cardId: null,
    feeType: null,
    adjustmentKind: cmd.adjustmentKind,
    requestId: cmd.requestId,
    relatedTransactionId: cmd.relatedTransactionId,
    at: cmd.now,
  });
}

interface Posting {
  transactionId: string;
  kind: TransactionKind;
  direction: Direction;
  amount: number;
  description: string;
  merchant: Merchant | null;
  cardId: string | null;
  feeType: LedgerTransactionPostedV1['feeType'];
  adjustmentKind: string | null;
  requestId: string | null;
  relatedTransactionId: string | null;
  at: number;
}

/** The posted event, plus a delinquency change when a credit cures the past-due amount. */
function postingEvents(s: AccountState, p: Posting): AccountEvent[] {
  const events: AccountEvent[] = [posted(s, p)];
  if (p.direction === 'CREDIT' && s.pastDue && p.amount >= s.pastDue.amount && s.bucket !== 'CURRENT') {
    events.push(delinquencyChanged(s, 0, 'CURRENT', 0, p.at));
  }
  return events;
}

function posted(s: AccountState, p: Posting): AccountEvent {
  const balanceAfter = s.balance + (p.direction === 'DEBIT' ? p.amount : -p.amount);
  return {
    type: 'ledger.transaction.posted.v1',
    payload: {
      transactionId: p.transactionId,
      accountId: s.accountId,
      kind: p.kind,
      direction: p.direction,
      amount: p.amount,
      currency: s.currency,
      feeType: p.feeType,
      adjustmentKind: p.adjustmentKind,
      cardId: p.cardId,
      merchant: p.merchant,
      description: p.description,
      requestId: p.requestId,
      relatedTransactionId: p.relatedTransactionId,
      postedAt: p.at,
      balanceAfter,
      availableCreditAfter: s.creditLimit - balanceAfter,
    },
  };
}

function delinquencyChanged(
  s: AccountState,
  dpd: number,
  bucket: DelinquencyBucket,
  amountPastDue: number,
  at: number,
): AccountEvent {
  return {
    type: 'ledger.account.delinquency-changed.v1',
    payload: {
      accountId: s.accountId,
      daysPastDue: dpd,
      bucket,
      previousBucket: s.bucket,
      amountPastDue,
      currency: s.currency,
      asOf: at,
    },
  };
}

/**
 * Runs each local day that has ended by `asOf`, in order: the due-date
 * check (late fee, missed minimum becomes past due), the day's close
 * (interest base), statement close on the cycle day (interest, minimum due,
 * due date), then days past due and bucket moves. Days are folded one at a
 * time, so a clock jump of weeks gives the same result as daily runs.
 */
function decideEndOfDay(cmd: RunEndOfDay, start: AccountState, policy: MarketPolicy): AccountEvent[] {
  const events: AccountEvent[] = [];
  let s = start;
  const emit = (e: AccountEvent) => {
    events.push(e);
    s = evolve(s, e);
  };
  for (
    let day = addDays(s.lastEodDate, 1);
    endOfLocalDate(day, s.timeZone) <= cmd.asOf;
    day = addDays(day, 1)
  ) {
    const dayEnd = endOfLocalDate(day, s.timeZone) - 1;
    const st = s.lastStatement;
    // A disputed amount is not collected: it comes off what the statement asked for.
    const due = st ? Math.max(0, st.minimumDue - heldAmount(s).total) : 0;
    const missed = st && st.dueDate === day && st.paidSinceClose < due ? due - st.paidSinceClose : 0;
    if (st && missed > 0 && !st.lateFeeAssessed) {
      const recent = s.lateFeeDates.some(
        (d) => daysBetween(d, day) <= policy.lateFee.repeatWindowCycles * 31,
      );
      const fee = lateFeeFor(policy, missed, st.minimumDue, recent);
      if (fee > 0) {
        emit(
          posted(s, {
            transactionId: cmd.newId('fee'),
            kind: 'FEE',
            direction: 'DEBIT',
            amount: fee,
            description: `Late fee: minimum payment due ${day} not received`,
            merchant: null,
            cardId: null,
            feeType: 'LATE',
            adjustmentKind: null,
            requestId: `late-fee:${st.statementId}`,
            relatedTransactionId: null,
            at: dayEnd,
          }),
        );
      }
    }
    emit({ type: 'day-closed', payload: { date: day, missedMinimum: missed } });
    if (dayOfMonth(day) === s.billingCycleDay && day !== localDate(s.openedAt, s.timeZone)) {
      closeStatement(s, day, dayEnd, cmd, policy).forEach(emit);
    }
    const bucket = bucketFor(s.daysPastDue);
    if (bucket !== s.bucket)
      emit(delinquencyChanged(s, s.daysPastDue, bucket, s.pastDue?.amount ?? 0, dayEnd));
  }
  return events;
}

/** Interest (when revolving) and the statement; the cycle's day-closed has already run. */
function closeStatement(
  s: AccountState,
  day: string,
  at: number,
  cmd: RunEndOfDay,
  policy: MarketPolicy,
): AccountEvent[] {
  const out: AccountEvent[] = [];
  const prev = s.lastStatement;
  // Grace period: no interest when the previous statement was paid in full.
  const revolving = prev !== null && prev.closingBalance > 0 && prev.paidSinceClose < prev.closingBalance;
  const interest = revolving ? interestFor(s.cycle.balanceDays, s.aprBps) : 0;
  let cur = s;
  if (interest > 0) {
    const e = posted(s, {
      transactionId: cmd.newId('int'),
      kind: 'INTEREST',
      direction: 'DEBIT',
      amount: interest,
      description: `Interest charge at ${(s.aprBps / 100).toFixed(2)}% APR`,
      merchant: null,
      cardId: null,
      feeType: null,
      adjustmentKind: null,
      requestId: null,
      relatedTransactionId: null,
      at,
    });
    out.push(e);
    cur = evolve(s, e);
  }
  const held = heldAmount(cur);
  const min = minimumDue(
    policy,
    Math.max(0, cur.balance - held.total),
    interest,
    Math.max(0, cur.cycle.fees - held.fees),
    cur.pastDue?.amount ?? 0,
  );
  out.push({
    type: 'ledger.statement.closed.v1',
    payload: {
      statementId: cmd.newId('stmt'),
      accountId: s.accountId,
      currency: s.currency,
      periodStart: startOfLocalDate(s.cycle.startedOn, s.timeZone),
      periodEnd: at,
      previousBalance: prev?.closingBalance ?? 0,
      purchases: cur.cycle.purchases,
      payments: cur.cycle.payments,
      credits: cur.cycle.credits,
      fees: cur.cycle.fees,
      interest,
      closingBalance: cur.balance,
      minimumDue: min,
      dueDate: endOfLocalDate(addDays(day, policy.graceDays), s.timeZone) - 1,
      transactionIds: cur.cycle.transactionIds,
    },
  });
  return out;
}

// ---- evolve ------------------------------------------------------------

export function evolve(s: AccountState | null, e: AccountEvent): AccountState {
  if (e.type === 'ledger.account.opened.v1') {
    const p = e.payload;
    const today = localDate(p.openedAt, p.timeZone);
    return {
      accountId: p.accountId,
      customerId: p.customerId,
      productCode: p.productCode,
      market: p.market === 'CN' ? 'CN' : 'US',
      currency: p.currency,
      creditLimit: p.creditLimit,
      aprBps: p.aprBps,
      billingCycleDay: p.billingCycleDay,
      timeZone: p.timeZone,
      openedAt: p.openedAt,
      status: 'OPEN',
      balance: 0,
      cycle: freshCycle(today, addDays(today, -1)),
      statementCount: 0,
      lastStatement: null,
      pastDue: null,
      daysPastDue: 0,
      bucket: 'CURRENT',
      lateFeeDates: [],
      // The opening day is the first one end-of-day processes.
      lastEodDate: addDays(today, -1),
      processedRequests: [],
    };
  }
  if (!s) throw new Error(`${e.type} before ledger.account.opened.v1`);
  switch (e.type) {
    case 'ledger.transaction.posted.v1': {
      const p = e.payload;
      // Days before the posting day keep the old balance, whenever end-of-day runs.
      const c = {
        ...accrue(s, addDays(localDate(p.postedAt, s.timeZone), -1)),
        transactionIds: [...s.cycle.transactionIds, p.transactionId],
      };
      if (p.kind === 'PURCHASE') c.purchases += p.amount;
      else if (p.kind === 'PAYMENT') c.payments += p.amount;
      else if (p.kind === 'FEE') c.fees += p.amount;
      else if (p.kind === 'INTEREST') c.interest += p.amount;
      else if (p.direction === 'CREDIT') c.credits += p.amount;
      else c.purchases += p.amount; // debit adjustments (rebills) count as charges
      const credit = p.direction === 'CREDIT' ? p.amount : 0;
      const lastStatement =
        s.lastStatement && credit > 0
          ? { ...s.lastStatement, paidSinceClose: s.lastStatement.paidSinceClose + credit }
          : s.lastStatement;
      let pastDue = s.pastDue;
      if (pastDue && credit > 0)
        pastDue = pastDue.amount > credit ? { ...pastDue, amount: pastDue.amount - credit } : null;
      const lateFeeDates =
        p.feeType === 'LATE'
          ? [...s.lateFeeDates.slice(-5), localDate(p.postedAt, s.timeZone)]
          : s.lateFeeDates;
      const lastStmt =
        lastStatement && p.feeType === 'LATE' ? { ...lastStatement, lateFeeAssessed: true } : lastStatement;
      return {
        ...s,
        balance: p.balanceAfter,
        cycle: c,
        lastStatement: lastStmt,
        pastDue,
        daysPastDue: pastDue ? s.daysPastDue : 0,
        lateFeeDates,
        processedRequests: p.requestId
          ? [...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)), p.requestId]
          : s.processedRequests,
      };
    }
    case 'ledger.transaction.declined.v1':
      return s;
    case 'holds-changed':
      // Days so far accrued at the old held amount; from today on the new one applies.
      return { ...s, cycle: accrue(s, s.lastEodDate), disputeHolds: e.payload.holds };
    case 'ledger.account.adjustment-rejected.v1':
      return {
        ...s,
        processedRequests: [
          ...s.processedRequests.slice(-(PROCESSED_REQUESTS_KEPT - 1)),
          e.payload.requestId,
        ],
      };
    case 'ledger.statement.closed.v1': {
      const p = e.payload;
      const closedOn = localDate(p.periodEnd, s.timeZone);
      return {
        ...s,
        statementCount: s.statementCount + 1,
        lastStatement: {
          statementId: p.statementId,
          closedOn,
          closingBalance: p.closingBalance,
          minimumDue: p.minimumDue,
          dueDate: localDate(p.dueDate, s.timeZone),
          paidSinceClose: 0,
          lateFeeAssessed: false,
        },
        cycle: freshCycle(addDays(closedOn, 1), closedOn),
      };
    }
    case 'ledger.account.delinquency-changed.v1':
      return {
        ...s,
        bucket: e.payload.bucket === 'UNKNOWN' ? s.bucket : e.payload.bucket,
        daysPastDue: e.payload.daysPastDue,
      };
    case 'day-closed': {
      const { date, missedMinimum } = e.payload;
      let pastDue = s.pastDue;
      if (missedMinimum > 0) {
        pastDue = pastDue
          ? { ...pastDue, amount: pastDue.amount + missedMinimum }
          : { amount: missedMinimum, since: date };
      }
      return {
        ...s,
        lastEodDate: date,
        pastDue,
        daysPastDue: pastDue ? daysBetween(pastDue.since, date) : 0,
        cycle: accrue(s, date),
      };
    }
  }
}

/** An empty billing cycle starting on `startedOn`, interest accrued through `accruedThrough`. */
function freshCycle(startedOn: string, accruedThrough: string): AccountState['cycle'] {
  return {
    startedOn,
    purchases: 0,
    payments: 0,
    credits: 0,
    fees: 0,
    interest: 0,
    balanceDays: 0,
    accruedThrough,
    transactionIds: [],
  };
}

/** Adds the current balance for each day after accruedThrough up to `through`. */
function accrue(s: AccountState, through: string): AccountState['cycle'] {
  const days = daysBetween(s.cycle.accruedThrough, through);
  if (days <= 0) return s.cycle;
  return {
    ...s.cycle,
    // No finance charge on a disputed amount.
    balanceDays: s.cycle.balanceDays + Math.max(0, s.balance - heldAmount(s).total) * days,
    accruedThrough: through,
  };
}

export function fold(events: readonly AccountEvent[], s: AccountState | null = null): AccountState | null {
  return events.reduce<AccountState | null>((acc, e) => evolve(acc, e), s);
}
