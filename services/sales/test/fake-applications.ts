import { DomainError, SimulatedClock, createLogger, type Actor } from '@cardline/platform';
import { foldChanges, type ApplicationRecord } from '../src/application/application-record';
import type { ApplicantSecrets } from '../src/application/ports';
import type { RouteDeps } from '../src/adapters/http/routes';
import { decide, type ApplicationCommand, type ApplicationCommandOf } from '../src/domain/application';
import { DuplicateApplication } from '../src/domain/intake';
import type { BureauReport } from '../src/domain/credit-bureau';
import { creditPolicyFor, DAY } from '../src/domain/policy';

// Stand-ins for the sales use cases, answering with records the real decider
// built (so every field is shaped as the store keeps it). No Mongo, no Kafka.

export const T0 = Date.parse('2026-12-01T15:00:00Z');
const agent = { id: 'agent-1', role: 'sales_agent' };

export const SECRETS: ApplicantSecrets = {
  identity: {
    fullName: 'Dana Reyes',
    dateOfBirth: '1990-05-01',
    address: { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' },
    nationalId: '123-45-6789',
  },
  details: {
    income: { annualIncome: 9_600_000, incomeIsIndependent: true },
    housing: { status: 'RENT', monthlyCost: 180_000 },
    employment: { status: 'EMPLOYED', employer: 'Acme' },
  },
  hasCoSigner: false,
};

const applicant = {
  dateOfBirth: SECRETS.identity.dateOfBirth,
  annualIncome: 9_600_000,
  incomeIsIndependent: true,
  hasCoSigner: false,
};
export const GOOD: BureauReport = {
  bureau: 'SIMULATED',
  score: 780,
  existingMonthlyDebt: 100_000,
  recentInquiries: 1,
  thinFile: false,
};
export const THIN: BureauReport = { ...GOOD, thinFile: true };
export const POOR: BureauReport = { ...GOOD, score: 420, recentInquiries: 7 };

export const submit = (applicationId: string, complete = true): ApplicationCommandOf<'Submit'> => ({
  kind: 'Submit',
  applicationId,
  market: 'US',
  productCode: 'CLASSIC',
  identity: {
    fullName: SECRETS.identity.fullName,
    dateOfBirth: SECRETS.identity.dateOfBirth,
    address: SECRETS.identity.address,
    nationalIdHash: 'hmac-of-the-id',
    nationalIdMasked: '*****6789',
  },
  details: complete ? SECRETS.details : { income: SECRETS.details.income },
  creditCheckConsent: complete ? { channel: 'PHONE' } : null,
  duplicateOf: null,
  actor: agent,
  now: T0,
});
export const decideOn = (report: BureauReport, actor: Actor = agent): ApplicationCommand => ({
  kind: 'Decide',
  applicant,
  report,
  actor,
  now: T0 + DAY,
});

/** Applies commands in turn through the real decider and the record's fold. */
export function step(r: ApplicationRecord | null, cmd: ApplicationCommand): ApplicationRecord {
  const events = decide(cmd, r?.application ?? null, creditPolicyFor);
  return foldChanges(
    events.map((event) => ({ kind: 'domain', event })),
    r,
    'cus_1',
  ).state;
}
export const story = (...cmds: ApplicationCommand[]) =>
  cmds.reduce<ApplicationRecord | null>(step, null) as ApplicationRecord;

/**
 * app_incomplete (no consent yet), app_complete, app_referred (thin file),
 * app_approved (with account and card), app_declined.
 */
export function records(): Map<string, ApplicationRecord> {
  const approved = story(submit('app_approved'), decideOn(GOOD));
  const fulfilled = foldChanges(
    [
      { kind: 'account-opened', accountId: 'acc_1', at: T0 + DAY + 1000 },
      { kind: 'card-issued', cardId: 'card_1', at: T0 + DAY + 2000 },
    ],
    approved,
  ).state;
  return new Map([
    ['app_incomplete', story(submit('app_incomplete', false))],
    ['app_complete', story(submit('app_complete'))],
    ['app_referred', story(submit('app_referred'), decideOn(THIN))],
    ['app_approved', fulfilled],
    ['app_declined', story(submit('app_declined'), decideOn(POOR))],
  ]);
}

export function salesDeps(clock = new SimulatedClock(new Date(T0 + 2 * DAY))): RouteDeps {
  const byId = records();
  const known = (id: string) => {
    const r = byId.get(id);
    if (!r) throw new DomainError('NOT_FOUND', `application ${id} not found`);
    return r;
  };
  const now = () => clock.now().getTime();
  const apply = async (id: string, cmd: ApplicationCommand) => step(known(id), cmd);
  return {
    applications: {
      list: async (f) => [...byId.values()].filter((r) => !f.status || r.application.status === f.status),
      require: async (id) => known(id),
      sensitive: async (id) => (known(id), SECRETS),
      submit: async (input, actor) => {
        if (input.secrets.identity.nationalId === '999-99-9999')
          throw new DuplicateApplication('app_complete');
        const { nationalId, ...identity } = input.secrets.identity;
        const masked = `*****${nationalId.slice(-4)}`;
        return step(null, {
          ...submit('app_new'),
          identity: { ...identity, nationalIdHash: `hash-of-${masked}`, nationalIdMasked: masked },
          details: input.secrets.details,
          creditCheckConsent: input.creditCheckConsent,
          actor,
          now: now(),
        });
      },
      provideDetails: async (id, details, actor) =>
        apply(id, { kind: 'ProvideDetails', details, actor, now: now() }),
      consent: async (id, channel, actor) =>
        apply(id, { kind: 'ConsentToCreditCheck', channel, actor, now: now() }),
      decide: async (id, actor) => apply(id, { ...decideOn(GOOD, actor), now: now() }),
      underwrite: async (id, decision, note, actor) =>
        apply(id, {
          kind: 'Underwrite',
          decision,
          applicant,
          report: THIN,
          note,
          actor,
          now: now(),
        }),
      withdraw: async (id, reason, actor) => apply(id, { kind: 'Withdraw', reason, actor, now: now() }),
    },
    clock,
    logger: createLogger('sales', 'silent'),
    drainClock: async () => 0,
  };
}
