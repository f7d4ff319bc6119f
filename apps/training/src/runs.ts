import type { Seeded } from './seed';
import type { ClockAnchor } from './evidence';
import type { Score } from './scoring';

export type RunStatus = 'SEEDING' | 'READY' | 'SCORED' | 'FAILED';

/** One trainee's play of one scenario, kept by the runner (`runs_training.runs`). */
export interface RunRecord {
  _id: string;
  scenarioId: string;
  /** The trainee's token subject. */
  trainee: string;
  status: RunStatus;
  createdAt: Date;
  /** When the seed was done and the call began (wall time). */
  startedAt?: Date;
  anchor?: ClockAnchor;
  seeded?: Seeded;
  finishedAt?: Date;
  score?: Score;
  error?: string;
}

/** A run is abandoned after this long without a finish; a new one may start. */
export const RUN_TIMEOUT_MS = 30 * 60_000;

/** Whether a run still holds the sandbox (its one simulated clock serves one call at a time). */
export const holdsSandbox = (r: Pick<RunRecord, 'status' | 'createdAt'>, now: number): boolean =>
  (r.status === 'SEEDING' || r.status === 'READY') && now - r.createdAt.getTime() < RUN_TIMEOUT_MS;
