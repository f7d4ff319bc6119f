/**
 * The Account aggregate: the consistency boundary for credit (balance,
 * available credit, statements, fees, days past due). Pure: decide() turns
 * a command into events, evolve() folds an event into state. No I/O, no
 * clock: commands carry the time.
 *
 * This file holds the state, the commands, the events and the dispatch;
 * evolve.ts folds events into state (end-of-day folds each day before the
 * next, so evolve sits apart from the dispatch). Each command is decided in
 * the file of its concern: opening.ts, posting.ts (purchases, payments,
 * adjustments), holds.ts (disputed amounts), end-of-day.ts with
 * delinquency.ts (late fee, days past due) and statement.ts (interest,
 * statement close).
 */
import type {
  LedgerAccountAdjustmentRejectedV1,
  LedgerAccountArrangementRecordedV1,
  LedgerAdjustmentArrangementRequestedV1,
  LedgerAccountChargedOffV1,
  LedgerAccountDelinquencyChangedV1,
  LedgerAccountOpenedV1,
  LedgerStatementClosedV1,
  LedgerTransactionDeclinedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import { DomainError } from '@cardline/platform/domain';
import { recordArrangement, type Arrangements } from './arrangements';
import { runEndOfDay } from './end-of-day';
import { placeHold, releaseHold } from './holds';
import { openAccount } from './opening';
import { postTransaction, requestAdjustment } from './posting';
import type { DelinquencyBucket, Market, PolicyFor } from './policy';

export { DomainError };
export { evolve, fold, PROCESSED_REQUESTS_KEPT } from './evolve';
export { disputedAmount, heldAmount } from './disputed';
export { availableCredit } from './posting';

/** A card as the ledger knows it from cards' events. */
export type CardStatus = 'INACTIVE' | 'ACTIVE' | 'FROZEN' | 'LOST' | 'STOLEN' | 'CLOSED';

export type TransactionKind = 'PURCHASE' | 'REFUND' | 'PAYMENT' | 'FEE' | 'INTEREST' | 'ADJUSTMENT';
export type Direction = 'DEBIT' | 'CREDIT';
export type Merchant = NonNullable<LedgerTransactionPostedV1['merchant']>;

export interface StatementSummary {
  statementId: string;
  closedOn: string; // local date
  closingBalance: number;
  /** The cycle's interest and fees, and what was already owed of earlier minimums: what the minimum was worked out on. */
  interest: number;
  fees: number;
  carried: number;
  minimumDue: number;
  /** The payment the due date asks for: the minimum, less what disputes opened since the close leave out. */
  required: number;
  /**
   * The disputes this statement leaves out: open at the close or opened before
   * its due date. A dispute released meanwhile stays left out: what is billed
   * again is asked for on the next statement (docs/domain.md#ledger).
   */
  disputesLeftOut: DisputeHold[];
  dueDate: string; // local date
  /**
   * The newest posting it shows, or its period end if later: a transaction
   * posted after it is on the next statement (holds.ts).
   */
  postingsThrough: number;
  /** The last day a payment is on time: the due date, or the next business day after it. */
  payableUntil: string;
  /** Payments since the close, less payments returned: what pays the minimum. */
  paidSinceClose: number;
  /** Every credit since the close (payments, refunds, credits), less payments returned. */
  creditsSinceClose: number;
  /** Judged at the end of the due date: the balance, disputes left out, was paid by then (grace; statement.ts). */
  paidInFull: boolean | null;
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
  /** CHARGED_OFF at 180 days past due: no purchases, no interest or fees, the balance kept for recovery. */
  status: 'OPEN' | 'CLOSED' | 'CHARGED_OFF';
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
    /**
     * What the statement says of its lines: how many, the first and last. The
     * lines themselves are the transactions read model's, never the state's: a
     * busy cycle would outgrow the document (docs/architecture.md#bounded-aggregates).
     */
    transactionCount: number;
    firstTransactionId: string | null;
    lastTransactionId: string | null;
    /** When the cycle's newest posting posted (null: none yet): where the statement's lines end. */
    lastPostedAt: number | null;
  };
  statementCount: number;
  /** The day of the month payments fall due, set by the first statement (docs/domain.md#ledger). */
  dueDay: number | null;
  lastStatement: StatementSummary | null;
  /** What is still owed of each statement's minimum, oldest due date first (minimums.ts). */
  unpaidMinimums: UnpaidMinimum[];
  /** What recent payments paid of which minimum, so that a returned payment takes it back. */
  paymentsApplied: PaymentApplied[];
  /** Owed of minimums whose due date has ended, and the oldest such due date (from unpaidMinimums). */
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
  /** Credits and debits posted against a transaction (a provisional credit, its reversal): see disputed.ts. */
  disputeCredits: DisputeCredit[];
  /** Plans, hardship rates and pauses, re-ages collections asked for (arrangements.ts); absent before any. */
  arrangements?: Arrangements;
}

/** What is still owed of the part of the minimum one statement added. */
export interface UnpaidMinimum {
  statementId: string;
  dueDate: string; // local date
  payableUntil: string; // local date
  amount: number;
}

