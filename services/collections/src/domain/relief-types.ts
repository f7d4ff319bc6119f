/**
 * The Case aggregate's share for repayment plans, hardship programmes,
 * re-ageing and strategies (docs/adr/0021-collections-plans-hardship-reage.md):
 * their state, commands and events. case.ts joins them into its unions;
 * plans.ts, relief.ts and strategies.ts decide them, relief-evolve.ts folds them.
 */
import type {
  CollectionsCaseHardshipEndedV1,
  CollectionsCaseHardshipGrantedV1,
  CollectionsCasePlanAcceptedV1,
  CollectionsCasePlanBrokenV1,
  CollectionsCasePlanCompletedV1,
  CollectionsCasePlanInstalmentKeptV1,
  CollectionsCasePlanInstalmentMissedV1,
  CollectionsCasePlanProposedV1,
  CollectionsCaseReAgeGrantedV1,
  CollectionsCaseReAgeRefusedV1,
  LedgerAdjustmentArrangementRequestedV1,
  LedgerAdjustmentRequestedV1,
} from '@cardline/schemas';
import type { Actor } from '@cardline/platform/domain';
import type { HardshipProgramme } from './hardship';
import type { ScheduledInstalment } from './plan-schedule';
import type { Market, PlanFrequency, PlanPolicy, ReAgeLimitId } from './policy';
import type { Strategy, StrategyBucket } from './strategy-config';

export type { ReAgeLimitId };

export type PlanStatus = 'PROPOSED' | 'SUPERSEDED' | 'ACTIVE' | 'BROKEN' | 'COMPLETED';

export interface RepaymentPlan {
  planId: string;
  instalments: ScheduledInstalment[];
  frequency: PlanFrequency | 'UNKNOWN';
  totalAmount: number;
  graceDays: number;
  missesToBreak: number;
  status: PlanStatus;
  proposedBy: Actor;
  proposedAt: number;
  /** From acceptance on, payments count toward the plan. */
  acceptedAt: number | null;
  /** Each instalment judged so far, in order. */
  verdicts: { index: number; kept: boolean }[];
  resolvedAt: number | null;
}

export interface HardshipGrant {
  programmeId: string;
  programme: HardshipProgramme;
  actor: Actor;
  grantedAt: number;
  /** A reduced rate or pause ends then; null for a fee waiver (done at once). */
  endsAt: number | null;
  endedAt: number | null;
}

export interface ReAgeDecision {
  requestId: string;
  granted: boolean;
  limitId: string | null;
  reason: string | null;
  /** The local date of a granted re-age: what the frequency limits count. */
  reAgedOn: string | null;
  actor: Actor;
  at: number;
}

export type ReliefCommand =
  | {
      kind: 'ProposePlan';
      planId: string;
      count: number;
      frequency: PlanFrequency;
      firstDueDate: string;
      /** Null: the collectable amount. */
      totalAmount: number | null;
      policy: PlanPolicy;
      actor: Actor;
      now: number;
    }
  | { kind: 'AcceptPlan'; planId: string; actor: Actor; now: number }
  | {
      kind: 'AssignStrategy';
      strategies: Readonly<Record<Market, Readonly<Record<StrategyBucket, Strategy>>>>;
      now: number;
    }
  /** The timer's work on plans and hardship programmes. */
  | { kind: 'CheckPlans'; now: number }
  | {
      kind: 'GrantHardship';
      programmeId: string;
      programme: HardshipProgramme;
      policy: PlanPolicy;
      actor: Actor;
      now: number;
    }
  | {
      kind: 'RequestReAge';
      requestId: string;
      /** From collections' view of the ledger's account opening; null when never seen. */
      accountOpenedAt: number | null;
      /** The local dates of the account's earlier re-ages, from its earlier cases. */
      priorReAges: string[];
      policy: PlanPolicy;
      actor: Actor;
      now: number;
    };

/** Plan, hardship and re-age events, and the commands they send the ledger (keyed by the account). */
export type ReliefEvent =
  | { type: 'collections.case.plan-proposed.v1'; payload: CollectionsCasePlanProposedV1 }
  | { type: 'collections.case.plan-accepted.v1'; payload: CollectionsCasePlanAcceptedV1 }
  | { type: 'collections.case.plan-instalment-kept.v1'; payload: CollectionsCasePlanInstalmentKeptV1 }
  | { type: 'collections.case.plan-instalment-missed.v1'; payload: CollectionsCasePlanInstalmentMissedV1 }
  | { type: 'collections.case.plan-broken.v1'; payload: CollectionsCasePlanBrokenV1 }
  | { type: 'collections.case.plan-completed.v1'; payload: CollectionsCasePlanCompletedV1 }
  | { type: 'collections.case.hardship-granted.v1'; payload: CollectionsCaseHardshipGrantedV1 }
  | { type: 'collections.case.hardship-ended.v1'; payload: CollectionsCaseHardshipEndedV1 }
  | { type: 'collections.case.re-age-granted.v1'; payload: CollectionsCaseReAgeGrantedV1 }
  | { type: 'collections.case.re-age-refused.v1'; payload: CollectionsCaseReAgeRefusedV1 }
  | {
      type: 'ledger.adjustment.arrangement-requested.v1';
      payload: LedgerAdjustmentArrangementRequestedV1;
      subject: string;
    }
  | { type: 'ledger.adjustment.requested.v1'; payload: LedgerAdjustmentRequestedV1; subject: string };
