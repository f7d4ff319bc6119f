import { createLogger, SimulatedClock } from '@cardline/platform';
import { Runner } from '../src/runner';
import type { RunRecord } from '../src/runs';
import type { MissReason, Score } from '../src/scoring';
import { localMinutes } from '../src/evidence';
import type { ServiceName } from '../src/scenarios/scenario';
import { fakeAuditTrails, fakeSandbox, memory, type AuditRecord } from './fake-sandbox';

// Every scenario played through the runner on the fakes of runner.unit.test.ts:
// the trainee's calls as the services' audit trails record them, what the
// sandbox shows after them, and the score the scenario's steps give
// (docs/adr/0033-console-training-mode.md). Only Date is faked, so a call can
// sit minutes into the call (the hardship call's 21:00) without waiting for it.

/** 10:00 in New York: the add-on sale's first daytime zone, so its customer is there. */
const T0 = new Date('2026-03-04T15:00:00Z');
const TRAINEE = 'trainee-ann';
const MINUTE = 60_000;

/** One of the trainee's calls, `min` minutes after the call began, and the status its service answered. */
interface Call {
  min: number;
  service: ServiceName;
  method: 'GET' | 'POST';
  route: string;
  status: number;
}

/** A play: the trainee's calls, and the sandbox's state they leave for the fact steps. */
interface Play {
  calls: Call[];
  /** Disputes on the account: a fraud report makes disputes open FRAUD claims; an agent opens the others. */
  disputes?: { kind: 'FEE' | 'BILLING_ERROR' | 'FRAUD'; reason: string }[];
  /** The consent records sales kept, by who sold (only for an enrolment with every element given). */
  consents?: { soldBy: { id: string; role: string } }[];
}

const at =
  (service: ServiceName, method: Call['method'], route: string, status: number) =>
  (min: number, answered = status): Call => ({ min, service, method, route, status: answered });

const caseOpened = at('ticketing', 'POST', '/v1/cases', 201);
const replied = at('ticketing', 'POST', '/v1/cases/:caseId/replies', 201);
const statusSet = at('ticketing', 'POST', '/v1/cases/:caseId/status', 200);
const reportedStolen = at('cards', 'POST', '/v1/cards/:cardId/report-stolen', 200);
const traceRead = at('cards', 'GET', '/v1/cards/:cardId/fraud-trace', 200);
const chargeMarked = at('cards', 'POST', '/v1/cards/:cardId/fraud-report', 201);
const replacement = at('cards', 'POST', '/v1/cards/:cardId/replacement', 201);
const disputeOpened = at('disputes', 'POST', '/v1/disputes', 201);
const gate = at('collections', 'POST', '/v1/cases/:caseId/contacts', 201);
const outcome = at('collections', 'POST', '/v1/cases/:caseId/contacts/:attemptId/outcome', 201);
const promise = at('collections', 'POST', '/v1/cases/:caseId/promises', 201);
const enrolment = at('sales', 'POST', '/v1/enrolments', 201);

const fraudClaim = { kind: 'FRAUD', reason: 'UNAUTHORISED' } as const;
const lateFeeDispute = { kind: 'FEE', reason: 'LATE_FEE' } as const;
const consentByTrainee = { soldBy: { id: TRAINEE, role: 'sales_agent' } };

/** The sandbox's API as seeding and the fact steps ask it: the seed's waits answered at once. */
const sandboxApi = (play: Play, clock: SimulatedClock) => ({
  call: async (method: string, path: string) => {
    if (method === 'POST' && path === '/ledger/v1/accounts') return { accountId: 'acc-1' };
    if (path === '/cards/v1/accounts/acc-1/cards') return { items: [{ cardId: 'card-1' }] };
    if (path === '/ledger/v1/accounts/acc-1/cards') return { items: [{ status: 'ACTIVE' }] };
    // advanceUntil: the late fee already charged, the collections case already open.
    if (method === 'GET' && path === '/ledger/v1/accounts/acc-1/transactions')
      return { items: [{ kind: 'PURCHASE' }, { kind: 'FEE' }] };
    if (path === '/collections/v1/accounts/acc-1/case') return { caseId: 'case-1', status: 'OPEN' };
    if (path.endsWith('/offers?accountId=acc-1')) return { offers: [{ addOn: 'PAYMENT_PROTECTION' }] };
    if (path === '/disputes/v1/disputes?accountId=acc-1') return { items: play.disputes ?? [] };
    if (path.startsWith('/sales/v1/consent-records?customerId=trn-')) return { items: play.consents ?? [] };
    return {};
  },
  moveClocks: async (to: Date) => clock.set(to),
});

/** Seeds the scenario, makes the play's calls at their minutes, ends the call and returns the score. */
async function played(scenarioId: string, play: Play): Promise<{ score: Score; run: RunRecord }> {
  const clock = new SimulatedClock(T0);
  const runs: RunRecord[] = [];
  const audit: AuditRecord[] = [];
  const runner = new Runner(
    fakeSandbox(clock),
    memory(runs) as never,
    fakeAuditTrails(audit) as never,
    createLogger('training', 'silent'),
    { api: sandboxApi(play, clock) as never, factSettleTries: 0 },
  );
  const { runId } = await runner.start(scenarioId, TRAINEE);
  const run = runs.find((r) => r._id === runId);
  for (let i = 0; i < 100 && run?.status === 'SEEDING'; i++) await new Promise((r) => setTimeout(r, 10));
  if (run?.status !== 'READY' || !run.startedAt) throw new Error(`run ${runId} is ${run?.status}`);
  const began = run.startedAt.getTime();
  for (const c of play.calls) {
    jest.setSystemTime(began + c.min * MINUTE);
    const { min: _, ...call } = c;
    audit.push({ subject: TRAINEE, ...call, at: new Date() });
  }
  const { score } = await runner.finish(runId, { subject: TRAINEE, supervisor: false });
  if (!score) throw new Error(`run ${runId} has no score`);
  return { score, run };
}

