/**
 * The Dispute aggregate: one disputed transaction or fee, from notice to
 * resolution. Pure: decide() turns a command into events, evolve() folds an
 * event into state. Commands carry the time, the policy figures and what the
 * application read from its read models (the transaction, the statement that
 * showed it, recent fee waivers), so every rule is testable here.
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
import { DomainError, type Actor } from '@cardline/platform';
import { DAY, addBusinessDays, monthsBefore, resolveDueAt, type DisputePolicy } from './policy';
import { reasonCodeFor, type Network, type Reason } from './reason-codes';

export type { Reason, Network };
export { DomainError, type Actor };
export type Kind = 'FEE' | 'BILLING_ERROR' | 'FRAUD';
export type ClockName = 'ACKNOWLEDGE' | 'RESOLVE' | 'PROVISIONAL_CREDIT' | 'NETWORK_RESPONSE';
export type Stage = DisputesDisputeChargebackProgressedV1['stage'];
export type Step = DisputesDisputeChargebackProgressedV1['step'];
export type Outcome = 'CUSTOMER_WON' | 'MERCHANT_WON' | 'WITHDRAWN';

/** The policy or the card network acting on its own. */
export const SYSTEM: Actor = { id: 'disputes-policy', role: 'SYSTEM' };
export const NETWORK: Actor = { id: 'card-network', role: 'SYSTEM' };

/** Who may decide: resolve, override the goodwill policy. Agents open and acknowledge. */
export const DECIDING_ROLES = ['dispute_analyst', 'supervisor', 'admin'];

export function kindOf(reason: Reason): Kind {
  if (reason === 'LATE_FEE' || reason === 'OTHER_FEE') return 'FEE';
  return reason === 'UNAUTHORISED' ? 'FRAUD' : 'BILLING_ERROR';
}

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
  protection: DisputesDisputeOpenedV1['protection'];
  protectionDetail: string;
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
      account: { accountId: string; customerId: string; billingCycleDay: number };
      transaction: DisputedTransaction;
      network: Network;
      reason: Reason;
      disputedAmount: number;
      noticeAt: number;
      source: DisputesDisputeOpenedV1['source'];
      /** Fee waivers granted on this account within the goodwill look-back (from the read model). */
      recentFeeWaivers: number;
      actor: Actor;
      now: number;
    }
  | { kind: 'Acknowledge'; actor: Actor; now: number }
  | { kind: 'IssueProvisionalCredit'; amount: number; actor: Actor; now: number }
  | { kind: 'OverrideGoodwill'; decision: 'WAIVED' | 'DECLINED'; reason: string; actor: Actor; now: number }
  | { kind: 'FileChargeback'; actor: Actor; now: number }
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
  | { type: 'ledger.adjustment.requested.v1'; payload: LedgerAdjustmentRequestedV1; subject: string };

const days = (ms: number) => Math.floor(ms / DAY);

function adjustment(
  s: Pick<DisputeState, 'disputeId' | 'accountId' | 'currency' | 'transactionId'>,
  what: 'provisional' | 'reversal' | 'credit' | 'fee-waiver',
  amount: number,
  reason: string,
  now: number,
): DisputeEvent {
  const kind = {
    provisional: 'PROVISIONAL_CREDIT',
    reversal: 'PROVISIONAL_CREDIT_REVERSAL',
    credit: 'DISPUTE_CREDIT',
    'fee-waiver': 'FEE_WAIVER',
  } as const;
  return {
    type: 'ledger.adjustment.requested.v1',
    subject: s.accountId,
    payload: {
      requestId: `${s.disputeId}:${what}`,
      accountId: s.accountId,
      direction: what === 'reversal' ? 'DEBIT' : 'CREDIT',
      kind: kind[what],
      amount,
      currency: s.currency,
      reason,
      relatedTransactionId: s.transactionId,
      requestedBy: 'disputes',
      requestedAt: now,
    },
  };
}

function provisionalCredit(s: DisputeState, amount: number, actor: Actor, now: number): DisputeEvent[] {
  const ids = { disputeId: s.disputeId, accountId: s.accountId };
  return [
    {
      type: 'disputes.dispute.provisional-credit-issued.v1',
      payload: {
        ...ids,
        requestId: `${s.disputeId}:provisional`,
        amount,
        currency: s.currency,
        actor,
        issuedAt: now,
      },
    },
    adjustment(s, 'provisional', amount, `Provisional credit while dispute ${s.disputeId} is open`, now),
  ];
}

