/**
 * The Dispute aggregate: one disputed transaction or fee, from notice to
 * resolution. Pure: decide() turns a command into events, evolve() folds an
 * event into state. Commands carry the time, the policy figures and what the
 * application read from its read models (the transaction, the statement that
 * showed it, recent fee waivers), so every rule is testable here.
 *
 * This file holds the state, the commands, the events, evolve and the
 * dispatch; each command is decided in the file of its concern: opening.ts,
 * clocks.ts (acknowledgement, the timer), money.ts (provisional credit,
 * resolution), goodwill.ts, chargeback.ts.
 *
 * Money moves only through the ledger: the decider emits
 * `ledger.adjustment.requested.v1` (keyed by accountId) with a requestId
 * derived from the dispute, so the ledger posts each at most once.
 */
import type {
  DisputesDisputeAcknowledgedV1,
  DisputesDisputeChargebackProgressedV1,
  DisputesDisputeClockBreachedV1,
  DisputesDisputeClockDueSoonV1,
  DisputesDisputeGoodwillDecidedV1,
  DisputesDisputeOpenedV1,
  DisputesDisputeProvisionalCreditIssuedV1,
  DisputesDisputeResolvedV1,
  LedgerAdjustmentRequestedV1,
} from '@cardline/schemas';
import { DomainError, type Actor } from '@cardline/platform/domain';
import { SYSTEM } from './actors';
import { openDispute } from './opening';
import { acknowledge, tick } from './clocks';
import { issueProvisionalCredit, resolve, withdraw } from './money';
import { decideCredit, type PendingCredit } from './approvals';
import { overrideGoodwill } from './goodwill';
import { escalatePreArbitration, fileArbitration, fileChargeback, recordNetworkStep } from './chargeback';
import type { DisputePolicy } from './policy';
import type { EntryMode, Network, Reason } from './reason-codes';

export type { EntryMode, Reason, Network };
export { DomainError, type Actor };
export { DECIDING_ROLES, NETWORK, SYSTEM } from './actors';
export { kindOf } from './opening';
export { nextDueAt } from './clocks';
export type Kind = 'FEE' | 'BILLING_ERROR' | 'FRAUD';
export type ClockName = 'ACKNOWLEDGE' | 'RESOLVE' | 'PROVISIONAL_CREDIT' | 'NETWORK_RESPONSE';
export type Stage = DisputesDisputeChargebackProgressedV1['stage'];
export type Step = DisputesDisputeChargebackProgressedV1['step'];
export type Outcome = 'CUSTOMER_WON' | 'MERCHANT_WON' | 'WITHDRAWN';

export interface Clock {
  dueAt: number;
  met: boolean;
  warned: boolean;
  breached: boolean;
}

export interface HistoryEntry {
  at: number;
  actor: Actor;
  action: string;
  detail: string;
}

export interface DisputeState {
  disputeId: string;
  caseId: string;
  accountId: string;
  customerId: string;
  cardId: string | null;
  network: Network;
  kind: Kind;
  reason: Reason;
  transactionId: string;
  transactionAmount: number;
  transactionPostedAt: number;
  disputedAmount: number;
  currency: string;
  statementId: string | null;
  /** Billing-error protection: needs notice within the window after the statement. */
  protection: DisputesDisputeOpenedV1['protection'];
  protectionDetail: string;
  /** Unauthorised use: the most the customer pays of this claim (the liability cap has no notice deadline); null for other kinds. */
  customerLiability: number | null;
  source: DisputesDisputeOpenedV1['source'];
  noticeAt: number;
  status: 'OPEN' | 'RESOLVED';
  clocks: Partial<Record<ClockName, Clock>>;
  acknowledgedAt: number | null;
  provisionalCredit: { requestId: string; amount: number; issuedAt: number } | null;
  goodwill: { decision: 'WAIVED' | 'DECLINED'; decidedBy: 'POLICY' | 'OVERRIDE'; reason: string } | null;
  chargeback: { reasonCode: string; stage: Stage; respondBy: number | null; issuersMove: boolean } | null;
  resolution: {
    outcome: Outcome;
    amount: number;
    creditAction: DisputesDisputeResolvedV1['creditAction'];
    explanation: string;
    at: number;
  } | null;
  /** Every step with actor and time: the dispute's audit trail. */
  history: HistoryEntry[];
  /** A credit waiting for a second approver (approvals.ts); absent on disputes stored before. */
  pendingCredit?: PendingCredit | null;
}

