/**
 * Collector scorecards (docs/domain.md#collections, "Scorecards"):
 * compliance weighed beside recovery, never recovery alone (CN rules forbid
 * rating collectors on recoveries alone). Pure: the application counts each
 * collector's figures from collections' own records. Weights and caps are
 * data (SCORECARD_WEIGHTS), each named once.
 */

/** What a collector did in the period, from the contact records, the decision log, promises and complaints. */
export interface CollectorFigures {
  collectorId: string;
  /** Contacts recorded by the collector. */
  contacts: number;
  /** Contacts recorded without an allowed gate decision (the gate overridden): must be 0. */
  refusalsOverridden: number;
  /** Gate refusals of the collector's own questions (shown, not scored: the gate did its job). */
  gateRefusals: number;
  complaints: number;
  promisesKept: number;
  promisesBroken: number;
  /** Minor units promised and paid on the collector's kept promises. */
  amountRecovered: number;
}

export const SCORECARD_WEIGHTS = {
  /** Points for conduct: lost per complaint, all of them lost with one override. */
  compliance: 40,
  pointsPerComplaint: 10,
  /** Points for promises kept, by the kept share of those decided. */
  promisesKept: 30,
  /** Points for recovery, by the share of the team's best amount: recovery alone can never pass 30 of 100. */
  recovery: 30,
} as const;

export interface Scorecard extends CollectorFigures {
  /** Kept per decided promise, basis points; null before any was decided. */
  promisesKeptRateBps: number | null;
  compliancePoints: number;
  promisePoints: number;
  recoveryPoints: number;
  /** 0–100, whole points. */
  score: number;
  /** False when the gate was overridden: ranked after every compliant collector, whatever was recovered. */
  compliant: boolean;
  rank: number;
}

const W = SCORECARD_WEIGHTS;

function points(
  f: CollectorFigures,
  bestRecovered: number,
): Omit<Scorecard, 'rank' | keyof CollectorFigures> {
  const compliant = f.refusalsOverridden === 0;
  const decided = f.promisesKept + f.promisesBroken;
  const promisesKeptRateBps = decided === 0 ? null : Math.floor((f.promisesKept * 10_000) / decided);
  const compliancePoints = compliant ? Math.max(0, W.compliance - W.pointsPerComplaint * f.complaints) : 0;
  const promisePoints =
    promisesKeptRateBps === null ? 0 : Math.floor((promisesKeptRateBps * W.promisesKept) / 10_000);
  const recoveryPoints =
    bestRecovered <= 0 ? 0 : Math.floor((f.amountRecovered * W.recovery) / bestRecovered);
  return {
    promisesKeptRateBps,
    compliancePoints,
    promisePoints,
    recoveryPoints,
    score: compliancePoints + promisePoints + recoveryPoints,
    compliant,
  };
}

/**
 * Scorecards ranked: compliant collectors first, then by score, then by
 * compliance points, then promise points, then collector id. The amount
 * recovered is never a key of its own: it enters only through its capped
 * points inside the score.
 */
export function scorecards(figures: readonly CollectorFigures[]): Scorecard[] {
  const best = Math.max(0, ...figures.map((f) => f.amountRecovered));
  return figures
    .map((f) => ({ ...f, ...points(f, best) }))
    .sort(
      (a, b) =>
        Number(b.compliant) - Number(a.compliant) ||
        b.score - a.score ||
        b.compliancePoints - a.compliancePoints ||
        b.promisePoints - a.promisePoints ||
        (a.collectorId < b.collectorId ? -1 : a.collectorId > b.collectorId ? 1 : 0),
    )
    .map((s, i) => ({ ...s, rank: i + 1 }));
}
