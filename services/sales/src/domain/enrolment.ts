/**
 * The Enrolment aggregate: one customer's add-on, from the sale to its end.
 * Pure: decide() turns a command into events, evolve() folds them. This file
 * holds the state, commands, events, evolve and the dispatch; sale.ts
 * decides the sale, trial.ts the trial's end and the monthly fees, refund.ts
 * cancellation.
 *
 * A sale needs an eligible customer (eligibility.ts), terms in effect
 * (add-on-catalogue.ts) and a complete consent record (consent.ts). A free
 * trial becomes paid only through a recorded conversion agreement; without
 * one it lapses. Each fee due carries a request id derived from the
 * enrolment and the fee period, so the ledger posts it at most once.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { AddOnCode, AddOnTerms, Pricing } from './add-on-catalogue';
import type { ConsentRecord, ConversionConsent } from './consent';
import type { CustomerStanding, EligibilityRule } from './eligibility';
import type { AddOnPolicy, Market } from './policy';
import { cancel } from './refund';
import { enrol } from './sale';
import { agreeToConversion, tick } from './trial';

export { DomainError, type Actor };

export type EnrolmentStatus = 'IN_TRIAL' | 'ACTIVE' | 'LAPSED' | 'CANCELLED';

export interface FeeDue {
  periodKey: string;
  amount: number;
  requestId: string;
}

export interface EnrolmentState {
  enrolmentId: string;
  customerId: string;
  accountId: string;
  accountLast4: string;
  market: Market;
  addOn: AddOnCode;
  termsVersion: string;
  pricing: Pricing;
  currency: string;
  status: EnrolmentStatus;
  enrolledAt: number;
  trialEndsAt: number | null;
  reminderSent: boolean;
  conversionAgreedAt: number | null;
  /** The first fee period's start: the trial's end once converted, else the enrolment. */
  billingStartsAt: number | null;
  /** The index of the next monthly period to fall due. */
  nextPeriod: number;
  feesDue: FeeDue[];
}

// ---- commands ----------------------------------------------------------

export type EnrolmentCommand =
  | {
      kind: 'Enrol';
      enrolmentId: string;
      customer: { customerId: string; accountId: string; accountLast4: string; market: Market };
      /** From sales' read models at the time of the sale. */
      standing: CustomerStanding;
      /** The catalogue's terms the customer was offered. */
      terms: AddOnTerms;
      consent: ConsentRecord;
      /** A balance transfer's amount (minor units); null for other add-ons. */
      transferAmount: number | null;
      actor: Actor;
      now: number;
    }
  /** The customer agrees, during the trial, to it becoming paid. */
  | { kind: 'AgreeToConversion'; consent: ConversionConsent; actor: Actor; now: number }
  | { kind: 'Cancel'; reason: string; actor: Actor; now: number }
  /** The durable timer: the trial reminder, conversion or lapse, and the monthly fees. */
  | { kind: 'Tick'; now: number };

export type EnrolmentCommandOf<K extends EnrolmentCommand['kind']> = Extract<EnrolmentCommand, { kind: K }>;

// ---- events ------------------------------------------------------------

interface Ids {
  enrolmentId: string;
}