/** What the application read about the disputed transaction (from its ledger read model). */
export interface DisputedTransaction {
  transactionId: string;
  accountId: string;
  kind: string;
  direction: string;
  feeType: string | null;
  amount: number;
  currency: string;
  postedAt: number;
  cardId: string | null;
  /** The first statement that showed it, if it has closed. */
  statement: { statementId: string; closedAt: number } | null;
}

// ---- commands ----------------------------------------------------------

export type DisputeCommand =
  | {
      kind: 'Open';
      disputeId: string;
      caseId: string;
      /** The account's billing cycle closes at the end of `billingCycleDay` in `timeZone` (IANA). */
      account: { accountId: string; customerId: string; billingCycleDay: number; timeZone: string };
      transaction: DisputedTransaction;
      network: Network;
      reason: Reason;
      disputedAmount: number;
      noticeAt: number;
      source: DisputesDisputeOpenedV1['source'];
      /** Other fee requests: fee waivers granted on this account within the goodwill look-back (from the read model). */
      recentFeeWaivers: number;
      /** Late-fee requests: when the account's other late fees posted (from the read model). */
      earlierLateFeesAt: number[];
      /** Unauthorised use: the liability already assigned to the other claims of this case (one notice). */
      liabilityInCase: number;
      actor: Actor;
      now: number;
    }
  | { kind: 'Acknowledge'; actor: Actor; now: number }
  | { kind: 'IssueProvisionalCredit'; amount: number; actor: Actor; now: number }
  | { kind: 'OverrideGoodwill'; decision: 'WAIVED' | 'DECLINED'; reason: string; actor: Actor; now: number }
  /** `entryMode`: how the card was used, as the analyst read it from the network's authorisation record. */
  | { kind: 'FileChargeback'; entryMode: EntryMode; actor: Actor; now: number }
  | { kind: 'EscalatePreArbitration'; actor: Actor; now: number }
  | { kind: 'FileArbitration'; actor: Actor; now: number }
  | {
      kind: 'RecordNetworkStep';
      step: Extract<
        Step,
        | 'MERCHANT_ACCEPTED'
        | 'MERCHANT_REPRESENTED'
        | 'PRE_ARBITRATION_ACCEPTED'
        | 'PRE_ARBITRATION_DECLINED'
        | 'RULED_FOR_CARDHOLDER'
        | 'RULED_FOR_MERCHANT'
      >;
      note: string | null;
      now: number;
    }
  | {
      kind: 'Resolve';
      outcome: 'CUSTOMER_WON' | 'MERCHANT_WON';
      explanation: string;
      actor: Actor;
      now: number;
    }
  | { kind: 'Withdraw'; explanation: string; actor: Actor; now: number }
  | { kind: 'DecideCredit'; approve: boolean; actor: Actor; now: number }
  /** The durable timer: fire due-soon and breach events, issue provisional credit when due. */
  | { kind: 'Tick'; now: number };

// ---- events ------------------------------------------------------------

export type DisputeEvent =
  | { type: 'disputes.dispute.opened.v1'; payload: DisputesDisputeOpenedV1 }
  | { type: 'disputes.dispute.acknowledged.v1'; payload: DisputesDisputeAcknowledgedV1 }
  | { type: 'disputes.dispute.clock-due-soon.v1'; payload: DisputesDisputeClockDueSoonV1 }
  | { type: 'disputes.dispute.clock-breached.v1'; payload: DisputesDisputeClockBreachedV1 }
  | {
      type: 'disputes.dispute.provisional-credit-issued.v1';
      payload: DisputesDisputeProvisionalCreditIssuedV1;
    }
  | { type: 'disputes.dispute.goodwill-decided.v1'; payload: DisputesDisputeGoodwillDecidedV1 }
  | { type: 'disputes.dispute.chargeback-progressed.v1'; payload: DisputesDisputeChargebackProgressedV1 }
  | { type: 'disputes.dispute.resolved.v1'; payload: DisputesDisputeResolvedV1 }
  | { type: 'ledger.adjustment.requested.v1'; payload: LedgerAdjustmentRequestedV1; subject: string }
  /** Internal (not published): a credit waiting for a second approver, and its decision (approvals.ts). */
  | { type: 'internal.credit-approval-requested'; payload: PendingCredit }
  | { type: 'internal.credit-approval-decided'; payload: { approved: boolean; actor: Actor; at: number } };