beforeEach(() => {
  jest.useFakeTimers({
    now: T0,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
});
afterEach(() => jest.useRealTimers());

// Each scenario's steps done in the order its `after` lists require, none of
// its forbidden calls made, and the facts its calls cause shown.
const everyStep: { scenario: string; total: number; resolvedMin: number; play: Play }[] = [
  {
    scenario: 'stolen-card',
    total: 6,
    resolvedMin: 5,
    play: {
      calls: [caseOpened(1), reportedStolen(2), traceRead(3), chargeMarked(4), replacement(5)],
      disputes: [fraudClaim],
    },
  },
  {
    scenario: 'late-fee',
    total: 5,
    resolvedMin: 4,
    play: {
      calls: [caseOpened(1), disputeOpened(2), replied(3), statusSet(4)],
      disputes: [lateFeeDispute],
    },
  },
  {
    // The seed ends at 20:55 local: the gate asked then, the outcome logged at 20:59.
    scenario: 'hardship-call',
    total: 5,
    resolvedMin: 4,
    play: { calls: [gate(0), outcome(4)] },
  },
  {
    scenario: 'addon-sale',
    total: 3,
    resolvedMin: 3,
    play: { calls: [enrolment(3)], consents: [consentByTrainee] },
  },
];

it.each(everyStep)(
  '$scenario: every required step done in order and no forbidden call made scores 100 with nothing missed',
  async ({ scenario, total, resolvedMin, play }) => {
    const { score } = await played(scenario, play);
    expect(score).toMatchObject({ score: 100, met: total, total, missed: [] });
    expect(score.steps.filter((s) => !s.met)).toEqual([]);
    // From the call's start to the last required call step.
    expect(score.resolvedInMs).toBe(resolvedMin * MINUTE);
  },
);

// The same plays with one thing done against the rule the scenario is about.
const oneMiss: {
  scenario: string;
  rule: string;
  what: string;
  play: Play;
  missed: string;
  reason: MissReason;
  total: number;
  score: number;
}[] = [
  {
    scenario: 'stolen-card',
    rule: 'REG_Z.UNAUTHORISED_USE',
    what: 'the unrecognised charge marked before the fraud trace was reviewed is out of order',
    // The claim still opens: only the order is wrong.
    play: {
      calls: [caseOpened(1), reportedStolen(2), chargeMarked(3), traceRead(4), replacement(5)],
      disputes: [fraudClaim],
    },
    missed: 'charges-marked',
    reason: 'out-of-order',
    total: 6,
    score: 83,
  },
  {
    scenario: 'late-fee',
    rule: 'DISPUTES.GOODWILL_FIRST_LATE_FEE',
    what: 'a dispute opened on the fee as another fee (OTHER_FEE) leaves the late fee undisputed',
    play: {
      calls: [caseOpened(1), disputeOpened(2), replied(3), statusSet(4)],
      disputes: [{ kind: 'FEE', reason: 'OTHER_FEE' }],
    },
    missed: 'fee-disputed',
    reason: 'not-done',
    total: 5,
    score: 80,
  },
  {
    scenario: 'hardship-call',
    rule: 'US.CONTACT_HOURS',
    what: 'a call let through at 20:55 whose outcome is logged at 21:00 was not over by 21:00',
    play: { calls: [gate(0), outcome(5)] },
    missed: 'call-over-by-21',
    reason: 'forbidden-done',
    total: 5,
    score: 80,
  },
  {
    scenario: 'hardship-call',
    rule: 'COLLECTIONS.HARDSHIP_NO_PRESSURE',
    what: 'a promise to pay taken from a customer who says they cannot pay is pressure',
    play: { calls: [gate(0), promise(2), outcome(4)] },
    missed: 'no-promise-pressed',
    reason: 'forbidden-done',
    total: 5,
    score: 80,
  },
  {
    scenario: 'addon-sale',
    rule: 'SALES.CONSENT_ELEMENTS',
    what: 'an enrolment sales refused for an unacknowledged disclosure counts against the sale even when a later one goes through',
    play: { calls: [enrolment(1, 422), enrolment(3)], consents: [consentByTrainee] },
    missed: 'no-refused-enrolment',
    reason: 'forbidden-done',
    total: 3,
    score: 67,
  },
];

it.each(oneMiss)(
  '$scenario ($rule): $what',
  async ({ scenario, rule, play, missed, reason, total, score: expected }) => {
    const { score } = await played(scenario, play);
    expect(score.missed).toEqual([missed]);
    expect(score.steps.find((s) => s.id === missed)).toMatchObject({ met: false, rule, reason });
    expect(score).toMatchObject({ met: total - 1, total, score: expected });
  },
);

it('hardship-call (US.CONTACT_HOURS): a redial the gate refuses at 21:01 is no call started after 21:00', async () => {
  const { score, run } = await played('hardship-call', {
    calls: [gate(0), outcome(4), gate(6, 409)],
  });
  expect(localMinutes(run.anchor?.simulated ?? 0, run.seeded?.timeZone ?? '')).toBe(20 * 60 + 55);
  expect(score).toMatchObject({ score: 100, missed: [] });
});
