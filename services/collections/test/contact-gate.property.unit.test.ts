import fc from 'fast-check';
import {
  CHANNELS,
  type Channel,
  type ContactAttempt,
  type ContactRecord,
  type DebtorFacts,
  type Outcome,
} from '../src/domain/contact';
import { decide, rulesOf } from '../src/domain/contact-gate';
import { DEFAULT_RULE_PACKS, type Market, type RuleId } from '../src/domain/policy';
import { DAY, HONOLULU, HOUR, LA, NY, PHOENIX, SHANGHAI } from './contact-fixtures';
import { firstAllowed, forbiddenBy, offsetHours, ORACLE_ZONES, type OracleCase } from './contact-oracle';

const ZONES = [NY, LA, PHOENIX, SHANGHAI, HONOLULU];
/** The US DST changes of 2026 and 2027 in New York and Los Angeles: sequences start near one. */
const DST_CHANGES = [
  '2026-03-08T07:00:00Z',
  '2026-03-08T10:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-11-01T09:00:00Z',
  '2027-03-14T07:00:00Z',
  '2027-11-07T09:00:00Z',
].map(Date.parse);

const iso = (ms: number) => new Date(ms).toISOString();
/** True about once in n draws. */
const rarely = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const weighted = <T>(...pairs: [T, number][]) =>
  fc.oneof(...pairs.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

type Change = 'CEASE' | 'ATTORNEY' | 'REVOKE_CONSENT' | 'GRANT_CONSENT' | 'SEND_NOTICE';

interface Step {
  gap: number;
  /** Ask again with the last refused attempt at the instant the gate named. */
  retry: boolean;
  attempt: ContactAttempt;
  outcome: Outcome;
  /** The debtor calls in instead: recorded, never asked about. */
  inbound: boolean;
  change: Change | null;
}

const attemptArb: fc.Arbitrary<ContactAttempt> = fc.record({
  debtId: weighted(['debt-1', 3], ['debt-2', 1]),
  channel: weighted<Channel>(
    ['CALL', 6],
    ['SMS', 2],
    ['EMAIL', 1],
    ['LETTER', 1],
    ['WECHAT', 2],
    ['FIELD_VISIT', 1],
  ),
  party: weighted(['DEBTOR', 14], ['GUARANTOR', 2], ['THIRD_PARTY', 1]),
  autodialled: fc.boolean(),
  hasOptOut: rarely(10).map((x) => !x),
  carriesValidationNotice: rarely(15),
});

const stepArb: fc.Arbitrary<Step> = fc.record({
  gap: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 3 * HOUR }), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: 2 * DAY }), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 8 * DAY }), weight: 1 },
  ),
  retry: rarely(3),
  attempt: attemptArb,
  outcome: weighted<Outcome>(
    ['NO_ANSWER', 10],
    ['RIGHT_PARTY_CONTACT', 2],
    ['WRONG_PARTY', 1],
    ['REFUSED', 1],
    ['PROMISE', 1],
  ),
  inbound: rarely(12),
  change: fc.oneof(
    { arbitrary: fc.constant(null), weight: 40 },
    {
      arbitrary: fc.constantFrom<Change>(
        'CEASE',
        'ATTORNEY',
        'REVOKE_CONSENT',
        'GRANT_CONSENT',
        'SEND_NOTICE',
      ),
      weight: 1,
    },
  ),
});

const caseArb = fc
  .record({
    market: fc.constantFrom<Market>('US', 'CN'),
    timeZone: fc.oneof(
      { arbitrary: fc.constantFrom(...ZONES), weight: 40 },
      { arbitrary: fc.constant('Mars/Olympus_Mons'), weight: 1 },
    ),
    start: fc
      .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -10 * DAY, max: 3 * DAY }))
      .map(([c, d]) => c + d),
    notice: weighted<'BEFORE' | 'NONE' | 'LATER'>(['BEFORE', 10], ['NONE', 1], ['LATER', 1]),
    noticeLag: fc.integer({ min: 1, max: 2 * DAY }),
    /** A campaign on one debt, to reach the frequency limits. */
    campaign: weighted<Campaign>(['NONE', 4], ['CALLING', 2], ['TALKING', 1]),
    ceaseRequested: rarely(30),
    attorneyOnFile: rarely(30),
    doNotContact: fc.oneof(
      { arbitrary: fc.constant([]), weight: 8 },
      { arbitrary: fc.subarray([...CHANNELS], { maxLength: 2 }), weight: 1 },
    ),
    mobile: fc.boolean(),
    autodialConsentOnMobile: fc.boolean(),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 24 }),
  })
  .map(({ market, start, notice, noticeLag, campaign, steps, ...f }) => {
    const noticeAt =
      notice === 'NONE' ? null : iso(notice === 'BEFORE' ? start - noticeLag : start + noticeLag);
    const facts: DebtorFacts = { ...f, validationNoticeSentAt: noticeAt };
    return { market, start, facts, steps: campaign === 'NONE' ? steps : steps.map(inCampaign(campaign)) };
  });