export const isPublished = (e: DisputeEvent): boolean => !e.type.startsWith('internal.');

/** One command of the union, by its kind: what a command function takes. */
export type DisputeCommandOf<K extends DisputeCommand['kind']> = Extract<DisputeCommand, { kind: K }>;

// ---- decide ------------------------------------------------------------

export function decide(cmd: DisputeCommand, s: DisputeState | null, p: DisputePolicy): DisputeEvent[] {
  if (cmd.kind === 'Open') return openDispute(cmd, s, p);
  if (!s) throw new DomainError('NOT_FOUND', 'dispute not found');
  if (cmd.kind === 'Tick') return tick(cmd, s, p);
  if (s.status !== 'OPEN')
    throw new DomainError(
      'INVALID_STATE',
      `dispute ${s.disputeId} is already resolved (${s.resolution?.outcome})`,
    );
  switch (cmd.kind) {
    case 'Acknowledge':
      return acknowledge(cmd, s);
    case 'IssueProvisionalCredit':
      return issueProvisionalCredit(cmd, s, p);
    case 'OverrideGoodwill':
      return overrideGoodwill(cmd, s);
    case 'FileChargeback':
      return fileChargeback(cmd, s, p);
    case 'EscalatePreArbitration':
      return escalatePreArbitration(cmd, s, p);
    case 'FileArbitration':
      return fileArbitration(cmd, s, p);
    case 'RecordNetworkStep':
      return recordNetworkStep(cmd, s, p);
    case 'Resolve':
      return resolve(cmd, s, p);
    case 'Withdraw':
      return withdraw(cmd, s);
    case 'DecideCredit':
      return decideCredit(cmd, s);
  }
}

// ---- evolve ------------------------------------------------------------

const clock = (dueAt: number): Clock => ({ dueAt, met: false, warned: false, breached: false });

function record(s: DisputeState, at: number, actor: Actor, action: string, detail: string): DisputeState {
  return { ...s, history: [...s.history, { at, actor, action, detail }] };
}

function markClock(s: DisputeState, name: ClockName, change: Partial<Clock>): DisputeState {
  const c = s.clocks[name];
  return c ? { ...s, clocks: { ...s.clocks, [name]: { ...c, ...change } } } : s;
}

