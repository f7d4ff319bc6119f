import { SimulatedClock } from '@cardline/platform';
import type { RouteDeps } from '../../../services/collections/src/adapters/http/routes';
import { ContactService } from '../../../services/collections/src/application/contact-service';
import { ReliefService } from '../../../services/collections/src/application/relief-service';
import type { CaseService } from '../../../services/collections/src/application/case-service';
import type { ContactDecisionRecord } from '../../../services/collections/src/application/ports';
import { ReportService } from '../../../services/collections/src/application/report-service';
import { casePolicyFor } from '../../../services/collections/src/domain/case-policy';
import { DEFAULT_RULE_PACKS, planPolicyFor } from '../../../services/collections/src/domain/policy';
import {
  decide,
  DomainError,
  fold,
  type CaseCommand,
  type CaseState,
} from '../../../services/collections/src/domain/case';

// Stand-ins for the collections use cases, answering with states the real
// decider built (so every field is shaped as the aggregate stores it).

const T0 = Date.parse('2026-03-04T12:00:00Z');
const collector = { id: 'collector-1', role: 'collector' };

const story = (...commands: CaseCommand[]): CaseState =>
  commands.reduce<CaseState | null>((s, c) => fold(decide(c, s), s), null) as CaseState;

const open: CaseCommand = {
  kind: 'OpenCase',
  caseId: 'col-1',
  accountId: 'acc-1',
  account: { customerId: 'cus-1', market: 'US', timeZone: 'America/New_York' },
  currency: 'USD',
  openDisputes: [{ disputeId: 'dsp-1', amount: 500 }],
  bucket: 'DPD_1_29',
  daysPastDue: 2,
  amountPastDue: 2500,
  asOf: T0,
  now: T0,
};
const promise = (
  now: number,
  instalments = [{ amount: 1000, dueDate: '2026-03-10' }],
  promiseId = 'ptp-1',
): CaseCommand => ({
  kind: 'MakePromise',
  promiseId,
  instalments,
  policy: casePolicyFor('US'),
  actor: collector,
  now,
});

/** col-1: open, a dispute held, a promise broken; col-closed: cured. */
const OPEN = story(open, promise(T0), { kind: 'CheckPromises', now: Date.parse('2026-03-14T00:00:00Z') });
const CLOSED = story(
  { ...open, caseId: 'col-closed' },
  {
    kind: 'RecordDelinquency',
    bucket: 'CURRENT',
    daysPastDue: 0,
    amountPastDue: 0,
    asOf: T0 + 86_400_000,
    now: T0 + 86_400_000,
  },
);
/** col-plan: a plan of three instalments, each kept (the evidence a re-age needs). */
const PLAN = story(
  { ...open, caseId: 'col-plan', openDisputes: [], amountPastDue: 30_000 },
  {
    kind: 'ProposePlan',
    planId: 'pln-0',
    count: 3,
    frequency: 'MONTHLY',
    firstDueDate: '2026-03-10',
    totalAmount: 3000,
    policy: planPolicyFor('US'),
    actor: collector,
    now: T0,
  },
  { kind: 'AcceptPlan', planId: 'pln-0', actor: collector, now: T0 },
  { kind: 'RecordPayment', transactionId: 'txn-1', amount: 3000, postedAt: T0 + 1, now: T0 + 1 },
  { kind: 'CheckPlans', now: Date.parse('2026-05-14T00:00:00Z') },
);
const byId = new Map([OPEN, CLOSED, PLAN].map((c) => [c.caseId, c]));
const known = (id: string) => {
  const c = byId.get(id);
  if (!c) throw new DomainError('NOT_FOUND', `case ${id} not found`);
  return c;
};

/**
 * The real contact use cases over these states (each command moves the
 * stored state on) and an in-memory decision log; attempt ids are att-1, att-2….
 */