/** The end of a dispute and the money movement it implies. */
function resolution(
  s: DisputeState,
  outcome: Outcome,
  explanation: string,
  actor: Actor,
  now: number,
): DisputeEvent[] {
  const events: DisputeEvent[] = [];
  let creditAction: DisputesDisputeResolvedV1['creditAction'] = 'NONE';
  let amount = 0;
  const pc = s.provisionalCredit;
  if (outcome === 'CUSTOMER_WON') {
    amount = s.disputedAmount;
    if (pc && pc.amount >= s.disputedAmount) creditAction = 'PROVISIONAL_MADE_PERMANENT';
    else {
      creditAction = 'CREDITED';
      const what = s.kind === 'FEE' ? 'fee-waiver' : 'credit';
      events.push(
        adjustment(
          s,
          what,
          s.disputedAmount - (pc?.amount ?? 0),
          `Dispute ${s.disputeId} resolved in the customer's favour`,
          now,
        ),
      );
    }
  } else if (pc) {
    // Merchant won or withdrawn: the provisional credit is reversed, i.e. the amount is billed again.
    creditAction = 'PROVISIONAL_REVERSED';
    amount = pc.amount;
    events.push(adjustment(s, 'reversal', pc.amount, `Dispute ${s.disputeId}: ${explanation}`, now));
  }
  return [
    {
      type: 'disputes.dispute.resolved.v1',
      payload: {
        disputeId: s.disputeId,
        accountId: s.accountId,
        outcome,
        amount,
        currency: s.currency,
        creditAction,
        explanation,
        actor,
        resolvedAt: now,
      },
    },
    ...events,
  ];
}

function progressed(
  s: DisputeState,
  step: Step,
  stage: Stage,
  respondBy: number | null,
  note: string | null,
  actor: Actor,
  now: number,
): DisputeEvent {
  return {
    type: 'disputes.dispute.chargeback-progressed.v1',
    payload: {
      disputeId: s.disputeId,
      accountId: s.accountId,
      network: s.network,
      reasonCode: s.chargeback?.reasonCode ?? reasonCodeFor(s.network, s.reason) ?? '',
      stage,
      step,
      respondBy,
      note,
      actor,
      at: now,
    },
  };
}

// ---- decide ------------------------------------------------------------