export function evolve(s: DisputeState | null, e: DisputeEvent): DisputeState {
  if (e.type === 'disputes.dispute.opened.v1') {
    const p = e.payload;
    const clocks: DisputeState['clocks'] = {
      ACKNOWLEDGE: clock(p.acknowledgeDueAt),
      RESOLVE: clock(p.resolveDueAt),
    };
    if (p.provisionalCreditDueAt !== null) clocks.PROVISIONAL_CREDIT = clock(p.provisionalCreditDueAt);
    return record(
      {
        disputeId: p.disputeId,
        caseId: p.caseId,
        accountId: p.accountId,
        customerId: p.customerId,
        cardId: p.cardId,
        network: p.network,
        kind: p.kind as Kind,
        reason: p.reason as Reason,
        transactionId: p.transactionId,
        transactionAmount: p.transactionAmount,
        transactionPostedAt: p.transactionPostedAt,
        disputedAmount: p.disputedAmount,
        currency: p.currency,
        statementId: p.statementId,
        protection: p.protection,
        protectionDetail: p.protectionDetail,
        customerLiability: p.customerLiability,
        source: p.source,
        noticeAt: p.noticeAt,
        status: 'OPEN',
        clocks,
        acknowledgedAt: null,
        provisionalCredit: null,
        goodwill: null,
        chargeback: null,
        resolution: null,
        history: [],
      },
      p.openedAt,
      p.actor,
      'opened',
      `${p.reason} on ${p.transactionId}: ${p.disputedAmount} ${p.currency}; ${p.protectionDetail}`,
    );
  }
  if (!s) throw new Error(`${e.type} before the dispute was opened`);
  switch (e.type) {
    case 'disputes.dispute.acknowledged.v1':
      return record(
        markClock({ ...s, acknowledgedAt: e.payload.acknowledgedAt }, 'ACKNOWLEDGE', { met: true }),
        e.payload.acknowledgedAt,
        e.payload.actor,
        'acknowledged',
        'written acknowledgement sent',
      );
    case 'disputes.dispute.clock-due-soon.v1':
      return record(
        markClock(s, e.payload.clock as ClockName, { warned: true }),
        e.payload.firedAt,
        SYSTEM,
        'clock due soon',
        `${e.payload.clock} due ${new Date(e.payload.dueAt).toISOString()}`,
      );
    case 'disputes.dispute.clock-breached.v1':
      return record(
        markClock(s, e.payload.clock as ClockName, { breached: true, warned: true }),
        e.payload.firedAt,
        SYSTEM,
        'clock breached',
        `${e.payload.clock} was due ${new Date(e.payload.dueAt).toISOString()}`,
      );
    case 'disputes.dispute.provisional-credit-issued.v1':
      return record(
        markClock(
          {
            ...s,
            provisionalCredit: {
              requestId: e.payload.requestId,
              amount: e.payload.amount,
              issuedAt: e.payload.issuedAt,
            },
          },
          'PROVISIONAL_CREDIT',
          { met: true },
        ),
        e.payload.issuedAt,
        e.payload.actor,
        'provisional credit',
        `${e.payload.amount} ${e.payload.currency} asked of the ledger (${e.payload.requestId})`,
      );
    case 'disputes.dispute.goodwill-decided.v1':
      return record(
        {
          ...s,
          goodwill: {
            decision: e.payload.decision,
            decidedBy: e.payload.decidedBy,
            reason: e.payload.reason,
          },
        },
        e.payload.decidedAt,
        e.payload.actor,
        `goodwill ${e.payload.decision.toLowerCase()} (${e.payload.decidedBy.toLowerCase()})`,
        e.payload.reason,
      );
    case 'disputes.dispute.chargeback-progressed.v1': {
      const p = e.payload;
      const issuersMove = p.step === 'MERCHANT_REPRESENTED' || p.step === 'PRE_ARBITRATION_DECLINED';
      let next: DisputeState = {
        ...s,
        chargeback: { reasonCode: p.reasonCode, stage: p.stage, respondBy: p.respondBy, issuersMove },
      };
      // The issuer's own deadlines in the network process are a clock; the merchant's are the network's.
      next =
        issuersMove && p.respondBy !== null
          ? { ...next, clocks: { ...next.clocks, NETWORK_RESPONSE: clock(p.respondBy) } }
          : markClock(next, 'NETWORK_RESPONSE', { met: true });
      return record(
        next,
        p.at,
        p.actor,
        `chargeback ${p.step.toLowerCase().replace(/_/g, ' ')}`,
        `${p.network} ${p.reasonCode}, stage ${p.stage}${p.note ? `: ${p.note}` : ''}`,
      );
    }
    case 'disputes.dispute.resolved.v1': {
      const p = e.payload;
      const clocks = Object.fromEntries(Object.entries(s.clocks).map(([k, c]) => [k, { ...c, met: true }]));
      return record(
        {
          ...s,
          status: 'RESOLVED',
          clocks,
          pendingCredit: null,
          resolution: {
            outcome: p.outcome as Outcome,
            amount: p.amount,
            creditAction: p.creditAction,
            explanation: p.explanation,
            at: p.resolvedAt,
          },
        },
        p.resolvedAt,
        p.actor,
        `resolved ${p.outcome.toLowerCase().replace(/_/g, ' ')}`,
        `${p.creditAction.toLowerCase().replace(/_/g, ' ')}: ${p.explanation}`,
      );
    }
    case 'ledger.adjustment.requested.v1':
      return s; // the money movement is recorded by the event that asked for it
    case 'internal.credit-approval-requested': {
      const p = e.payload;
      return record(
        { ...s, pendingCredit: p },
        p.at,
        p.requestedBy,
        'credit awaits a second approver',
        `${p.action.toLowerCase().replace(/_/g, ' ')} of ${p.amount} ${s.currency}`,
      );
    }
    case 'internal.credit-approval-decided': {
      const p = e.payload;
      const asked = s.pendingCredit;
      return record(
        { ...s, pendingCredit: null },
        p.at,
        p.actor,
        p.approved ? 'credit approved' : 'credit declined',
        asked ? `${asked.amount} ${s.currency} asked by ${asked.requestedBy.id}` : '',
      );
    }
  }
}

export function fold(events: DisputeEvent[], s: DisputeState | null): DisputeState | null {
  return events.reduce<DisputeState | null>((acc, e) => evolve(acc, e), s);
}
