import { remaining } from '../format';
import { useConsole, When } from './context';

/** A deadline as the services answer it: an SLA clock of a case, a regulatory clock of a dispute. */
export interface ClockView {
  dueAt: string | null;
  /** A paused SLA clock has no due time, only what it had left. */
  remainingMs?: number | null;
  /** An SLA clock's RUNNING, PAUSED or BREACHED. */
  state?: string;
  /** A dispute's clock is met once its step is done. */
  met?: boolean;
  warned: boolean;
  breached: boolean;
}

/**
 * One clock: its name, its state, the time left (or met) and the due time in
 * both zones, marked when warned or breached. Cases and disputes show their
 * clocks the same way (docs/adr/0028-agent-console.md).
 */
export function Clock(p: { name: string; clock: ClockView; now: number }) {
  const c = useConsole();
  const { clock, now } = p;
  const left = clock.dueAt
    ? remaining(clock.dueAt, now).text
    : clock.remainingMs !== null && clock.remainingMs !== undefined
      ? remaining(new Date(now + clock.remainingMs).toISOString(), now).text
      : '—';
  const cls = clock.breached ? 'clock-breached' : clock.warned ? 'clock-warned' : '';
  return (
    <li class={cls}>
      {p.name}: {clock.state && `${clock.state} · `}
      {clock.met ? c.t('disputes.met') : c.t('cases.left', { left })}
      {clock.dueAt && (
        <>
          {' '}
          · {c.t('cases.due')} <When at={clock.dueAt} />
        </>
      )}
    </li>
  );
}

/** A list of clocks under one label, each named by its key. */
export function Clocks(p: { label: string; clocks: Record<string, ClockView> }) {
  const now = Date.now();
  return (
    <ul class="clocks" aria-label={p.label}>
      {Object.entries(p.clocks).map(([name, clock]) => (
        <Clock key={name} name={name} clock={clock} now={now} />
      ))}
    </ul>
  );
}
