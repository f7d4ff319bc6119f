import fc from 'fast-check';
import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { stableHash, treatmentsDue, variantFor } from '../src/domain/strategies';
import { DEFAULT_STRATEGIES, type Strategy } from '../src/domain/strategy-config';
import { compareVariants, type CaseOutcome } from '../src/domain/strategy-report';

// The oracle's FNV-1a in BigInt arithmetic, apart from the domain's Math.imul.
function oracleHash(text: string): number {
  let h = 0x811c9dc5n;
  for (const ch of text) {
    for (const unit of ch.length === 1 ? [ch.charCodeAt(0)] : [ch.charCodeAt(0), ch.charCodeAt(1)]) {
      h ^= BigInt(unit);
      h = (h * 0x01000193n) % 0x1_0000_0000n;
    }
  }
  return Number(h);
}
const oracleVariant = (accountId: string, s: Strategy) => {
  const slot = oracleHash(`${s.experimentId}:${accountId}`) % 100;
  let upTo = 0;
  return s.variants.find((v) => slot < (upTo += v.sharePct))?.variantId ?? s.variants[0]?.variantId;
};

const strategies = Object.values(DEFAULT_STRATEGIES).flatMap((byBucket) => Object.values(byBucket));
const early = DEFAULT_STRATEGIES.US.DPD_1_29;

describe('strategies as configuration', () => {
  it('every market and bucket has a strategy whose shares sum to 100, champion first', () => {
    expect(strategies).toHaveLength(12);
    for (const s of strategies) {
      expect(s.variants.reduce((sum, v) => sum + v.sharePct, 0)).toBe(100);
      expect(s.variants[0]?.variantId).toBe('CHAMPION');
    }
  });

  it('an account’s variant is the oracle’s, the same on every call', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom(...strategies),
        (accountId, s) => {
          expect(stableHash(accountId)).toBe(oracleHash(accountId));
          expect(variantFor(accountId, s).variantId).toBe(oracleVariant(accountId, s));
          expect(variantFor(accountId, s)).toBe(variantFor(accountId, s));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('splits accounts by the shares: 20,000 accounts, the champion’s 80 % within 1.5 points', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `acc_${i.toString(36)}_${(i * 7919) % 1000}`);
    const champions = ids.filter((id) => variantFor(id, early).variantId === 'CHAMPION').length;
    expect(Math.abs(champions / ids.length - 0.8)).toBeLessThan(0.015);
  });

  it('the treatments due between two days are the steps after the first up to the second, in day order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...strategies), fc.nat(200), fc.nat(200), (s, a, b) => {
        for (const v of s.variants) {
          const due = treatmentsDue(v, a, b);
          expect(due).toEqual(
            [...v.steps].filter((x) => x.day > a && x.day <= b).sort((x, y) => x.day - y.day),
          );
        }
      }),
    );
  });
});

describe('the champion/challenger report', () => {
  const outcome = fc.record({
    variantId: fc.constantFrom('CHAMPION', 'CHALLENGER_CALL_FIRST', 'UNASSIGNED'),
    cured: fc.boolean(),
    amountRecovered: fc.nat(1_000_000),
    contactsUsed: fc.nat(30),
  });

  it('agrees with a count by hand, variant by variant, and loses no case', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 200 }), (os: CaseOutcome[]) => {
        const report = compareVariants(os);
        expect(report.reduce((n, r) => n + r.cases, 0)).toBe(os.length);
        for (const r of report) {
          let cases = 0;
          let cured = 0;
          let amount = 0;
          let contacts = 0;
          for (const o of os)
            if (o.variantId === r.variantId) {
              cases++;
              cured += o.cured ? 1 : 0;
              amount += o.amountRecovered;
              contacts += o.contactsUsed;
            }
          expect(r).toEqual({
            variantId: r.variantId,
            cases,
            cured,
            cureRateBps: Number((BigInt(cured) * 10_000n) / BigInt(cases)),
            amountRecovered: amount,
            contactsUsed: contacts,
            contactsPerCure: cured === 0 ? null : contacts / cured,
          });
        }
      }),
    );
  });

  it('names a cure rate of 2 in 3 as 6,666 bps and no cure as null contacts per cure', () => {
    const os: CaseOutcome[] = [
      { variantId: 'CHAMPION', cured: true, amountRecovered: 100, contactsUsed: 2 },
      { variantId: 'CHAMPION', cured: true, amountRecovered: 50, contactsUsed: 4 },
      { variantId: 'CHAMPION', cured: false, amountRecovered: 0, contactsUsed: 6 },
      { variantId: 'CHALLENGER_CALL_FIRST', cured: false, amountRecovered: 0, contactsUsed: 1 },
    ];
    expect(compareVariants(os)).toEqual([
      {
        variantId: 'CHALLENGER_CALL_FIRST',
        cases: 1,
        cured: 0,
        cureRateBps: 0,
        amountRecovered: 0,
        contactsUsed: 1,
        contactsPerCure: null,
      },
      {
        variantId: 'CHAMPION',
        cases: 3,
        cured: 2,
        cureRateBps: 6666,
        amountRecovered: 150,
        contactsUsed: 12,
        contactsPerCure: 6,
      },
    ]);
  });
});

describe('the variant is recorded on the case', () => {
  const caseDecider: Decider<CaseCommand, CaseEvent, CaseState | null> = {
    decide,
    evolve,
    initialState: () => null,
  };
  const { given } = DeciderSpecification.for(caseDecider, DomainError);
  const T0 = Date.UTC(2026, 2, 4, 12);
  const opened = given().after({
    kind: 'OpenCase',
    caseId: 'col_1',
    accountId: 'acc_1',
    account: { customerId: 'cus_1', market: 'US', timeZone: 'America/New_York' },
    currency: 'USD',
    openDisputes: [],
    bucket: 'DPD_1_29',
    daysPastDue: 3,
    amountPastDue: 2500,
    asOf: T0,
    now: T0,
  });
  const assign = (now: number): CaseCommand => ({
    kind: 'AssignStrategy',
    strategies: DEFAULT_STRATEGIES,
    now,
  });

  it('takes its bucket’s strategy and the account’s variant once, and again when the bucket moves', () => {
    const assigned = opened.when(assign(T0)).then([
      {
        type: 'collections.case.strategy-assigned.v1',
        payload: {
          caseId: 'col_1',
          accountId: 'acc_1',
          strategyId: 'US.EARLY',
          experimentId: 'US.EARLY.2026-1',
          variantId: variantFor('acc_1', early).variantId,
          bucket: 'DPD_1_29',
          assignedAt: T0,
        },
      },
    ]);
    assigned.when(assign(T0 + 1)).thenNothingHappened();
    assigned
      .after({
        kind: 'RecordDelinquency',
        bucket: 'DPD_30_59',
        daysPastDue: 30,
        amountPastDue: 5000,
        asOf: T0 + 27 * 86_400_000,
        now: T0 + 27 * 86_400_000,
      })
      .when(assign(T0 + 27 * 86_400_000))
      .thenEventsMatch([{ payload: { strategyId: 'US.MID', variantId: 'CHAMPION', bucket: 'DPD_30_59' } }]);
  });
});