export function decide(cmd: DisputeCommand, s: DisputeState | null, p: DisputePolicy): DisputeEvent[] {
  if (cmd.kind === 'Open') {
    if (s) throw new DomainError('ALREADY_EXISTS', `dispute ${cmd.disputeId} already exists`);
    return decideOpen(cmd, p);
  }
  if (!s) throw new DomainError('NOT_FOUND', 'dispute not found');
  if (cmd.kind === 'Tick') return decideTick(cmd.now, s, p);
  if (s.status !== 'OPEN')
    throw new DomainError(
      'INVALID_STATE',
      `dispute ${s.disputeId} is already resolved (${s.resolution?.outcome})`,
    );
  const ids = { disputeId: s.disputeId, accountId: s.accountId };
  const requireDecider = (what: string, actor: Actor) => {
    if (!DECIDING_ROLES.includes(actor.role))
      throw new DomainError('FORBIDDEN', `${what} needs one of the roles ${DECIDING_ROLES.join(', ')}`);
  };
  switch (cmd.kind) {
    case 'Acknowledge':
      if (s.acknowledgedAt !== null)
        throw new DomainError('INVALID_STATE', `dispute ${s.disputeId} is already acknowledged`);
      return [
        {
          type: 'disputes.dispute.acknowledged.v1',
          payload: { ...ids, actor: cmd.actor, acknowledgedAt: cmd.now },
        },
      ];
    case 'IssueProvisionalCredit':
      if (s.kind === 'FEE')
        throw new DomainError('INVALID', 'a fee request is waived or not; it gets no provisional credit');
      if (s.provisionalCredit)
        throw new DomainError('INVALID_STATE', `dispute ${s.disputeId} already has provisional credit`);
      if (!Number.isInteger(cmd.amount) || cmd.amount <= 0 || cmd.amount > s.disputedAmount)
        throw new DomainError(
          'INVALID',
          `credit must be a positive amount no larger than the disputed ${s.disputedAmount}`,
        );
      return provisionalCredit(s, cmd.amount, cmd.actor, cmd.now);
    case 'OverrideGoodwill': {
      if (s.kind !== 'FEE') throw new DomainError('INVALID', 'only fee requests have a goodwill decision');
      requireDecider('overriding the goodwill policy', cmd.actor);
      if (!cmd.reason.trim()) throw new DomainError('INVALID', 'an override needs a reason');
      const decided: DisputeEvent = {
        type: 'disputes.dispute.goodwill-decided.v1',
        payload: {
          ...ids,
          decision: cmd.decision,
          decidedBy: 'OVERRIDE',
          reason: cmd.reason,
          actor: cmd.actor,
          decidedAt: cmd.now,
        },
      };
      return [
        decided,
        ...resolution(
          s,
          cmd.decision === 'WAIVED' ? 'CUSTOMER_WON' : 'MERCHANT_WON',
          cmd.reason,
          cmd.actor,
          cmd.now,
        ),
      ];
    }
    case 'FileChargeback': {
      if (s.chargeback)
        throw new DomainError('INVALID_STATE', `a chargeback was already filed (${s.chargeback.stage})`);
      const code = reasonCodeFor(s.network, s.reason);
      if (!code) throw new DomainError('INVALID', `no chargeback for ${s.reason} on ${s.network}`);
      if (cmd.now > s.transactionPostedAt + p.chargebackFilingDays * DAY)
        throw new DomainError('INVALID', `past the ${p.chargebackFilingDays}-day filing limit`);
      return [
        progressed(
          { ...s, chargeback: null },
          'FILED',
          'CHARGEBACK',
          cmd.now + p.merchantResponseDays * DAY,
          null,
          cmd.actor,
          cmd.now,
        ),
      ];
    }
    case 'EscalatePreArbitration':
      if (s.chargeback?.stage !== 'REPRESENTMENT')
        throw new DomainError(
          'INVALID_STATE',
          `pre-arbitration follows a representment; the chargeback is ${s.chargeback?.stage ?? 'not filed'}`,
        );
      return [
        progressed(
          s,
          'PRE_ARBITRATION_FILED',
          'PRE_ARBITRATION',
          cmd.now + p.merchantResponseDays * DAY,
          null,
          cmd.actor,
          cmd.now,
        ),
      ];
    case 'FileArbitration':
      if (s.chargeback?.stage !== 'PRE_ARBITRATION' || !s.chargeback.issuersMove)
        throw new DomainError('INVALID_STATE', 'arbitration follows a declined pre-arbitration');
      return [progressed(s, 'ARBITRATION_FILED', 'ARBITRATION', null, null, cmd.actor, cmd.now)];
    case 'RecordNetworkStep':
      return decideNetworkStep(cmd, s, p);
    case 'Resolve':
      requireDecider('resolving a dispute', cmd.actor);
      if (cmd.outcome === 'MERCHANT_WON' && !cmd.explanation.trim())
        throw new DomainError(
          'INVALID',
          'a dispute the merchant wins needs a written explanation for the customer',
        );
      return resolution(s, cmd.outcome, cmd.explanation, cmd.actor, cmd.now);
    case 'Withdraw':
      return resolution(s, 'WITHDRAWN', cmd.explanation, cmd.actor, cmd.now);
  }
}

