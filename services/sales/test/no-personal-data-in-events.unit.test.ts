import avro from 'avsc';
import { eventTypes } from '@cardline/schemas';
import type { ApplicationRecord } from '../src/application/application-record';
import { foldChanges } from '../src/application/application-record';
import { foldEnrolment, recordEnrolment, type EnrolmentRecord } from '../src/application/enrolment-record';
import { decide, type ApplicationCommand } from '../src/domain/application';
import { decide as decideEnrolment, type EnrolmentCommand } from '../src/domain/enrolment';
import { ADD_ON_POLICIES, creditPolicyFor, DAY } from '../src/domain/policy';
import { GOOD, POOR, SECRETS, T0, THIN, decideOn, submit } from './fake-applications';
import { T, completeConsent, enrolCommand, salesAgent, terms } from './support';
import { agent, ctx, enrolmentSetUp } from './fake-enrolments';

// Issue 17: no national id, income or date of birth in any event. Every
// scenario runs through the real decider and the wire mapping; each payload
// published is scanned for the applicant's values.

const underwriter = { id: 'uw-1', role: 'underwriter' };

function published(...cmds: ApplicationCommand[]): { type: string; payload: unknown }[] {
  let r: ApplicationRecord | null = null;
  const out: { type: string; payload: unknown }[] = [];
  for (const cmd of cmds) {
    const events = decide(cmd, r?.application ?? null, creditPolicyFor);
    const folded = foldChanges(
      events.map((event) => ({ kind: 'domain' as const, event })),
      r,
      'cus_1',
    );
    r = folded.state;
    out.push(...folded.recorded.filter((x) => x.type !== 'internal'));
  }
  return out;
}

const SCENARIOS: [string, ApplicationCommand[]][] = [
  ['approved', [submit('app_1'), decideOn(GOOD)]],
  ['declined', [submit('app_1'), decideOn(POOR)]],
  [
    'referred, then underwritten',
    [
      submit('app_1'),
      decideOn(THIN),
      {
        kind: 'Underwrite',
        decision: { outcome: 'APPROVE', creditLimit: 200_000, aprTier: 'TIER_2' },
        applicant: {
          dateOfBirth: '1990-05-01',
          annualIncome: 9_600_000,
          incomeIsIndependent: true,
          hasCoSigner: false,
        },
        report: THIN,
        note: 'Verified by payslips',
        actor: underwriter,
        now: T0 + 2 * DAY,
      },
    ],
  ],
  [
    'completed in steps, the clock warning and breaching, withdrawn',
    [
      submit('app_1', false),
      { kind: 'ProvideDetails', details: SECRETS.details, actor: underwriter, now: T0 + 1000 },
      { kind: 'ConsentToCreditCheck', channel: 'WEB', actor: underwriter, now: T0 + 2000 },
      { kind: 'Tick', now: T0 + 26 * DAY },
      { kind: 'Tick', now: T0 + 31 * DAY },
      { kind: 'Withdraw', reason: 'changed their mind', actor: underwriter, now: T0 + 32 * DAY },
    ],
  ],
];

const income = SECRETS.details.income;
const FORBIDDEN = [
  SECRETS.identity.nationalId,
  SECRETS.identity.nationalId.replace(/-/g, ''),
  SECRETS.identity.dateOfBirth,
  String(income?.annualIncome),
  String(SECRETS.details.housing?.monthlyCost),
];