export interface DisputeCredit {
  /** The transaction credited (relatedTransactionId). */
  transactionId: string;
  /** Credited, or (negative) billed again. */
  amount: number;
  on: string; // local date posted
}

export interface PaymentApplied {
  transactionId: string;
  paid: UnpaidMinimum[];
  /** Paid beyond the minimums owed, until the next close: pays what a returned payment leaves unpaid. */
  beyondMinimums: number;
}

export interface DisputeHold {
  disputeId: string;
  transactionId: string;
  amount: number;
  /** A fee under dispute (a late fee the customer contests). */
  isFee: boolean;
}

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
  /** The sales application this account is opened for (docs/adr/0018-sales-applications-service.md). */
  applicationId?: string | null;
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
  /**
   * The request id is among the keyed postings already (sales' add-on fees
   * and refunds): it posts nothing, however far it has fallen out of
   * processedRequests (docs/adr/0026-sales-exactly-once-by-key.md).
   */
  postedBefore?: boolean;
}

export interface RunEndOfDay {
  kind: 'RunEndOfDay';
  /** Process every local day that has ended by this instant. */
  asOf: number;
  /** Id generator for statements and fee/interest transactions (keeps decide pure and testable). */
  newId: (prefix: string) => string;
}

/**
 * From disputes' events: hold a disputed amount while the dispute is open,
 * release it when resolved. `postedAt` is when the disputed transaction
 * posted (null or absent: unknown, taken as shown on the last statement).
 */
export type DisputeHoldCommand =
  | { kind: 'PlaceHold'; hold: DisputeHold; postedAt?: number | null }
  | { kind: 'ReleaseHold'; disputeId: string };

/** From collections: record a plan, a hardship rate or pause, or a re-age (arrangements.ts). */
export interface RecordArrangement {
  kind: 'RecordArrangement';
  request: Omit<LedgerAdjustmentArrangementRequestedV1, 'accountId' | 'requestedBy' | 'requestedAt'>;
  now: number;
}

export type AccountCommand =
  OpenAccount | PostTransaction | RequestAdjustment | RunEndOfDay | DisputeHoldCommand | RecordArrangement;

// ---- events ------------------------------------------------------------

export type AccountEvent =
  | { type: 'ledger.account.opened.v1'; payload: LedgerAccountOpenedV1 }
  | { type: 'ledger.transaction.posted.v1'; payload: LedgerTransactionPostedV1 }
  | { type: 'ledger.transaction.declined.v1'; payload: LedgerTransactionDeclinedV1 }
  | { type: 'ledger.statement.closed.v1'; payload: LedgerStatementClosedV1 }
  | { type: 'ledger.account.delinquency-changed.v1'; payload: LedgerAccountDelinquencyChangedV1 }
  | { type: 'ledger.account.adjustment-rejected.v1'; payload: LedgerAccountAdjustmentRejectedV1 }
  | { type: 'ledger.account.charged-off.v1'; payload: LedgerAccountChargedOffV1 }
  | { type: 'ledger.account.arrangement-recorded.v1'; payload: LedgerAccountArrangementRecordedV1 }
  /** Internal: a local day ended (interest base, EOD progress). Never published. */
  | { type: 'day-closed'; payload: { date: string; missedMinimum: number } }
  /** Internal: the holds changed (disputes publishes the facts; the ledger keeps their effect). */
  | { type: 'holds-changed'; payload: { holds: DisputeHold[] } }
  /** Internal: the last day a payment on the statement is on time (its due date or the next business day). */
  | { type: 'statement-payable'; payload: { statementId: string; payableUntil: string } }
  /** Internal: a dispute opened since the close changed the payment the last statement's due date asks for. */
  | {
      type: 'minimum-reassessed';
      payload: { statementId: string; disputesLeftOut: DisputeHold[]; required: number };
    };

const INTERNAL: ReadonlySet<AccountEvent['type']> = new Set([
  'day-closed',
  'holds-changed',
  'minimum-reassessed',
  'statement-payable',
]);

export function isPublished(e: AccountEvent): boolean {
  return !INTERNAL.has(e.type);
}

/** One command of the union, by its kind: what a command function takes. */
export type AccountCommandOf<K extends AccountCommand['kind']> = Extract<AccountCommand, { kind: K }>;

// ---- decide ------------------------------------------------------------

export function decide(cmd: AccountCommand, state: AccountState | null, policy: PolicyFor): AccountEvent[] {
  if (cmd.kind === 'OpenAccount') return openAccount(cmd, state);
  if (!state) throw new DomainError('NOT_FOUND', 'account not found');
  switch (cmd.kind) {
    case 'PostTransaction':
      return postTransaction(cmd, state);
    case 'RequestAdjustment':
      return requestAdjustment(cmd, state);
    case 'RunEndOfDay':
      return runEndOfDay(cmd, state, policy(state.market, state.productCode));
    case 'PlaceHold':
      return placeHold(cmd, state, policy(state.market, state.productCode));
    case 'ReleaseHold':
      return releaseHold(cmd, state);
    case 'RecordArrangement':
      return recordArrangement(cmd, state);
  }
}
