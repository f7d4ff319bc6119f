/**
 * The collections Case aggregate: one delinquency episode of one account,
 * from the ledger's move into a delinquent bucket until the account is
 * current again (docs/domain.md#collections). Pure: decide() turns a
 * command into events, evolve() folds an event into state. Commands carry
 * the time, generated ids and what the application read from its views (the
 * account's open disputes), so specs are deterministic.
 *
 * This file holds the state, the commands, the events, evolve and the
 * dispatch; each command is decided in the file of its concern:
 * delinquency.ts (open, bucket moves, recovery, cure), collectable.ts
 * (disputes, payments), promises.ts (promises to pay and their timer) with
 * promise-evolve.ts (their events folded),
 * contacts.ts (contact facts, the gate's decisions, outcomes), plans.ts
 * (repayment plans), relief.ts (hardship, re-ageing), whose events
 * relief-evolve.ts folds, and treatments.ts (the strategy runner).
 */
import type {
  CollectionsCaseBucketChangedV1,
  CollectionsCaseClosedV1,
  CollectionsCaseCollectableChangedV1,
  CollectionsCaseContactAttemptedV1,
  CollectionsCaseContactDecidedV1,
  CollectionsCaseContactFactsChangedV1,
  CollectionsCaseMovedToRecoveryV1,
  CollectionsCaseOpenedV1,
  CollectionsCasePromiseBrokenV1,
  CollectionsCasePromiseKeptV1,
  CollectionsCasePromiseMadeV1,
  CollectionsCaseStrategyAssignedV1,
} from '@cardline/schemas';
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { Bucket, LedgerBucket } from './buckets';
import type { CasePolicy } from './case-policy';
import { collectableOf, paymentsKept, recordPayment, syncDisputes } from './collectable';
import type { ContactRecord, Outcome } from './contact';
import {
  decideContact,
  evolveContacts,
  NO_FACTS,
  recordContactFacts,
  recordContactOutcome,
  type AttemptRequest,
  type ContactFacts,
  type PendingContact,
} from './contacts';
import { chargeOff, openCase, recordDelinquency } from './delinquency';
import { acceptPlan, checkPlans, proposePlan } from './plans';
import type { ContactRulePack, Market } from './policy';
import { evolvePromise } from './promise-evolve';
import { checkPromises, makePromise } from './promises';
import { endHardship, grantHardship, requestReAge } from './relief';
import { evolveRelief } from './relief-evolve';
import type { HardshipGrant, ReAgeDecision, ReliefCommand, ReliefEvent, RepaymentPlan } from './relief-types';
import { assignStrategy } from './strategies';
import type { TreatmentProgress } from './treatment-plan';
import { applyTreatment, evolveTreatment, type ApplyTreatment, type TreatmentEvent } from './treatments';

export { DomainError, type Actor };
export { activePromise, nextDueAt, suppressedUntil } from './case-deadlines';
export type * from './relief-types';

export type CaseStatus = 'OPEN' | 'CLOSED';
/** DELINQUENT: chasing what is past due; RECOVERY: the account was charged off, the balance is recovered. */
export type CaseStage = 'DELINQUENT' | 'RECOVERY';
export type PromiseStatus = 'ACTIVE' | 'KEPT' | 'BROKEN' | 'ENDED_WITH_CASE';

export interface HeldDispute {
  disputeId: string;
  amount: number;
}

/** A posting that pays (positive) or takes back a payment (negative), from the ledger. */
export interface CasePayment {
  transactionId: string;
  amount: number;
  postedAt: number;
}

export interface Instalment {
  amount: number;
  /** YYYY-MM-DD, the account's local calendar. */
  dueDate: string;
  /** When its grace ends: the start of the local day after the last grace day. */
  deadlineAt: number;
}