function contactsOver(clock: SimulatedClock): ContactService {
  const log: ContactDecisionRecord[] = [];
  const cases = {
    require: async (id: string) => known(id),
    decideAndSave: async (id: string, command: () => CaseCommand) => {
      const s = known(id);
      const events = decide(command(), s);
      const state = fold(events, s) as CaseState;
      byId.set(id, state);
      return { state, events };
    },
  } as unknown as CaseService;
  let n = 0;
  return new ContactService(
    cases,
    {
      appendAttempt: async () => undefined,
      appendDecision: async (r) => void log.push(r),
      historyOf: async () => [],
      decisions: async () => log,
      attemptsPerCase: async () => new Map(),
      collectorActivity: async () => [],
    },
    clock,
    DEFAULT_RULE_PACKS,
    () => `att-${++n}`,
  );
}

/** The real plan, hardship and re-age use cases over these states; the account opened on 1 January 2025. */
function reliefOver(clock: SimulatedClock): ReliefService {
  const cases = {
    list: async () => [],
    decideAndSave: async (
      id: string,
      command: () => CaseCommand,
      _ctx: unknown,
      enrich?: (c: CaseCommand, s: CaseState) => Promise<CaseCommand>,
    ) => {
      const s = known(id);
      const events = decide(enrich ? await enrich(command(), s) : command(), s);
      const state = fold(events, s) as CaseState;
      byId.set(id, state);
      return { state, events };
    },
  } as unknown as CaseService;
  const accounts = {
    account: async (accountId: string) => ({
      accountId,
      customerId: 'cus-1',
      market: 'US' as const,
      timeZone: 'America/New_York',
      currency: 'USD',
      openedAt: Date.parse('2025-01-01T12:00:00Z'),
    }),
  };
  return new ReliefService(
    cases,
    accounts,
    () => clock.now().getTime(),
    (prefix) => `${prefix}-1`,
  );
}

/** The real report use cases over these states; collector-1 made the promises, no contact recorded. */
function reportsOver(clock: SimulatedClock): ReportService {
  const cases = {
    require: async (id: string) => known(id),
    withStrategy: async () => [...byId.values()].filter((s) => s.strategy),
    withPromises: async () => [...byId.values()].filter((s) => s.promises.length > 0),
  } as unknown as CaseService;
  const log = {
    attemptsPerCase: async () => new Map([['col-1', 2]]),
    collectorActivity: async () => [
      { collectorId: 'collector-1', contacts: 2, refusalsOverridden: 0, gateRefusals: 1 },
    ],
  };
  const complaints = { record: async () => undefined, countByCollector: async () => new Map() };
  return new ReportService(cases, log as never, complaints, clock);
}

/** A queue of one case: the first claim gets it, later ones find nothing free. */
function worklistOf() {
  let claimed = false;
  return {
    list: async () => [{ state: known('col-1'), claimedBy: null, claimedUntil: null }],
    claim: async (collector: string) => {
      if (claimed) return null;
      claimed = true;
      return { state: known('col-1'), claimedBy: collector, claimedUntil: new Date('2026-03-15T12:15:00Z') };
    },
    release: async (id: string, _collector: string, anyHolder: boolean) => {
      const s = known(id);
      if (!anyHolder)
        throw new DomainError('INVALID_STATE', `case ${id} is not claimed by you`, 'NOT_CLAIMED');
      return s;
    },
  };
}

export function collectionsDeps(clock = new SimulatedClock(new Date('2026-03-15T12:00:00Z'))): RouteDeps {
  return {
    contacts: contactsOver(clock),
    relief: reliefOver(clock),
    worklist: worklistOf(),
    cases: {
      require: async (id: string) => known(id),
      list: async (f: { accountId?: string }) =>
        !f.accountId || f.accountId === 'acc-1' ? [OPEN, CLOSED] : [],
      forAccount: async (accountId: string) => (accountId === 'acc-1' ? OPEN : null),
      makePromise: async (id: string, c: { instalments: { amount: number; dueDate: string }[] }) => {
        const s = known(id);
        const events = decide(promise(clock.now().getTime(), c.instalments, 'ptp-2'), s);
        return { state: fold(events, s) as CaseState, events };
      },
    },
    reports: reportsOver(clock),
    clock,
    drainPromises: async () => 0,
    drainTreatments: async () => 0,
  } as unknown as RouteDeps;
}
