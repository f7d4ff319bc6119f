/**
 * Merging a duplicate into a case of the same customer: the survivor absorbs
 * the duplicate's interactions and addresses first, then the duplicate
 * closes. Both steps are idempotent.
 */
import { DomainError } from '@cardline/platform/domain';
import type { CaseCommandOf, CaseEvent, CaseState } from './case';
import { clocksEvent, interactionEvents, requireNotClosed, statusEvent } from './events';

export function mergeInto(cmd: CaseCommandOf<'MergeInto'>, s: CaseState): CaseEvent[] {
  const { actor, now } = cmd;
  if (s.mergedInto === cmd.intoCaseId) return [];
  requireNotClosed(s);
  if (cmd.intoCaseId === s.caseId) throw new DomainError('INVALID', 'a case cannot be merged into itself');
  if (cmd.intoCustomerId !== s.customerId)
    throw new DomainError('INVALID', 'only cases of the same customer can be merged');
  return [
    {
      type: 'ticketing.case.merged.v1',
      payload: {
        caseId: s.caseId,
        intoCaseId: cmd.intoCaseId,
        customerId: s.customerId,
        actor,
        mergedAt: now,
      },
    },
    statusEvent(s, 'CLOSED', `merged into ${cmd.intoCaseId}`, actor, now),
    clocksEvent({}, now),
  ];
}

export function absorbMerged(cmd: CaseCommandOf<'AbsorbMerged'>, s: CaseState): CaseEvent[] {
  requireNotClosed(s);
  if (cmd.from.customerId !== s.customerId)
    throw new DomainError('INVALID', 'only cases of the same customer can be merged');
  const have = new Set(s.interactions.map((i) => i.interactionId));
  // Carried-over records keep their original actor; the merge note says who merged and when.
  const carried = cmd.from.interactions.filter((i) => !have.has(i.interactionId));
  const events = carried.flatMap((i) =>
    interactionEvents(
      s,
      i,
      { correlationId: i.correlationId, externalId: i.externalId, address: null },
      i.actor,
      cmd.now,
      cmd.from.caseId,
    ),
  );
  // The duplicate's addresses let replies on the surviving case reach the customer there too.
  const contacts = { ...cmd.from.contacts, ...s.contacts };
  if (Object.keys(contacts).length !== Object.keys(s.contacts).length)
    events.push({ type: 'internal.contacts-merged', payload: { contacts } });
  return events;
}