export interface PromiseToPay {
  promiseId: string;
  instalments: Instalment[];
  totalAmount: number;
  graceDays: number;
  actor: Actor;
  madeAt: number;
  status: PromiseStatus;
  /** Instalments already paid by their deadline, in order. */
  instalmentsMet: number;
  resolvedAt: number | null;
}

export interface CaseState {
  caseId: string;
  accountId: string;
  customerId: string | null;
  market: CollectionsCaseOpenedV1['market'];
  timeZone: string;
  currency: string;
  status: CaseStatus;
  stage: CaseStage;
  bucket: Bucket;
  daysPastDue: number;
  /** The ledger's last figure: the amount past due, or in recovery the balance kept for recovery. */
  ledgerAmount: number;
  /** When the ledger reported it: payments posted later lower it until the ledger reports again. */
  ledgerAsOf: number;
  openDisputes: HeldDispute[];
  collectableAmount: number;
  /** Recent payments (newest last), for the collectable amount and for promises. */
  payments: CasePayment[];
  /** Every promise, oldest first; history is never rewritten, only resolved. */
  promises: PromiseToPay[];
  /** After a broken promise: when the strategy takes the account up again. */
  strategyResumesAt: number | null;
  /** What the contact gate reads of the debtor (contacts.ts). */
  contactFacts: ContactFacts;
  /** Allowed attempts awaiting their outcome. */
  pendingContacts: PendingContact[];
  /** When the last attempt with a recorded outcome was made (the work queue's order). */
  lastContactAt: number | null;
  /** Repayment plans, hardship programmes and re-age decisions, oldest first (absent on cases stored before them). */
  plans?: RepaymentPlan[];
  hardships?: HardshipGrant[];
  reAges?: ReAgeDecision[];
  /** The strategy of the case's bucket and the variant the account's hash chose (strategies.ts). */
  strategy?: { strategyId: string; experimentId: string; variantId: string; assignedAt: number };
  /** How far the strategy runner got under the current strategy (treatment-plan.ts). */
  treatments?: TreatmentProgress;
  openedAt: number;
  closedAt: number | null;
}

// ---- commands ----------------------------------------------------------

/** What the ledger says about the account, from a delinquency change. */
export interface Delinquency {
  bucket: LedgerBucket;
  daysPastDue: number;
  amountPastDue: number;
  asOf: number;
}

export type CaseCommand =
  | ({
      kind: 'OpenCase';
      caseId: string;
      accountId: string;
      /** From collections' view of the ledger's account opening; null when it was never seen. */
      account: { customerId: string; market: CaseState['market']; timeZone: string } | null;
      currency: string;
      openDisputes: HeldDispute[];
      /** The contact facts of the account's last case, which the new one keeps (contacts.ts). */
      priorFacts?: ContactFacts;
      now: number;
    } & Delinquency)
  | ({ kind: 'RecordDelinquency'; now: number } & Delinquency)
  | { kind: 'ChargeOff'; daysPastDue: number; balance: number; chargedOffAt: number; now: number }
  | {
      kind: 'SyncDisputes';
      /** Every open dispute on the account, from collections' disputes view. */
      openDisputes: HeldDispute[];
      now: number;
    }
  | ({ kind: 'RecordPayment'; now: number } & CasePayment)
  | {
      kind: 'MakePromise';
      promiseId: string;
      instalments: { amount: number; dueDate: string }[];
      policy: CasePolicy;
      actor: Actor;
      now: number;
    }
  | { kind: 'CheckPromises'; now: number }
  | { kind: 'RecordContactFacts'; change: Partial<ContactFacts>; actor: Actor; now: number }
  | {
      kind: 'DecideContact';
      attemptId: string;
      attempt: AttemptRequest;
      /** A reference to the number or address, or a masked value; never the raw one. */
      contactRef: string | null;
      /** The debtor's recorded attempts and conversations (all their accounts), from the contact records. */
      history: readonly ContactRecord[];
      packs: Readonly<Record<Market, ContactRulePack>>;
      actor: Actor;
      now: number;
    }
  | {
      kind: 'RecordContactOutcome';
      attemptId: string;
      outcome: Outcome;
      recordingRef: string | null;
      hasNote: boolean;
      actor: Actor;
      now: number;
    }
  | ReliefCommand
  | ApplyTreatment;

