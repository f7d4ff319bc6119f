import fc from 'fast-check';
import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  fold,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { DEFAULT_RULE_PACKS } from '../src/domain/policy';
import { variantFor } from '../src/domain/strategies';
import { DEFAULT_STRATEGIES } from '../src/domain/strategy-config';
import {
  DAY_MS,
  dayPastDue,
  nextTreatmentAt,
  QUIET_AFTER_CONTACT_MS,
  treatmentDue,
} from '../src/domain/treatment-plan';

const caseDecider: Decider<CaseCommand, CaseEvent, CaseState | null> = {
  decide,
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

// 2026-03-04 15:00 UTC is 10:00 in New York (EST) and 23:00 in Shanghai.
const T0 = Date.UTC(2026, 2, 4, 15, 0);
const HOUR = 3_600_000;
const runner = { id: 'strategy-runner', role: 'system' };

/** An account id whose hash picks the variant wanted (the split is by a stable hash, strategies.ts). */
function accountFor(market: 'US' | 'CN', variantId: string): string {
  const strategy = DEFAULT_STRATEGIES[market].DPD_1_29;
  for (let i = 0; ; i++) if (variantFor(`acc_${i}`, strategy).variantId === variantId) return `acc_${i}`;
}
const US_CHAMPION = accountFor('US', 'CHAMPION');
const US_CALL_FIRST = accountFor('US', 'CHALLENGER_CALL_FIRST');
const CN_CHAMPION = accountFor('CN', 'CHAMPION');

const open = (accountId: string, market: 'US' | 'CN' = 'US', daysPastDue = 1): CaseCommand => ({
  kind: 'OpenCase',
  caseId: `col_${accountId}`,
  accountId,
  account: {
    customerId: 'cus_1',
    market,
    timeZone: market === 'US' ? 'America/New_York' : 'Asia/Shanghai',
  },
  currency: market === 'US' ? 'USD' : 'CNY',
  openDisputes: [],
  bucket: 'DPD_1_29',
  daysPastDue,
  amountPastDue: 2500,
  asOf: T0,
  now: T0,
});
const assign: CaseCommand = { kind: 'AssignStrategy', strategies: DEFAULT_STRATEGIES, now: T0 };
const apply = (now: number, attemptId = 'att_1'): CaseCommand => ({
  kind: 'ApplyTreatment',
  attemptId,
  strategies: DEFAULT_STRATEGIES,
  history: [],
  packs: DEFAULT_RULE_PACKS,
  actor: runner,
  now,
});
const story = (...commands: CaseCommand[]): CaseState =>
  commands.reduce<CaseState | null>((s, c) => fold(decide(c, s), s), null) as CaseState;
/** Day `n` past due at the same hour as T0 (the case opened at day 1). */
const day = (n: number) => T0 + (n - 1) * DAY_MS;

describe('planning the treatment due', () => {
  const s = story(open(US_CHAMPION), assign);

  it('counts days past due from the ledger’s report, whole days only', () => {
    expect(dayPastDue(s, T0)).toBe(1);
    expect(dayPastDue(s, day(3) - 1)).toBe(2);
    expect(dayPastDue(s, day(3))).toBe(3);
  });

  it('plans nothing before the first step’s day, and the SMS reminder on day 3 (US champion)', () => {
    expect(treatmentDue(s, DEFAULT_STRATEGIES, day(3) - 1)).toBeNull();
    expect(treatmentDue(s, DEFAULT_STRATEGIES, day(3))).toEqual({
      caseId: s.caseId,
      strategyId: 'US.EARLY',
      variantId: 'CHAMPION',
      step: { day: 3, treatment: 'SMS_REMINDER' },
      channel: 'SMS',
    });
  });

  it('plans only the latest step due after a gap: no burst of stale reminders', () => {
    expect(treatmentDue(s, DEFAULT_STRATEGIES, day(16))?.step).toEqual({ day: 15, treatment: 'CALL' });
  });

  it('follows the recorded variant: the challenger calls first on day 5', () => {
    const c = story(open(US_CALL_FIRST), assign);
    expect(treatmentDue(c, DEFAULT_STRATEGIES, day(5))?.step).toEqual({ day: 5, treatment: 'CALL' });
    expect(treatmentDue(c, DEFAULT_STRATEGIES, day(4))).toBeNull();
  });

  it('plans nothing while a promise runs, and resumes after its deadline', () => {
    const promised = story(open(US_CHAMPION), assign, {
      kind: 'MakePromise',
      promiseId: 'ptp_1',
      instalments: [{ amount: 1000, dueDate: '2026-03-06' }],
      policy: { promiseGraceDays: 2, maxInstalments: 6, maxPromiseDaysAhead: 90 },
      actor: { id: 'collector-1', role: 'collector' },
      now: T0,
    });
    const deadline = promised.promises[0]?.instalments[0]?.deadlineAt ?? 0;
    expect(treatmentDue(promised, DEFAULT_STRATEGIES, deadline - 1)).toBeNull();
    expect(nextTreatmentAt(promised, DEFAULT_STRATEGIES)).toBe(deadline);
  });

  it('holds treatments for a day after a recorded contact (a collector is working the case)', () => {
    const contacted = { ...s, lastContactAt: day(3) - HOUR };
    expect(treatmentDue(contacted, DEFAULT_STRATEGIES, day(3))).toBeNull();
    expect(nextTreatmentAt(contacted, DEFAULT_STRATEGIES)).toBe(day(3) - HOUR + QUIET_AFTER_CONTACT_MS);
  });

  it('plans nothing on a closed case, an unknown market or a case without a strategy', () => {
    expect(treatmentDue({ ...s, status: 'CLOSED' }, DEFAULT_STRATEGIES, day(3))).toBeNull();
    expect(treatmentDue({ ...s, market: 'UNKNOWN' }, DEFAULT_STRATEGIES, day(3))).toBeNull();
    const bare = story(open(US_CHAMPION));
    expect(treatmentDue(bare, DEFAULT_STRATEGIES, day(3))).toBeNull();
    expect(nextTreatmentAt(bare, DEFAULT_STRATEGIES)).toBeNull();
  });

  it('has no next treatment once the last step was applied', () => {
    const done = { ...s, treatments: { strategyId: 'US.EARLY', lastStepDay: 15, retryAt: null } };
    expect(nextTreatmentAt(done, DEFAULT_STRATEGIES)).toBeNull();
    expect(treatmentDue(done, DEFAULT_STRATEGIES, day(29))).toBeNull();
  });
});

describe('the runner on a case', () => {
  const ready = given().after(open(US_CHAMPION), assign);

  it('asks the gate as the strategy runner, records the treatment, and the first SMS carries the validation notice', () => {
    ready.when(apply(day(3))).thenEventsMatch([
      {
        type: 'collections.case.contact-decided.v1',
        payload: {
          attemptId: 'att_1',
          channel: 'SMS',
          party: 'DEBTOR',
          allowed: true,
          contactRef: 'phone:on-file',
          requestedBy: runner,
        },
      },
      {
        type: 'collections.case.treatment-applied.v1',
        payload: {
          strategyId: 'US.EARLY',
          variantId: 'CHAMPION',
          day: 3,
          treatment: 'SMS_REMINDER',
          attemptId: 'att_1',
          allowed: true,
          ruleId: null,
          retryAt: null,
        },
      },
      {
        type: 'collections.case.contact-facts-changed.v1',
        payload: { changed: ['validationNoticeSentAt'], validationNoticeSentAt: day(3) },
      },
    ]);
  });

  it('makes no contact twice: a second run the same day finds nothing due', () => {
    ready
      .after(apply(day(3)))
      .when(apply(day(3) + HOUR, 'att_2'))
      .thenNothingHappened();
  });

  it('records a refusal with its rule and tries again at the gate’s next allowed instant (21:00 New York)', () => {
    const at2100 = Date.UTC(2026, 2, 7, 2, 0); // 6 March 21:00 EST, day 3
    const next8 = Date.UTC(2026, 2, 7, 13, 0); // 7 March 08:00 EST
    ready.when(apply(at2100)).thenEventsMatch([
      {
        type: 'collections.case.contact-decided.v1',
        payload: { allowed: false, ruleIds: ['US.CONTACT_HOURS'] },
      },
      {
        type: 'collections.case.treatment-applied.v1',
        payload: { allowed: false, ruleId: 'US.CONTACT_HOURS', retryAt: next8 },
      },
    ]);
    const s = story(open(US_CHAMPION), assign, apply(at2100));
    expect(nextTreatmentAt(s, DEFAULT_STRATEGIES)).toBe(next8);
  });

  it('is refused by a cease request and asks again a day later', () => {
    ready
      .after({
        kind: 'RecordContactFacts',
        change: { ceaseRequested: true },
        actor: { id: 'collector-1', role: 'collector' },
        now: T0,
      })
      .when(apply(day(3)))
      .thenEventsMatch([
        { type: 'collections.case.contact-decided.v1', payload: { allowed: false, ruleIds: ['ALL.CEASE'] } },
        {
          type: 'collections.case.treatment-applied.v1',
          payload: { allowed: false, ruleId: 'ALL.CEASE', retryAt: day(4) },
        },
      ]);
  });

  it('refuses the challenger’s first call before any validation notice went out (a call cannot carry it)', () => {
    given()
      .after(open(US_CALL_FIRST), assign)
      .when(apply(day(5)))
      .thenEventsMatch([
        {
          type: 'collections.case.contact-decided.v1',
          payload: { allowed: false, ruleIds: ['US.VALIDATION_NOTICE'] },
        },
        { type: 'collections.case.treatment-applied.v1', payload: { allowed: false } },
      ]);
  });

  it('sends a CN WeChat message on day 1, not at 23:00 Shanghai time', () => {
    const cn = given().after(open(CN_CHAMPION, 'CN'), assign);
    cn.when(apply(T0)).thenEventsMatch([
      {
        type: 'collections.case.contact-decided.v1',
        payload: { allowed: false, ruleIds: ['CN.QUIET_HOURS'] },
      },
      {
        type: 'collections.case.treatment-applied.v1',
        payload: { treatment: 'WECHAT_MESSAGE', allowed: false },
      },
    ]);
    cn.when(apply(T0 + 10 * HOUR)).thenEventsMatch([
      { type: 'collections.case.contact-decided.v1', payload: { allowed: true, channel: 'WECHAT' } },
      { type: 'collections.case.treatment-applied.v1', payload: { allowed: true, day: 1 } },
    ]);
  });

  it('hands a case to legal referral without asking the gate: nobody is contacted', () => {
    given()
      .after({ ...open(US_CHAMPION, 'US', 120), bucket: 'DPD_120_179' } as CaseCommand, assign)
      .when(apply(T0))
      .then([
        {
          type: 'collections.case.treatment-applied.v1',
          payload: {
            caseId: `col_${US_CHAMPION}`,
            accountId: US_CHAMPION,
            strategyId: 'US.PRE_CHARGE_OFF',
            variantId: 'CHAMPION',
            day: 120,
            treatment: 'LEGAL_REFERRAL',
            attemptId: null,
            allowed: true,
            ruleId: null,
            retryAt: null,
            appliedAt: T0,
          },
        },
      ]);
  });
});

describe('the runner’s timer field', () => {
  const arbCase = fc.record({
    market: fc.constantFrom('US' as const, 'CN' as const),
    account: fc.integer({ min: 0, max: 500 }),
    daysPastDue: fc.integer({ min: 1, max: 29 }),
    lastStepDay: fc.integer({ min: 0, max: 20 }),
    retryIn: fc.option(fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS })),
    contactAgo: fc.option(fc.integer({ min: 0, max: 3 * DAY_MS })),
    after: fc.integer({ min: -10 * DAY_MS, max: 40 * DAY_MS }),
  });

  it('is due exactly when a treatment is planned, also before the ledger’s report instant (1,000 random cases and instants)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const base = story(open(`acc_${c.account}`, c.market, c.daysPastDue), assign);
        const strategyId = base.strategy?.strategyId ?? '';
        const s: CaseState = {
          ...base,
          treatments: {
            strategyId,
            lastStepDay: c.lastStepDay,
            retryAt: c.retryIn === null ? null : T0 + c.retryIn,
          },
          lastContactAt: c.contactAgo === null ? null : T0 - c.contactAgo,
        };
        const now = T0 + c.after;
        const next = nextTreatmentAt(s, DEFAULT_STRATEGIES);
        const planned = treatmentDue(s, DEFAULT_STRATEGIES, now);
        expect(planned !== null).toBe(next !== null && next <= now);
      }),
      { numRuns: 1000 },
    );
  });

  it('always moves on after a run that did something, so the leased timer never spins (1,000 runs)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const s = story(open(`acc_${c.account}`, c.market, c.daysPastDue), assign);
        const now = T0 + c.after;
        const events = decide(apply(now), s);
        if (events.length === 0) return;
        const next = nextTreatmentAt(fold(events, s) as CaseState, DEFAULT_STRATEGIES);
        expect(next === null || next > now).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
