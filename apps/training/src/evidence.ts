import type { CallEvidence, Step } from './scenarios/scenario';
import type { Occurrence } from './scoring';

/** What the runner reads of an audit record (packages/platform/src/http/audit-trail.ts). */
export interface CallRecord {
  service: string;
  method: string;
  route: string;
  status: number;
  at: Date;
}

/** Wall time to the sandbox's simulated time: the clock runs in real time from `wall` = `simulated`. */
export interface ClockAnchor {
  wall: number;
  simulated: number;
}

export const simulatedAt = (wall: number, anchor: ClockAnchor): number =>
  anchor.simulated + (wall - anchor.wall);

/** Minutes since local midnight in the zone. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return n('hour') * 60 + n('minute');
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether an audit record is the call a step's evidence names, at the local time it allows. */
export function matches(e: CallEvidence, r: CallRecord, local: number): boolean {
  if (r.service !== e.service || r.method !== e.method || r.route !== e.route) return false;
  const outcome = e.outcome ?? 'ok';
  const ok = r.status < 400;
  if (outcome === 'ok' ? !ok : outcome === 'refused' ? ok || r.status >= 500 : r.status >= 500) return false;
  if (e.fromLocal !== undefined && local < minutesOf(e.fromLocal)) return false;
  if (e.untilLocal !== undefined && local >= minutesOf(e.untilLocal)) return false;
  return true;
}

/** Each call step's occurrences among the trainee's calls, by wall time. */
export function occurrencesOf(
  steps: readonly Step[],
  records: readonly CallRecord[],
  anchor: ClockAnchor,
  timeZone: string,
): Occurrence[] {
  return records.flatMap((r) => {
    const local = localMinutes(simulatedAt(r.at.getTime(), anchor), timeZone);
    return steps.flatMap((s) =>
      s.evidence.kind === 'call' && matches(s.evidence, r, local)
        ? [{ stepId: s.id, at: r.at.getTime() }]
        : [],
    );
  });
}