/** One command of the union, by its kind: what a command function takes. */
export type CaseCommandOf<K extends CaseCommand['kind']> = Extract<CaseCommand, { kind: K }>;

// ---- events ------------------------------------------------------------

export type CaseEvent =
  | { type: 'collections.case.opened.v1'; payload: CollectionsCaseOpenedV1 }
  | { type: 'collections.case.bucket-changed.v1'; payload: CollectionsCaseBucketChangedV1 }
  | { type: 'collections.case.collectable-changed.v1'; payload: CollectionsCaseCollectableChangedV1 }
  | { type: 'collections.case.moved-to-recovery.v1'; payload: CollectionsCaseMovedToRecoveryV1 }
  | { type: 'collections.case.closed.v1'; payload: CollectionsCaseClosedV1 }
  | { type: 'collections.case.promise-made.v1'; payload: CollectionsCasePromiseMadeV1 }
  | { type: 'collections.case.promise-kept.v1'; payload: CollectionsCasePromiseKeptV1 }
  | { type: 'collections.case.promise-broken.v1'; payload: CollectionsCasePromiseBrokenV1 }
  | { type: 'collections.case.contact-facts-changed.v1'; payload: CollectionsCaseContactFactsChangedV1 }
  | { type: 'collections.case.contact-decided.v1'; payload: CollectionsCaseContactDecidedV1 }
  | { type: 'collections.case.contact-attempted.v1'; payload: CollectionsCaseContactAttemptedV1 }
  | ReliefEvent
  | { type: 'collections.case.strategy-assigned.v1'; payload: CollectionsCaseStrategyAssignedV1 }
  | TreatmentEvent
  /** Internal: a payment seen on the account (state only; its effect is published as collectable-changed). */
  | { type: 'internal.payment-recorded'; payload: CasePayment }
  /** Internal: the ledger's figure moved without a bucket move; or an instalment met by its deadline. */
  | {
      type: 'internal.past-due-reported';
      payload: { amountPastDue: number; daysPastDue: number; asOf: number };
    }
  | { type: 'internal.instalment-met'; payload: { promiseId: string; index: number } };

export function isPublished(e: CaseEvent): boolean {
  return !e.type.startsWith('internal.');
}

// ---- decide ------------------------------------------------------------

export function decide(cmd: CaseCommand, s: CaseState | null): CaseEvent[] {
  if (cmd.kind === 'OpenCase') return openCase(cmd, s);
  if (!s) throw new DomainError('NOT_FOUND', 'case not found');
  switch (cmd.kind) {
    case 'RecordDelinquency':
      return recordDelinquency(cmd, s);
    case 'ChargeOff':
      return chargeOff(cmd, s);
    case 'SyncDisputes':
      return syncDisputes(cmd, s);
    case 'RecordPayment':
      return recordPayment(cmd, s);
    case 'MakePromise':
      return makePromise(cmd, s);
    case 'CheckPromises':
      return checkPromises(cmd, s);
    case 'RecordContactFacts':
      return recordContactFacts(cmd, s);
    case 'DecideContact':
      return decideContact(cmd, s);
    case 'RecordContactOutcome':
      return recordContactOutcome(cmd, s);
    case 'ProposePlan':
      return proposePlan(cmd, s);
    case 'AcceptPlan':
      return acceptPlan(cmd, s);
    case 'CheckPlans':
      return [...checkPlans(cmd, s), ...endHardship(cmd, s)];
    case 'GrantHardship':
      return grantHardship(cmd, s);
    case 'RequestReAge':
      return requestReAge(cmd, s);
    case 'AssignStrategy':
      return assignStrategy(cmd, s);
    case 'ApplyTreatment':
      return applyTreatment(cmd, s);
  }
}

