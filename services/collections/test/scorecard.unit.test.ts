import fc from 'fast-check';
import { SCORECARD_WEIGHTS, scorecards, type CollectorFigures } from '../src/domain/scorecard';

const figures = (collectorId: string, over: Partial<CollectorFigures> = {}): CollectorFigures => ({
  collectorId,
  contacts: 10,
  refusalsOverridden: 0,
  gateRefusals: 0,
  complaints: 0,
  promisesKept: 0,
  promisesBroken: 0,
  amountRecovered: 0,
  ...over,
});

const arbFigures = (id: string) =>
  fc.record({
    collectorId: fc.constant(id),
    contacts: fc.nat(200),
    refusalsOverridden: fc.oneof(fc.constant(0), fc.nat(3)),
    gateRefusals: fc.nat(20),
    complaints: fc.nat(6),
    promisesKept: fc.nat(30),
    promisesBroken: fc.nat(30),
    amountRecovered: fc.nat(10_000_000),
  });

describe('collector scorecards', () => {
  it('weighs compliance 40, promises kept 30 and recovery 30 out of 100', () => {
    const [card] = scorecards([
      figures('alice', { promisesKept: 3, promisesBroken: 1, amountRecovered: 5000 }),
    ]);
    expect(card).toMatchObject({
      compliancePoints: 40,
      promisesKeptRateBps: 7500,
      promisePoints: 22,
      recoveryPoints: 30,
      score: 92,
      compliant: true,
      rank: 1,
    });
  });

  it('takes 10 compliance points per complaint, never below 0', () => {
    const cards = scorecards([figures('a', { complaints: 1 }), figures('b', { complaints: 7 })]);
    expect(cards.map((c) => [c.collectorId, c.compliancePoints])).toEqual([
      ['a', 30],
      ['b', 0],
    ]);
  });

  it('ranks a collector who overrode the gate after every compliant one, however much was recovered', () => {
    const cards = scorecards([
      figures('overrider', { refusalsOverridden: 1, amountRecovered: 1_000_000, promisesKept: 10 }),
      figures('quiet', { complaints: 4 }),
    ]);
    expect(cards.map((c) => [c.collectorId, c.rank, c.compliant])).toEqual([
      ['quiet', 1, true],
      ['overrider', 2, false],
    ]);
    expect(cards[1]?.compliancePoints).toBe(0);
  });

  it('does not rank on recoveries alone: the top recoverer with complaints ranks below a clean collector', () => {
    const cards = scorecards([
      figures('big-recoverer', {
        amountRecovered: 900_000,
        complaints: 3,
        promisesKept: 1,
        promisesBroken: 3,
      }),
      figures('clean', { amountRecovered: 100_000, promisesKept: 3, promisesBroken: 1 }),
    ]);
    expect(cards.map((c) => c.collectorId)).toEqual(['clean', 'big-recoverer']);
  });

  it('never ranks a non-compliant collector above a compliant one (2,000 random teams)', () => {
    fc.assert(
      fc.property(fc.tuple(arbFigures('a'), arbFigures('b'), arbFigures('c')), (team) => {
        const cards = scorecards(team);
        const firstOverrider = cards.findIndex((c) => !c.compliant);
        if (firstOverrider >= 0) expect(cards.slice(firstOverrider).every((c) => !c.compliant)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets recovery move a score by at most its 30 points, so it alone never decides (2,000 runs)', () => {
    fc.assert(
      fc.property(arbFigures('a'), fc.nat(10_000_000), (f, more) => {
        const low = scorecards([{ ...f, amountRecovered: 0 }, figures('ref', { amountRecovered: 1 })]);
        const high = scorecards([
          { ...f, amountRecovered: f.amountRecovered + more },
          figures('ref', { amountRecovered: 1 }),
        ]);
        const of = (cs: typeof low) => cs.find((c) => c.collectorId === 'a');
        const gain = (of(high)?.score ?? 0) - (of(low)?.score ?? 0);
        expect(gain).toBeGreaterThanOrEqual(0);
        expect(gain).toBeLessThanOrEqual(SCORECARD_WEIGHTS.recovery);
      }),
      { numRuns: 2000 },
    );
  });

  it('breaks equal scores by compliance points, not by the amount recovered', () => {
    // Both score 40: one by conduct alone, one by recovery and promises with a complaint.
    const cards = scorecards([
      figures('recovers', { complaints: 3, amountRecovered: 1000 }),
      figures('conduct', {}),
    ]);
    expect(cards.map((c) => [c.collectorId, c.score])).toEqual([
      ['conduct', 40],
      ['recovers', 40],
    ]);
  });

  it('shows no promise rate before a promise was decided, and scores no recovery when nobody recovered', () => {
    const [card] = scorecards([figures('new')]);
    expect(card).toMatchObject({ promisesKeptRateBps: null, promisePoints: 0, recoveryPoints: 0, score: 40 });
  });
});
