/**
 * The decision clock (Reg B 1002.9(a)(1), docs/domain.md#sales): due a set
 * number of days after the application is complete; the durable timer warns
 * once before it and records its breach once. A referral keeps it running.
 */
import type { ApplicationCommandOf, ApplicationEvent, ApplicationState } from './application';
import { policyOf } from './intake';
import { DAY, type PolicyFor } from './policy';

export function tick(
  cmd: ApplicationCommandOf<'Tick'>,
  s: ApplicationState,
  policyFor: PolicyFor,
): ApplicationEvent[] {
  const c = s.clock;
  if (!c || c.met || c.breached) return [];
  const ids = { applicationId: s.applicationId, dueAt: c.dueAt, firedAt: cmd.now };
  if (cmd.now >= c.dueAt) return [{ type: 'sales.application.decision-breached.v1', payload: ids }];
  const warnAt = c.dueAt - policyOf(s, policyFor).decisionClock.dueSoonDays * DAY;
  if (!c.warned && cmd.now >= warnAt)
    return [{ type: 'sales.application.decision-due-soon.v1', payload: ids }];
  return [];
}

/** When the timer next needs to look at this application (null: never again). */
export function nextDueAt(s: ApplicationState, policyFor: PolicyFor): number | null {
  const c = s.clock;
  if (!c || c.met || c.breached) return null;
  return c.warned ? c.dueAt : c.dueAt - policyOf(s, policyFor).decisionClock.dueSoonDays * DAY;
}
