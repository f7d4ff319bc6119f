import { SimulatedClock } from '@cardline/platform';
import type { CaseService } from '../src/application/case-service';
import type { CollectorActivity, Complaints, ContactLog } from '../src/application/ports';
import { ReportService } from '../src/application/report-service';
import { decide, fold, type CaseCommand, type CaseState } from '../src/domain/case';
import { casePolicyFor } from '../src/domain/case-policy';
import { DEFAULT_STRATEGIES } from '../src/domain/strategy-config';

// The supervisors' reports over collections' own read models, with the real
// decider building the cases and in-memory stand-ins for the stores.

const T0 = Date.UTC(2026, 2, 4, 15, 0);
const DAY = 86_400_000;
const alice = { id: 'collector-alice', role: 'collector' };
const bob = { id: 'collector-bob', role: 'collector' };
const story = (...commands: CaseCommand[]): CaseState =>
  commands.reduce<CaseState | null>((s, c) => fold(decide(c, s), s), null) as CaseState;

const open = (n: number): CaseCommand => ({
  kind: 'OpenCase',
  caseId: `col_${n}`,
  accountId: `acc_${n}`,
  account: { customerId: `cus_${n}`, market: 'US', timeZone: 'America/New_York' },
  currency: 'USD',
  openDisputes: [],
  bucket: 'DPD_1_29',
  daysPastDue: 1,
  amountPastDue: 5000,
  asOf: T0,
  now: T0,
});
const assign: CaseCommand = { kind: 'AssignStrategy', strategies: DEFAULT_STRATEGIES, now: T0 };
const promise = (actor: typeof alice): CaseCommand => ({
  kind: 'MakePromise',
  promiseId: `ptp_${actor.id}`,
  instalments: [{ amount: 2000, dueDate: '2026-03-06' }],
  policy: casePolicyFor('US'),
  actor,
  now: T0,
});
const paid: CaseCommand = {
  kind: 'RecordPayment',
  transactionId: 'txn_1',
  amount: 2000,
  postedAt: T0 + 1,
  now: T0 + 1,
};
const check: CaseCommand = { kind: 'CheckPromises', now: T0 + 10 * DAY };
const cured: CaseCommand = {
  kind: 'RecordDelinquency',
  bucket: 'CURRENT',
  daysPastDue: 0,
  amountPastDue: 0,
  asOf: T0 + 11 * DAY,
  now: T0 + 11 * DAY,
};

// col_1: alice's promise kept, then cured; col_2: bob's promise broken; col_3: no strategy.
const CASES = [
  story(open(1), assign, promise(alice), paid, check, cured),
  story(open(2), assign, promise(bob), check),
  story(open(3)),
];

function service(activity: CollectorActivity[], complaints: Map<string, number>) {
  const cases = {
    withStrategy: async (id?: string) =>
      CASES.filter((s) => s.strategy && (!id || s.strategy.strategyId === id)),
    withPromises: async () => CASES.filter((s) => s.promises.length > 0),
  } as unknown as CaseService;
  const log = {
    attemptsPerCase: async (ids: readonly string[]) => new Map(ids.map((id) => [id, id === 'col_1' ? 3 : 1])),
    collectorActivity: async () => activity,
  } as unknown as ContactLog;
  const store: Complaints = { record: async () => undefined, countByCollector: async () => complaints };
  return new ReportService(cases, log, store, new SimulatedClock(new Date(T0)));
}

describe('the variant report', () => {
  it('groups the cases by their recorded strategy and variant, with contacts from the contact records', async () => {
    const report = await service([], new Map()).strategyReport();
    expect(report.truncated).toBe(false);
    expect(report.items.map((i) => i.strategyId)).toEqual(['US.EARLY']);
    const variants = report.items[0]?.variants ?? [];
    expect(variants.reduce((n, v) => n + v.cases, 0)).toBe(2);
    expect(variants.reduce((n, v) => n + v.contactsUsed, 0)).toBe(4);
    expect(variants.reduce((n, v) => n + v.cured, 0)).toBe(1);
    expect(variants.reduce((n, v) => n + v.amountRecovered, 0)).toBe(2000);
  });

  it('reads one strategy when asked', async () => {
    expect((await service([], new Map()).strategyReport('US.MID')).items).toEqual([]);
  });
});

describe('the scorecards', () => {
  it('take promises by who made them, complaints and overrides from the records, and rank conduct first', async () => {
    const cards = await service(
      [
        { collectorId: alice.id, contacts: 4, refusalsOverridden: 0, gateRefusals: 1 },
        { collectorId: bob.id, contacts: 2, refusalsOverridden: 0, gateRefusals: 0 },
      ],
      new Map([[alice.id, 2]]),
    ).scorecards({});
    expect(
      cards.map((c) => [c.collectorId, c.promisesKept, c.promisesBroken, c.amountRecovered, c.complaints]),
    ).toEqual([
      [alice.id, 1, 0, 2000, 2],
      [bob.id, 0, 1, 0, 0],
    ]);
    // alice: 20 conduct + 30 promises + 30 recovery = 80; bob: 40 + 0 + 0.
    expect(cards.map((c) => c.score)).toEqual([80, 40]);
  });

  it('counts only promises decided in the period', async () => {
    const cards = await service([], new Map()).scorecards({ from: new Date(T0 + 30 * DAY) });
    expect(cards).toEqual([]);
  });

  it('finds one collector’s card, or none', async () => {
    const s = service([], new Map());
    expect((await s.scorecard(bob.id, {}))?.rank).toBe(2);
    expect(await s.scorecard('nobody', {})).toBeNull();
  });
});