type Campaign = 'NONE' | 'CALLING' | 'TALKING';

/**
 * The debtor contacted every few hours: CALLING calls one debt, answered one
 * time in eight; TALKING reaches the debtor on any channel most times.
 */
const inCampaign =
  (campaign: Campaign) =>
  (step: Step, i: number): Step => {
    const calling = campaign === 'CALLING';
    const attempt = { ...step.attempt, debtId: 'debt-1', party: 'DEBTOR' as const };
    return {
      ...step,
      gap: step.gap % (3 * HOUR),
      attempt: calling ? { ...attempt, channel: 'CALL' } : attempt,
      outcome: calling
        ? i % 8 === 7
          ? step.outcome
          : 'NO_ANSWER'
        : step.outcome === 'NO_ANSWER' && i % 4 !== 3
          ? 'RIGHT_PARTY_CONTACT'
          : step.outcome,
    };
  };

function changed(facts: DebtorFacts, change: Change | null, at: number): DebtorFacts {
  switch (change) {
    case 'CEASE':
      return { ...facts, ceaseRequested: true };
    case 'ATTORNEY':
      return { ...facts, attorneyOnFile: true };
    case 'REVOKE_CONSENT':
      return { ...facts, autodialConsentOnMobile: false };
    case 'GRANT_CONSENT':
      return { ...facts, autodialConsentOnMobile: true };
    case 'SEND_NOTICE':
      return { ...facts, validationNoticeSentAt: facts.validationNoticeSentAt ?? iso(at) };
    case null:
      return facts;
  }
}

// Inside the runs, expect is called only on a disagreement: 200,000 calls of it would cost more than the gate.
describe('the contact gate against an independent oracle', () => {
  it("agrees with the oracle's clock: its offset table matches the time zone database", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2028-12-31') }),
        (zone, ms) => {
          const shown = new Date(ms).toLocaleString('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
          const m = /GMT([+-]\d\d):?(\d\d)?/.exec(shown);
          expect(m ? Number(m[1]) : 0).toBe(offsetHours(zone, ms));
        },
      ),
      { numRuns: 2000 },
    );
    expect(Object.keys(ORACLE_ZONES).sort()).toEqual([...ZONES].sort());
  });

  it('over 10,000 random sequences, allows exactly what no rule forbids, names a broken rule, and the exact next instant', () => {
    const refusedBy = new Map<RuleId, number>();
    let allowed = 0;
    fc.assert(
      fc.property(caseArb, ({ market, start, facts: initial, steps }) => {
        const pack = DEFAULT_RULE_PACKS[market];
        const history: ContactRecord[] = [];
        let facts = initial;
        let t = start;
        let last: { attempt: ContactAttempt; next: number } | null = null;
        for (const step of steps) {
          let attempt = step.attempt;
          if (step.retry && last) {
            t = last.next;
            attempt = last.attempt;
          } else t += step.gap;
          facts = changed(facts, step.change, t);
          if (step.inbound) {
            history.push({
              at: iso(t),
              debtId: attempt.debtId,
              channel: 'CALL',
              direction: 'INBOUND',
              outcome: step.outcome,
            });
            continue;
          }
          const decision = decide(attempt, history, facts, pack, iso(t));
          const c: OracleCase = { market, attempt, history: [...history], facts };
          const broken = forbiddenBy(c, t);
          if (decision.allowed) {
            if (broken.size > 0) expect({ allowedDespite: [...broken] }).toEqual({ allowedDespite: [] });
            allowed++;
            history.push({
              at: iso(t),
              debtId: attempt.debtId,
              channel: attempt.channel,
              direction: 'OUTBOUND',
              outcome: step.outcome,
            });
            last = null;
          } else {
            if (!broken.has(decision.ruleId)) expect([...broken]).toContain(decision.ruleId);
            const next = decision.nextAllowedAt === null ? null : Date.parse(decision.nextAllowedAt);
            const expected = firstAllowed(c, t);
            if (next !== expected)
              expect(decision.nextAllowedAt).toBe(expected === null ? null : iso(expected));
            refusedBy.set(decision.ruleId, (refusedBy.get(decision.ruleId) ?? 0) + 1);
            last = next === null ? null : { attempt, next };
          }
        }
      }),
      { numRuns: 10_000 },
    );
    // The sequences reached every rule of both packs, each many times, and allowed plenty.
    // The sequences carry no promise (the oracle has none): its suppression has its own edge tests.
    const ids = new Set(
      [...rulesOf(DEFAULT_RULE_PACKS.US), ...rulesOf(DEFAULT_RULE_PACKS.CN)]
        .map((r) => r.id)
        .filter((id) => id !== 'ALL.PROMISE_SUPPRESSION'),
    );
    expect([...ids].filter((id) => (refusedBy.get(id) ?? 0) < 50)).toEqual([]);
    expect(allowed).toBeGreaterThan(20_000);
  });
});