function decideOpen(cmd: Extract<DisputeCommand, { kind: 'Open' }>, p: DisputePolicy): DisputeEvent[] {
  const t = cmd.transaction;
  const kind = kindOf(cmd.reason);
  if (t.accountId !== cmd.account.accountId)
    throw new DomainError(
      'NOT_FOUND',
      `transaction ${t.transactionId} is not on account ${cmd.account.accountId}`,
    );
  if (kind === 'FEE') {
    if (t.kind !== 'FEE')
      throw new DomainError('INVALID', `transaction ${t.transactionId} is a ${t.kind}, not a fee`);
    if (cmd.reason === 'LATE_FEE' && t.feeType !== 'LATE')
      throw new DomainError('INVALID', `transaction ${t.transactionId} is not a late fee`);
  } else if (t.kind !== 'PURCHASE' || t.direction !== 'DEBIT') {
    throw new DomainError(
      'INVALID',
      `only purchases can be disputed as ${cmd.reason}; ${t.transactionId} is a ${t.kind}`,
    );
  }
  if (!Number.isInteger(cmd.disputedAmount) || cmd.disputedAmount <= 0)
    throw new DomainError('INVALID', 'the disputed amount must be a positive integer of minor units');
  if (cmd.disputedAmount > t.amount)
    throw new DomainError(
      'INVALID',
      `the disputed amount ${cmd.disputedAmount} is above the charge of ${t.amount}`,
    );
  if (cmd.noticeAt > cmd.now) throw new DomainError('INVALID', 'the notice cannot be in the future');

  let protection: DisputesDisputeOpenedV1['protection'];
  let protectionDetail: string;
  if (kind === 'FEE') {
    protection = 'NOT_APPLICABLE';
    protectionDetail = 'a fee waiver request is decided by the goodwill policy';
  } else if (!t.statement) {
    protection = 'BILLING_ERROR_PROTECTED';
    protectionDetail = 'noticed before the transaction appeared on a statement';
  } else {
    const after = days(cmd.noticeAt - t.statement.closedAt);
    protection = after <= p.noticeWindowDays ? 'BILLING_ERROR_PROTECTED' : 'OUTSIDE_NOTICE_WINDOW';
    protectionDetail =
      after <= p.noticeWindowDays
        ? `noticed ${after} days after statement ${t.statement.statementId}, within ${p.noticeWindowDays}`
        : `noticed ${after} days after statement ${t.statement.statementId}; billing-error protection needs notice within ${p.noticeWindowDays} days`;
  }
  const acknowledgeDueAt = cmd.noticeAt + p.acknowledgeDays * DAY;
  const resolveDue = resolveDueAt(cmd.noticeAt, cmd.account.billingCycleDay, p);
  const provisionalCreditDueAt =
    protection === 'BILLING_ERROR_PROTECTED'
      ? addBusinessDays(cmd.noticeAt, p.provisionalCreditBusinessDays)
      : null;
  const opened: DisputeEvent = {
    type: 'disputes.dispute.opened.v1',
    payload: {
      disputeId: cmd.disputeId,
      caseId: cmd.caseId,
      accountId: cmd.account.accountId,
      customerId: cmd.account.customerId,
      cardId: t.cardId,
      kind,
      reason: cmd.reason,
      transactionId: t.transactionId,
      transactionAmount: t.amount,
      transactionPostedAt: t.postedAt,
      network: cmd.network,
      disputedAmount: cmd.disputedAmount,
      currency: t.currency,
      statementId: t.statement?.statementId ?? null,
      protection,
      protectionDetail,
      noticeAt: cmd.noticeAt,
      acknowledgeDueAt,
      resolveDueAt: resolveDue,
      provisionalCreditDueAt,
      source: cmd.source,
      actor: cmd.actor,
      openedAt: cmd.now,
    },
  };
  const s = evolve(null, opened);
  if (kind === 'FRAUD' && protection === 'BILLING_ERROR_PROTECTED')
    // Zero liability for unauthorised use: credit at once rather than at the provisional-credit deadline.
    return [opened, ...provisionalCredit(s, cmd.disputedAmount, SYSTEM, cmd.now)];
  if (kind === 'FEE') {
    const waive = cmd.recentFeeWaivers < p.goodwillMaxWaivers;
    const decided: DisputeEvent = {
      type: 'disputes.dispute.goodwill-decided.v1',
      payload: {
        disputeId: cmd.disputeId,
        accountId: cmd.account.accountId,
        decision: waive ? 'WAIVED' : 'DECLINED',
        decidedBy: 'POLICY',
        reason: waive
          ? `no fee waived in the last ${p.goodwillLookbackMonths} months`
          : `${cmd.recentFeeWaivers} fee(s) already waived since ${new Date(monthsBefore(cmd.now, p.goodwillLookbackMonths)).toISOString().slice(0, 10)}`,
        actor: SYSTEM,
        decidedAt: cmd.now,
      },
    };
    return waive
      ? [
          opened,
          decided,
          ...resolution(s, 'CUSTOMER_WON', 'Fee waived as a goodwill gesture', SYSTEM, cmd.now),
        ]
      : [opened, decided];
  }
  return [opened];
}