describe('no event of an application carries the national id, the income or the date of birth', () => {
  it.each(SCENARIOS)('%s', (_name, cmds) => {
    const events = published(...cmds);
    expect(events.length).toBeGreaterThan(1);
    for (const e of events) {
      const text = JSON.stringify(e.payload);
      for (const value of FORBIDDEN)
        expect({ type: e.type, found: text.includes(value) }).toEqual({ type: e.type, found: false });
      expect(text).not.toMatch(/nationalId|annualIncome|dateOfBirth/);
    }
  });

  it('the scenarios publish every application event type but none of personal data', () => {
    const types = new Set(SCENARIOS.flatMap(([, cmds]) => published(...cmds).map((e) => e.type)));
    expect([...types].sort()).toEqual([
      'sales.application.approved.v1',
      'sales.application.completed.v1',
      'sales.application.credit-check-consented.v1',
      'sales.application.decision-breached.v1',
      'sales.application.decision-due-soon.v1',
      'sales.application.declined.v1',
      'sales.application.details-provided.v1',
      'sales.application.referred.v1',
      'sales.application.submitted.v1',
      'sales.application.withdrawn.v1',
    ]);
  });

  it.each(SCENARIOS)('%s: every payload is exactly its Avro schema (no undeclared field)', (_name, cmds) => {
    for (const e of published(...cmds)) {
      const entry = eventTypes.get(e.type);
      const type = avro.Type.forSchema(entry?.schema as avro.Schema);
      const errors: string[] = [];
      type.isValid(e.payload, { noUndeclaredFields: true, errorHook: (path) => errors.push(path.join('.')) });
      expect({ type: e.type, errors }).toEqual({ type: e.type, errors: [] });
    }
  });

  it('a decline publishes 1 to 4 reasons, each with its statement', () => {
    const declined = published(submit('app_1'), decideOn(POOR)).find(
      (e) => e.type === 'sales.application.declined.v1',
    );
    const reasons = (declined?.payload as { reasons: { code: string; text: string }[] }).reasons;
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons.length).toBeLessThanOrEqual(4);
    for (const r of reasons) expect(r.text.length).toBeGreaterThan(10);
  });
});

// The same for add-on enrolments (sales.enrollment): the consent record is
// published as the proof of the sale, and it says what was shown and said
// and where the recording is, never who the customer is or where they live.

function publishedEnrolment(...cmds: EnrolmentCommand[]): { type: string; payload: unknown }[] {
  let r: EnrolmentRecord | null = null;
  const out: { type: string; payload: unknown }[] = [];
  for (const cmd of cmds) {
    const recorded = recordEnrolment(decideEnrolment(cmd, r?.enrolment ?? null, ADD_ON_POLICIES), r);
    r = foldEnrolment(recorded, r);
    out.push(...recorded.map((x) => ({ type: x.type, payload: x.payload })));
  }
  return out;
}

const PERSONAL_TEXT = [
  SECRETS.identity.nationalId,
  SECRETS.identity.nationalId.replace(/-/g, ''),
  SECRETS.identity.dateOfBirth,
  SECRETS.identity.fullName,
  SECRETS.identity.address.line1,
];
const MONTH = 31 * DAY;
const upgrade = terms('UPG-US-1');
const transfer = terms('BT-US-1');
const ENROLMENT_SCENARIOS: [string, EnrolmentCommand[]][] = [
  [
    'a trial reminded, converted, charged two months, cancelled pro rata',
    [
      enrolCommand(),
      { kind: 'Tick', now: T + 24 * DAY },
      { kind: 'Tick', now: T + 30 * DAY },
      { kind: 'Tick', now: T + 30 * DAY + MONTH },
      { kind: 'Cancel', reason: 'no longer wanted', actor: salesAgent, now: T + 30 * DAY + MONTH + 10 * DAY },
    ],
  ],
  [
    'a trial sold without conversion, agreed later, converted',
    [
      enrolCommand({ consent: completeConsent(terms('PP-US-2'), { conversion: null }) }),
      {
        kind: 'AgreeToConversion',
        consent: { expressAgreementAt: T + DAY, accountLast4: '4242', recordingRef: 'rec_2' },
        actor: salesAgent,
        now: T + DAY,
      },
      { kind: 'Tick', now: T + 30 * DAY },
    ],
  ],
  [
    'a trial that lapses',
    [
      enrolCommand({ consent: completeConsent(terms('PP-US-2'), { conversion: null }) }),
      { kind: 'Tick', now: T + 30 * DAY },
    ],
  ],
  [
    'an upgrade cancelled in cooling-off',
    [
      enrolCommand({ terms: upgrade, consent: completeConsent(upgrade) }),
      { kind: 'Cancel', reason: 'changed their mind', actor: salesAgent, now: T + 2 * DAY },
    ],
  ],
  [
    'a balance transfer',
    [enrolCommand({ terms: transfer, consent: completeConsent(transfer), transferAmount: 250_000 })],
  ],
];

