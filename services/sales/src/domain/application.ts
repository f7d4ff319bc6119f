/**
 * The Application aggregate: one person's request for a card, from submission
 * to a decision. Pure: decide() turns a command into events, evolve() folds
 * them. This file holds the state, commands, events, evolve and the dispatch;
 * each command is decided in the file of its concern: intake.ts (submit,
 * details, consent, withdraw), underwriting.ts (the decision), decision-clock.ts.
 *
 * Events carry no national id and no income (docs/domain.md#privacy-and-security):
 * the id as a keyed hash inside the applicant key and a mask, income only as
 * "provided". The application layer keeps the values encrypted and hands them
 * to the decision in the Decide command.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { AdverseActionCode, AdverseActionNotice } from './adverse-action';
import type { BureauReport } from './credit-bureau';
import type { CreditApplicant, CreditDecision } from './decision';
import { tick } from './decision-clock';
import { consentToCreditCheck, provideDetails, REQUIRED_SECTIONS, submit, withdraw } from './intake';
import type { AprTier, Market, PolicyFor } from './policy';
import { decideApplication, underwrite } from './underwriting';

export { DomainError, type Actor };

/** What a complete application has besides the identity it was submitted with. */
export type Section = 'INCOME' | 'HOUSING' | 'EMPLOYMENT';
export { REQUIRED_SECTIONS };

export type EmploymentStatus = 'EMPLOYED' | 'SELF_EMPLOYED' | 'UNEMPLOYED' | 'RETIRED' | 'STUDENT';

export interface Identity {
  fullName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  /** identity.ts: the keyed hash and the mask; the raw id never reaches the domain. */
  nationalIdHash: string;
  nationalIdMasked: string;
}

/** The sections' values, validated here; only which were given is recorded in events. */
export interface Details {
  income?: { annualIncome: number; incomeIsIndependent: boolean };
  housing?: { status: 'OWN' | 'RENT' | 'WITH_FAMILY' | 'OTHER'; monthlyCost: number };
  employment?: { status: EmploymentStatus; employer: string | null };
}

export type ApplicationStatus =
  'INCOMPLETE' | 'COMPLETE' | 'REFERRED' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';

export interface DecisionClock {
  dueAt: number;
  warned: boolean;
  breached: boolean;
  /** Decided (approved or declined) or withdrawn: the clock stops. */
  met: boolean;
}

export interface ApplicationState {
  applicationId: string;
  market: Market;
  productCode: string;
  applicantKey: string;
  status: ApplicationStatus;
  provided: Section[];
  creditCheckConsentAt: number | null;
  completedAt: number | null;
  clock: DecisionClock | null;
  decision: CreditDecision | null;
}

// ---- commands ----------------------------------------------------------

export type ApplicationCommand =
  | {
      kind: 'Submit';
      applicationId: string;
      market: Market;
      productCode: string;
      identity: Identity;
      details: Details;
      /** The applicant agreed to the credit check on this call (FCRA permissible purpose). */
      creditCheckConsent: { channel: Channel } | null;
      /** An open application with the same applicant key, from the read model; null when none. */
      duplicateOf: string | null;
      actor: Actor;
      now: number;
    }
  | { kind: 'ProvideDetails'; details: Details; actor: Actor; now: number }
  | { kind: 'ConsentToCreditCheck'; channel: Channel; actor: Actor; now: number }
  /** The rules decide: the applicant's figures (from the encrypted store) and the bureau's report. */
  | { kind: 'Decide'; applicant: CreditApplicant; report: BureauReport; actor: Actor; now: number }
  /** An underwriter decides a referred application. */
  | {
      kind: 'Underwrite';
      decision:
        | { outcome: 'APPROVE'; creditLimit: number; aprTier: AprTier }
        | { outcome: 'DECLINE'; reasons: AdverseActionCode[] };
      applicant: CreditApplicant;
      report: BureauReport;
      note: string;
      actor: Actor;
      now: number;
    }
  | { kind: 'Withdraw'; reason: string; actor: Actor; now: number }
  /** The durable timer: warn and breach the decision clock. */
  | { kind: 'Tick'; now: number };

export type Channel = 'PHONE' | 'BRANCH' | 'WEB';

export type ApplicationCommandOf<K extends ApplicationCommand['kind']> = Extract<
  ApplicationCommand,
  { kind: K }
>;

// ---- events ------------------------------------------------------------

interface Ids {
  applicationId: string;
}