function decideNetworkStep(
  cmd: Extract<DisputeCommand, { kind: 'RecordNetworkStep' }>,
  s: DisputeState,
  p: DisputePolicy,
): DisputeEvent[] {
  const stage = s.chargeback?.stage;
  const expects: Record<typeof cmd.step, Stage> = {
    MERCHANT_ACCEPTED: 'CHARGEBACK',
    MERCHANT_REPRESENTED: 'CHARGEBACK',
    PRE_ARBITRATION_ACCEPTED: 'PRE_ARBITRATION',
    PRE_ARBITRATION_DECLINED: 'PRE_ARBITRATION',
    RULED_FOR_CARDHOLDER: 'ARBITRATION',
    RULED_FOR_MERCHANT: 'ARBITRATION',
  };
  if (stage !== expects[cmd.step] || (stage === 'PRE_ARBITRATION' && s.chargeback?.issuersMove))
    throw new DomainError('INVALID_STATE', `${cmd.step} does not follow stage ${stage ?? 'none'}`);
  const issuerDeadline = cmd.now + p.issuerResponseDays * DAY;
  switch (cmd.step) {
    case 'MERCHANT_REPRESENTED':
      return [progressed(s, cmd.step, 'REPRESENTMENT', issuerDeadline, cmd.note, NETWORK, cmd.now)];
    case 'PRE_ARBITRATION_DECLINED':
      return [progressed(s, cmd.step, 'PRE_ARBITRATION', issuerDeadline, cmd.note, NETWORK, cmd.now)];
    case 'MERCHANT_ACCEPTED':
    case 'PRE_ARBITRATION_ACCEPTED':
    case 'RULED_FOR_CARDHOLDER':
      return [
        progressed(s, cmd.step, 'CLOSED', null, cmd.note, NETWORK, cmd.now),
        ...resolution(
          s,
          'CUSTOMER_WON',
          `The merchant's bank ${cmd.step === 'RULED_FOR_CARDHOLDER' ? 'lost at arbitration' : 'accepted the chargeback'}`,
          NETWORK,
          cmd.now,
        ),
      ];
    case 'RULED_FOR_MERCHANT':
      return [
        progressed(s, cmd.step, 'CLOSED', null, cmd.note, NETWORK, cmd.now),
        ...resolution(
          s,
          'MERCHANT_WON',
          cmd.note ?? 'The card network ruled for the merchant at arbitration',
          NETWORK,
          cmd.now,
        ),
      ];
  }
}

/** Each clock warns once and breaches once; a due provisional credit is issued instead of breached. */
function decideTick(now: number, s: DisputeState, p: DisputePolicy): DisputeEvent[] {
  if (s.status !== 'OPEN') return [];
  const events: DisputeEvent[] = [];
  const ids = { disputeId: s.disputeId, accountId: s.accountId };
  for (const [name, c] of Object.entries(s.clocks) as [ClockName, Clock][]) {
    if (c.met) continue;
    if (name === 'PROVISIONAL_CREDIT' && now >= c.dueAt && !s.provisionalCredit) {
      events.push(...provisionalCredit(s, s.disputedAmount, SYSTEM, now));
      continue;
    }
    if (!c.warned && !c.breached && now >= c.dueAt - p.dueSoonDays * DAY && now < c.dueAt)
      events.push({
        type: 'disputes.dispute.clock-due-soon.v1',
        payload: { ...ids, clock: name, dueAt: c.dueAt, firedAt: now },
      });
    if (!c.breached && now >= c.dueAt)
      events.push({
        type: 'disputes.dispute.clock-breached.v1',
        payload: { ...ids, clock: name, dueAt: c.dueAt, firedAt: now },
      });
  }
  return events;
}

/** When the timer next needs to look at this dispute (null: never again). */
export function nextDueAt(s: DisputeState, p: DisputePolicy): number | null {
  if (s.status !== 'OPEN') return null;
  const times: number[] = [];
  for (const [name, c] of Object.entries(s.clocks) as [ClockName, Clock][]) {
    if (c.met || c.breached) continue;
    if (name !== 'PROVISIONAL_CREDIT' && !c.warned) times.push(c.dueAt - p.dueSoonDays * DAY);
    times.push(c.dueAt);
  }
  return times.length ? Math.min(...times) : null;
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
  }
}

export function fold(events: DisputeEvent[], s: DisputeState | null): DisputeState | null {
  return events.reduce<DisputeState | null>((acc, e) => evolve(acc, e), s);
}