describe('no event of an enrolment carries the national id, the income or a contact address', () => {
  it.each(ENROLMENT_SCENARIOS)('%s', (_name, cmds) => {
    const events = publishedEnrolment(...cmds);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const text = JSON.stringify(e.payload);
      // No field for them (a key), and none of the applicant's values.
      expect(text).not.toMatch(
        /"(nationalId|idNumber\w*|annualIncome|income|dateOfBirth|address|line1|postalCode|phone\w*|email\w*)":/i,
      );
      // Text values only: an income's digits can occur inside a timestamp by chance.
      for (const value of PERSONAL_TEXT)
        expect({ type: e.type, found: text.includes(value) }).toEqual({ type: e.type, found: false });
    }
  });

  it('the scenarios publish every enrolment event type', () => {
    const types = new Set(
      ENROLMENT_SCENARIOS.flatMap(([, cmds]) => publishedEnrolment(...cmds).map((e) => e.type)),
    );
    expect([...types].sort()).toEqual([
      'sales.enrollment.cancelled.v1',
      'sales.enrollment.conversion-agreed.v1',
      'sales.enrollment.converted.v1',
      'sales.enrollment.enrolled.v1',
      'sales.enrollment.fee-due.v1',
      'sales.enrollment.lapsed.v1',
      'sales.enrollment.trial-reminder-due.v1',
    ]);
  });

  it.each(ENROLMENT_SCENARIOS)(
    '%s: every payload is exactly its Avro schema (no undeclared field)',
    (_name, cmds) => {
      for (const e of publishedEnrolment(...cmds)) {
        const entry = eventTypes.get(e.type);
        const type = avro.Type.forSchema(entry?.schema as avro.Schema);
        const errors: string[] = [];
        type.isValid(e.payload, {
          noUndeclaredFields: true,
          errorHook: (path) => errors.push(path.join('.')),
        });
        expect({ type: e.type, errors }).toEqual({ type: e.type, errors: [] });
      }
    },
  );

  it('a fee falls due once per month, keyed by the month, on the account charged', () => {
    const fees = publishedEnrolment(...(ENROLMENT_SCENARIOS[0]?.[1] ?? [])).filter(
      (e) => e.type === 'sales.enrollment.fee-due.v1',
    );
    const keys = fees.map((e) => (e.payload as { periodKey: string }).periodKey);
    expect(keys).toEqual([...new Set(keys)]);
    expect(keys.length).toBe(2);
    for (const e of fees) expect(e.payload).toMatchObject({ accountId: 'acc_1', amount: 1_499 });
  });
});

// Offers are published too (sales.enrollment.offered.v1, by the service, not
// the decider): each names the terms offered and the rules passed, never who
// the customer is or where they live.

describe('no offer published carries the national id, the income or a contact address', () => {
  async function publishedOffers(): Promise<{ type: string; payload: unknown }[]> {
    const { service, offers } = enrolmentSetUp();
    await service.offers('cus_1', 'acc_1', agent, ctx);
    return [...offers.values()].flatMap((d) => d.outbox as { type: string; payload: unknown }[]);
  }

  it('every offer made is published, and none has a field or a value of personal data', async () => {
    const events = await publishedOffers();
    expect(events.map((e) => e.type)).toEqual(Array(3).fill('sales.enrollment.offered.v1'));
    for (const e of events) {
      const text = JSON.stringify(e.payload);
      expect(text).not.toMatch(
        /"(nationalId|idNumber\w*|annualIncome|income|dateOfBirth|address|line1|postalCode|phone\w*|email\w*)":/i,
      );
      for (const value of PERSONAL_TEXT)
        expect({ type: e.type, found: text.includes(value) }).toEqual({ type: e.type, found: false });
    }
  });

  it('every offer published is exactly its Avro schema (no undeclared field)', async () => {
    for (const e of await publishedOffers()) {
      const type = avro.Type.forSchema(eventTypes.get(e.type)?.schema as avro.Schema);
      const errors: string[] = [];
      type.isValid(e.payload, { noUndeclaredFields: true, errorHook: (path) => errors.push(path.join('.')) });
      expect({ type: e.type, errors }).toEqual({ type: e.type, errors: [] });
    }
  });

  it('the offered schema has no field for them at all', () => {
    const names = JSON.stringify(eventTypes.get('sales.enrollment.offered.v1')?.schema);
    expect(names).not.toMatch(
      /"name":"(nationalId|idNumber\w*|\w*[iI]ncome|dateOfBirth|address\w*|phone\w*|email\w*)"/,
    );
  });
});
