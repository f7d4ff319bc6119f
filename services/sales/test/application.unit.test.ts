import fc from 'fast-check';
import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  evolve,
  type ApplicationCommand,
  type ApplicationCommandOf,
  type ApplicationEvent,
  type ApplicationState,
} from '../src/domain/application';
import type { BureauReport } from '../src/domain/credit-bureau';
import { nextDueAt } from '../src/domain/decision-clock';
import { duplicateKey } from '../src/domain/identity';
import { creditPolicyFor, DAY } from '../src/domain/policy';
import { SalesRefusal } from './support';

const application: Decider<ApplicationCommand, ApplicationEvent, ApplicationState | null> = {
  decide: (c, s) => decide(c, s, creditPolicyFor),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(application, SalesRefusal);

const T = Date.UTC(2026, 11, 1, 15, 0);
const agent = { id: 'agent-1', role: 'sales_agent' };
const underwriter = { id: 'uw-1', role: 'underwriter' };
const system = { id: 'sales', role: 'system' };
const applicationId = 'app_1';
const identity = {
  fullName: 'Dana Reyes',
  dateOfBirth: '1990-05-01',
  address: { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' },
  nationalIdHash: 'hmac-of-the-id',
  nationalIdMasked: '*****6789',
};
const details = {
  income: { annualIncome: 9_600_000, incomeIsIndependent: true },
  housing: { status: 'RENT' as const, monthlyCost: 180_000 },
  employment: { status: 'EMPLOYED' as const, employer: 'Acme' },
};
const submit = (over: Partial<ApplicationCommandOf<'Submit'>> = {}): ApplicationCommand => ({
  kind: 'Submit',
  applicationId,
  market: 'US',
  productCode: 'CLASSIC',
  identity,
  details,
  creditCheckConsent: { channel: 'PHONE' },
  duplicateOf: null,
  actor: agent,
  now: T,
  ...over,
});
const applicant = {
  dateOfBirth: identity.dateOfBirth,
  annualIncome: 9_600_000,
  incomeIsIndependent: true,
  hasCoSigner: false,
};
const report: BureauReport = {
  bureau: 'SIMULATED',
  score: 780,
  existingMonthlyDebt: 100_000,
  recentInquiries: 1,
  thinFile: false,
};
const decideCmd = (r: BureauReport = report, now = T + DAY): ApplicationCommand => ({
  kind: 'Decide',
  applicant,
  report: r,
  actor: system,
  now,
});
const tick = (now: number): ApplicationCommand => ({ kind: 'Tick', now });
const due = T + 30 * DAY;

describe('an application', () => {
  it('is complete when every section and the consent to a credit check are in: the decision clock starts, due in 30 days', () => {
    given()
      .when(submit())
      .then([
        {
          type: 'sales.application.submitted.v1',
          payload: {
            applicationId,
            market: 'US',
            productCode: 'CLASSIC',
            applicantKey: duplicateKey('Dana Reyes', '1990-05-01', 'hmac-of-the-id'),
            nationalIdMasked: '*****6789',
            provided: ['INCOME', 'HOUSING', 'EMPLOYMENT'],
            actor: agent,
            submittedAt: T,
          },
        },
        {
          type: 'sales.application.credit-check-consented.v1',
          payload: { applicationId, channel: 'PHONE', actor: agent, consentedAt: T },
        },
        {
          type: 'sales.application.completed.v1',
          payload: { applicationId, completedAt: T, decisionDueAt: due },
        },
      ]);
  });

  it('carries no national id and no income in any event', () => {
    const events = given().after(submit(), decideCmd()).events;
    const text = JSON.stringify(events);
    expect(text).not.toContain('hmac-of-the-id');
    expect(text).not.toContain('9600000');
    expect(text).not.toContain('annualIncome');
  });

  it('stays incomplete without the consent to a credit check, and cannot be decided', () => {
    const story = given().after(submit({ creditCheckConsent: null }));
    expect(story.state?.status).toBe('INCOMPLETE');
    story.when(decideCmd()).thenThrows('INVALID_STATE', 'no consent to a credit check');
    story
      .when({ kind: 'ConsentToCreditCheck', channel: 'PHONE', actor: agent, now: T + 60_000 })
      .thenEventsMatch([
        { type: 'sales.application.credit-check-consented.v1' },
        {
          type: 'sales.application.completed.v1',
          payload: { completedAt: T + 60_000, decisionDueAt: due + 60_000 },
        },
      ]);
  });

  it('completes when the last missing section is provided', () => {
    given()
      .after(submit({ details: { income: details.income } }))
      .when({
        kind: 'ProvideDetails',
        details: { housing: details.housing, employment: details.employment },
        actor: agent,
        now: T + DAY,
      })
      .thenEventsMatch([
        { type: 'sales.application.details-provided.v1', payload: { provided: ['HOUSING', 'EMPLOYMENT'] } },
        { type: 'sales.application.completed.v1', payload: { completedAt: T + DAY } },
      ]);
  });

  it('refuses an invalid income or identity', () => {
    given()
      .when(submit({ details: { income: { annualIncome: -1, incomeIsIndependent: true } } }))
      .thenThrows('INVALID', 'annual income');
    for (const dateOfBirth of ['01/05/1990', '1990-02-31', '2027-01-01'])
      given()
        .when(submit({ identity: { ...identity, dateOfBirth } }))
        .thenThrows('INVALID', 'date of birth');
    given()
      .when(submit({ productCode: 'PLATINUM', market: 'CN' }))
      .thenThrows('INVALID', 'not sold in CN');
  });

  it('is refused as a duplicate while the same person has an open application', () => {
    given()
      .when(submit({ duplicateOf: 'app_0' }))
      .thenThrows({ code: 'ALREADY_EXISTS', existingApplicationId: 'app_0' });
  });

  it('is approved by the rules with limit, APR tier and rule-set version; the clock stops', () => {
    const story = given()
      .after(submit())
      .when(decideCmd())
      .then([
        {
          type: 'sales.application.decided.v1',
          payload: {
            applicationId,
            decision: {
              outcome: 'APPROVE',
              creditLimit: 1_000_000,
              aprTier: 'TIER_1',
              ruleSetVersion: 'US-CLASSIC-2026.12.1',
            },
            decidedBy: 'RULES',
            notice: null,
            note: null,
            actor: system,
            decidedAt: T + DAY,
          },
        },
      ]);
    expect(story.state?.status).toBe('APPROVED');
    story.when(tick(due + DAY)).thenNothingHappened();
  });

  it('is declined with its reasons and an adverse-action notice naming the score and the bureau', () => {
    given()
      .after(submit())
      .when(decideCmd({ ...report, score: 500, recentInquiries: 7 }))
      .thenEventsMatch([
        {
          payload: {
            decision: { outcome: 'DECLINE', reasons: ['SCORE_TOO_LOW', 'TOO_MANY_INQUIRIES'] },
            notice: {
              applicationId,
              reasons: [
                { code: 'SCORE_TOO_LOW', text: 'Credit score below our minimum for this product' },
                { code: 'TOO_MANY_INQUIRIES', text: 'Too many recent inquiries for credit' },
              ],
              score: 500,
              bureau: 'SIMULATED',
              ruleSetVersion: 'US-CLASSIC-2026.12.1',
              decidedAt: T + DAY,
            },
          },
        },
      ]);
  });

  describe('a referral', () => {
    const referred = () => given().after(submit(), decideCmd({ ...report, thinFile: true }));
    const approve = { outcome: 'APPROVE' as const, creditLimit: 300_000, aprTier: 'TIER_3' as const };

    it('waits for an underwriter, whose decision is recorded as theirs', () => {
      expect(referred().state?.status).toBe('REFERRED');
      referred()
        .when({
          kind: 'Underwrite',
          decision: approve,
          applicant,
          report,
          note: 'verified employment',
          actor: underwriter,
          now: T + 2 * DAY,
        })
        .thenEventsMatch([
          {
            payload: {
              decision: { ...approve, ruleSetVersion: 'US-CLASSIC-2026.12.1' },
              decidedBy: 'UNDERWRITER',
              note: 'verified employment',
              actor: underwriter,
            },
          },
        ]);
    });

    it('may be decided only by an underwriting role, within one to four reasons and an affordable limit', () => {
      const base = { kind: 'Underwrite' as const, applicant, report, note: 'n', now: T + 2 * DAY };
      referred()
        .when({ ...base, decision: approve, actor: agent })
        .thenThrows('FORBIDDEN');
      referred()
        .when({ ...base, decision: { outcome: 'DECLINE', reasons: [] }, actor: underwriter })
        .thenThrows('INVALID', '1 to 4');
      referred()
        .when({
          ...base,
          decision: {
            outcome: 'DECLINE',
            reasons: [
              'THIN_FILE',
              'SCORE_TOO_LOW',
              'TOO_MANY_INQUIRIES',
              'INSUFFICIENT_INCOME',
              'DEBT_TO_INCOME_TOO_HIGH',
            ],
          },
          actor: underwriter,
        })
        .thenThrows('INVALID', '1 to 4');
      referred()
        .when({
          ...base,
          decision: approve,
          applicant: { ...applicant, annualIncome: 120_000 },
          actor: underwriter,
        })
        .thenThrows('INVALID', 'can pay');
      given()
        .after(submit(), decideCmd())
        .when({ ...base, decision: approve, actor: underwriter })
        .thenThrows('INVALID_STATE');
    });

    it('keeps the decision clock running', () => {
      referred()
        .when(tick(due))
        .thenEventsMatch([{ type: 'sales.application.decision-breached.v1' }]);
    });
  });

  it('may be withdrawn while open; the clock stops, and it is closed to a decision', () => {
    const story = given()
      .after(submit())
      .when({ kind: 'Withdraw', reason: 'customer changed their mind', actor: agent, now: T + DAY })
      .then([
        {
          type: 'sales.application.withdrawn.v1',
          payload: {
            applicationId,
            reason: 'customer changed their mind',
            actor: agent,
            withdrawnAt: T + DAY,
          },
        },
      ]);
    story.when(tick(due)).thenNothingHappened();
    story.when(decideCmd()).thenThrows('INVALID_STATE');
    story.when({ kind: 'Withdraw', reason: 'again', actor: agent, now: T + DAY }).thenThrows('INVALID_STATE');
  });

  describe('the decision clock', () => {
    const complete = () => given().after(submit());
    const firedAt = (now: number) => ({ applicationId, dueAt: due, firedAt: now });

    it('warns once on day 25 and breaches once on day 30', () => {
      complete()
        .when(tick(T + 25 * DAY - 1))
        .thenNothingHappened();
      const warned = complete()
        .when(tick(T + 25 * DAY))
        .then([{ type: 'sales.application.decision-due-soon.v1', payload: firedAt(T + 25 * DAY) }]);
      warned.when(tick(T + 26 * DAY)).thenNothingHappened();
      warned.when(tick(due - 1)).thenNothingHappened();
      const breached = warned
        .when(tick(due))
        .then([{ type: 'sales.application.decision-breached.v1', payload: firedAt(due) }]);
      breached.when(tick(due + DAY)).thenNothingHappened();
    });

    it('does not start before the application is complete', () => {
      given()
        .after(submit({ creditCheckConsent: null }))
        .when(tick(T + 90 * DAY))
        .thenNothingHappened();
    });

    it('tells the timer when to look next: the warning, then the due time, then never', () => {
      const s0 = complete().state as ApplicationState;
      expect(nextDueAt(s0, creditPolicyFor)).toBe(T + 25 * DAY);
      const s1 = complete().after(tick(T + 25 * DAY)).state as ApplicationState;
      expect(nextDueAt(s1, creditPolicyFor)).toBe(due);
      expect(nextDueAt(complete().after(tick(due)).state as ApplicationState, creditPolicyFor)).toBeNull();
    });

    it('breaches exactly once however often and whenever the timer ticks', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 60 * DAY }), { maxLength: 30 }), (offsets) => {
          const times = [...offsets.map((o) => T + o), due + 61 * DAY].sort((a, b) => a - b);
          const events = given().after(submit(), ...times.map(tick)).events;
          const types = events.map((e) => e.type);
          expect(types.filter((t) => t === 'sales.application.decision-breached.v1')).toHaveLength(1);
          expect(
            types.filter((t) => t === 'sales.application.decision-due-soon.v1').length,
          ).toBeLessThanOrEqual(1);
          const breach = events.find((e) => e.type === 'sales.application.decision-breached.v1');
          expect((breach?.payload as { firedAt: number }).firedAt).toBeGreaterThanOrEqual(due);
        }),
        { numRuns: 500, seed: 20261230 },
      );
    });
  });
});