export type ApplicationEvent =
  | {
      type: 'sales.application.submitted.v1';
      payload: Ids & {
        market: Market;
        productCode: string;
        applicantKey: string;
        nationalIdMasked: string;
        provided: Section[];
        actor: Actor;
        submittedAt: number;
      };
    }
  | {
      type: 'sales.application.details-provided.v1';
      payload: Ids & { provided: Section[]; actor: Actor; at: number };
    }
  | {
      type: 'sales.application.credit-check-consented.v1';
      payload: Ids & { channel: Channel; actor: Actor; consentedAt: number };
    }
  | { type: 'sales.application.completed.v1'; payload: Ids & { completedAt: number; decisionDueAt: number } }
  | {
      type: 'sales.application.decided.v1';
      payload: Ids & {
        decision: CreditDecision;
        decidedBy: 'RULES' | 'UNDERWRITER';
        /** A decline's notice record; null otherwise. */
        notice: AdverseActionNotice | null;
        note: string | null;
        actor: Actor;
        decidedAt: number;
      };
    }
  | { type: 'sales.application.decision-due-soon.v1'; payload: Ids & { dueAt: number; firedAt: number } }
  | { type: 'sales.application.decision-breached.v1'; payload: Ids & { dueAt: number; firedAt: number } }
  | {
      type: 'sales.application.withdrawn.v1';
      payload: Ids & { reason: string; actor: Actor; withdrawnAt: number };
    };

// ---- decide ------------------------------------------------------------

export function decide(
  cmd: ApplicationCommand,
  s: ApplicationState | null,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  if (cmd.kind === 'Submit') return submit(cmd, s, policyFor);
  if (!s) throw new DomainError('NOT_FOUND', 'application not found');
  switch (cmd.kind) {
    case 'ProvideDetails':
      return provideDetails(cmd, s, policyFor);
    case 'ConsentToCreditCheck':
      return consentToCreditCheck(cmd, s, policyFor);
    case 'Decide':
      return decideApplication(cmd, s, policyFor);
    case 'Underwrite':
      return underwrite(cmd, s, policyFor);
    case 'Withdraw':
      return withdraw(cmd, s);
    case 'Tick':
      return tick(cmd, s, policyFor);
  }
}

// ---- evolve ------------------------------------------------------------

const FINAL: Record<CreditDecision['outcome'], ApplicationStatus> = {
  APPROVE: 'APPROVED',
  DECLINE: 'DECLINED',
  REFER: 'REFERRED',
};

const union = (a: Section[], b: Section[]) => REQUIRED_SECTIONS.filter((x) => a.includes(x) || b.includes(x));

function onClock(s: ApplicationState, change: Partial<DecisionClock>): ApplicationState {
  return s.clock ? { ...s, clock: { ...s.clock, ...change } } : s;
}

export function evolve(s: ApplicationState | null, e: ApplicationEvent): ApplicationState {
  if (e.type === 'sales.application.submitted.v1') {
    const p = e.payload;
    return {
      applicationId: p.applicationId,
      market: p.market,
      productCode: p.productCode,
      applicantKey: p.applicantKey,
      status: 'INCOMPLETE',
      provided: union([], p.provided),
      creditCheckConsentAt: null,
      completedAt: null,
      clock: null,
      decision: null,
    };
  }
  if (!s) throw new Error(`${e.type} before the application was submitted`);
  switch (e.type) {
    case 'sales.application.details-provided.v1':
      return { ...s, provided: union(s.provided, e.payload.provided) };
    case 'sales.application.credit-check-consented.v1':
      return { ...s, creditCheckConsentAt: e.payload.consentedAt };
    case 'sales.application.completed.v1':
      return {
        ...s,
        status: 'COMPLETE',
        completedAt: e.payload.completedAt,
        clock: { dueAt: e.payload.decisionDueAt, warned: false, breached: false, met: false },
      };
    case 'sales.application.decided.v1': {
      const { decision } = e.payload;
      const decided = { ...s, status: FINAL[decision.outcome], decision };
      return decision.outcome === 'REFER' ? decided : onClock(decided, { met: true });
    }
    case 'sales.application.decision-due-soon.v1':
      return onClock(s, { warned: true });
    case 'sales.application.decision-breached.v1':
      return onClock(s, { breached: true });
    case 'sales.application.withdrawn.v1':
      return onClock({ ...s, status: 'WITHDRAWN' }, { met: true });
  }
}