export type EnrolmentEvent =
  | {
      type: 'sales.enrolment.enrolled.v1';
      payload: Ids & {
        customerId: string;
        accountId: string;
        accountLast4: string;
        market: Market;
        addOn: AddOnCode;
        termsVersion: string;
        pricing: Pricing;
        currency: string;
        /** The proof of the sale, as recorded. */
        consent: ConsentRecord;
        /** The eligibility rules checked and passed at the sale. */
        eligibilityPassed: EligibilityRule[];
        trialEndsAt: number | null;
        billingStartsAt: number | null;
        actor: Actor;
        enrolledAt: number;
      };
    }
  | {
      type: 'sales.enrolment.conversion-agreed.v1';
      payload: Ids & { consent: ConversionConsent; actor: Actor; agreedAt: number };
    }
  | { type: 'sales.enrolment.trial-reminder-due.v1'; payload: Ids & { trialEndsAt: number; firedAt: number } }
  | { type: 'sales.enrolment.converted.v1'; payload: Ids & { billingStartsAt: number; convertedAt: number } }
  | { type: 'sales.enrolment.lapsed.v1'; payload: Ids & { trialEndsAt: number; lapsedAt: number } }
  | {
      type: 'sales.enrolment.fee-due.v1';
      payload: Ids & {
        accountId: string;
        periodKey: string;
        periodStart: number;
        periodEnd: number | null;
        amount: number;
        currency: string;
        /** The ledger's idempotency key: one posting per enrolment and period. */
        requestId: string;
        dueAt: number;
      };
    }
  | {
      type: 'sales.enrolment.cancelled.v1';
      payload: Ids & {
        accountId: string;
        reason: string;
        refund: {
          kind: 'NONE' | 'COOLING_OFF_FULL' | 'PRO_RATA';
          amount: number;
          periodKey: string | null;
          requestId: string | null;
        };
        currency: string;
        actor: Actor;
        cancelledAt: number;
      };
    };

// ---- decide ------------------------------------------------------------

export function decide(
  cmd: EnrolmentCommand,
  s: EnrolmentState | null,
  policies: Readonly<Record<Market, AddOnPolicy>>,
): EnrolmentEvent[] {
  if (cmd.kind === 'Enrol') return enrol(cmd, s, policies[cmd.customer.market]);
  if (!s) throw new DomainError('NOT_FOUND', 'enrolment not found');
  const p = policies[s.market];
  switch (cmd.kind) {
    case 'AgreeToConversion':
      return agreeToConversion(cmd, s);
    case 'Cancel':
      return cancel(cmd, s, p);
    case 'Tick':
      return tick(cmd, s, p);
  }
}

// ---- evolve ------------------------------------------------------------

export function evolve(s: EnrolmentState | null, e: EnrolmentEvent): EnrolmentState {
  if (e.type === 'sales.enrolment.enrolled.v1') {
    const p = e.payload;
    return {
      enrolmentId: p.enrolmentId,
      customerId: p.customerId,
      accountId: p.accountId,
      accountLast4: p.accountLast4,
      market: p.market,
      addOn: p.addOn,
      termsVersion: p.termsVersion,
      pricing: p.pricing,
      currency: p.currency,
      status: p.trialEndsAt !== null ? 'IN_TRIAL' : 'ACTIVE',
      enrolledAt: p.enrolledAt,
      trialEndsAt: p.trialEndsAt,
      reminderSent: false,
      conversionAgreedAt: p.consent.conversion?.expressAgreementAt ?? null,
      billingStartsAt: p.billingStartsAt,
      nextPeriod: 0,
      feesDue: [],
    };
  }
  if (!s) throw new Error(`${e.type} before the enrolment`);
  switch (e.type) {
    case 'sales.enrolment.conversion-agreed.v1':
      return { ...s, conversionAgreedAt: e.payload.agreedAt };
    case 'sales.enrolment.trial-reminder-due.v1':
      return { ...s, reminderSent: true };
    case 'sales.enrolment.converted.v1':
      return { ...s, status: 'ACTIVE', billingStartsAt: e.payload.billingStartsAt };
    case 'sales.enrolment.lapsed.v1':
      return { ...s, status: 'LAPSED' };
    case 'sales.enrolment.fee-due.v1': {
      const { periodKey, amount, requestId } = e.payload;
      return {
        ...s,
        nextPeriod: s.nextPeriod + 1,
        feesDue: [...s.feesDue, { periodKey, amount, requestId }],
      };
    }
    case 'sales.enrolment.cancelled.v1':
      return { ...s, status: 'CANCELLED' };
  }
}