// ---- evolve ------------------------------------------------------------

const withCollectable = (s: CaseState): CaseState => ({ ...s, collectableAmount: collectableOf(s) });

export function evolve(s: CaseState | null, e: CaseEvent): CaseState {
  if (e.type === 'collections.case.opened.v1') {
    const p = e.payload;
    return {
      caseId: p.caseId,
      accountId: p.accountId,
      customerId: p.customerId,
      market: p.market,
      timeZone: p.timeZone,
      currency: p.currency,
      status: 'OPEN',
      // Recovery starts with the ledger's charge-off event, which carries the balance to recover.
      stage: 'DELINQUENT',
      bucket: p.bucket,
      daysPastDue: p.daysPastDue,
      ledgerAmount: p.amountPastDue,
      ledgerAsOf: p.openedAt,
      openDisputes: p.openDisputes,
      collectableAmount: p.collectableAmount,
      payments: [],
      promises: [],
      strategyResumesAt: null,
      contactFacts: NO_FACTS,
      pendingContacts: [],
      lastContactAt: null,
      openedAt: p.openedAt,
      closedAt: null,
    };
  }
  if (!s) throw new Error(`${e.type} before the case was opened`);
  switch (e.type) {
    case 'collections.case.bucket-changed.v1':
      return withCollectable({
        ...s,
        bucket: e.payload.bucket,
        daysPastDue: e.payload.daysPastDue,
        ...(s.stage === 'DELINQUENT' && {
          ledgerAmount: e.payload.amountPastDue,
          ledgerAsOf: e.payload.changedAt,
        }),
      });
    case 'internal.past-due-reported':
      return withCollectable({
        ...s,
        daysPastDue: e.payload.daysPastDue,
        ...(s.stage === 'DELINQUENT' && {
          ledgerAmount: e.payload.amountPastDue,
          ledgerAsOf: e.payload.asOf,
        }),
      });
    case 'collections.case.collectable-changed.v1':
      return withCollectable({ ...s, openDisputes: e.payload.openDisputes });
    case 'internal.payment-recorded':
      return withCollectable({ ...s, payments: paymentsKept([...s.payments, e.payload]) });
    case 'collections.case.moved-to-recovery.v1':
      return withCollectable({
        ...s,
        stage: 'RECOVERY',
        bucket: 'CHARGE_OFF',
        daysPastDue: e.payload.daysPastDue,
        ledgerAmount: e.payload.balance,
        ledgerAsOf: e.payload.movedAt,
      });
    case 'collections.case.closed.v1':
      return {
        ...s,
        status: 'CLOSED',
        closedAt: e.payload.closedAt,
        promises: s.promises.map((p) =>
          p.status === 'ACTIVE' ? { ...p, status: 'ENDED_WITH_CASE', resolvedAt: e.payload.closedAt } : p,
        ),
      };
    case 'collections.case.promise-made.v1':
    case 'internal.instalment-met':
    case 'collections.case.promise-kept.v1':
    case 'collections.case.promise-broken.v1':
      return evolvePromise(s, e);
    case 'collections.case.contact-facts-changed.v1':
    case 'collections.case.contact-decided.v1':
    case 'collections.case.contact-attempted.v1':
      return evolveContacts(s, e);
    case 'collections.case.strategy-assigned.v1': {
      const { strategyId, experimentId, variantId, assignedAt } = e.payload;
      return { ...s, strategy: { strategyId, experimentId, variantId, assignedAt } };
    }
    case 'collections.case.treatment-applied.v1':
      return evolveTreatment(s, e);
    default:
      return evolveRelief(s, e);
  }
}

export function fold(events: CaseEvent[], s: CaseState | null): CaseState | null {
  return events.reduce<CaseState | null>((acc, e) => evolve(acc, e), s);
}
