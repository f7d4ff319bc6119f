/**
 * Cases are stored as state, not replayed from events
 * (docs/adr/0002-state-stored-aggregates-embedded-outbox.md): a case saved
 * before it kept only its newest interactions and history holds them all and
 * no counts. It gets the counts here; its next save moves what it no longer
 * keeps to the journal (journal.ts).
 */
import type { CaseState } from './case';

type Added =
  'interactionCount' | 'historyCount' | 'lastInboundChannel' | 'pendingContacts' | 'surveyChannel' | 'triage';
type StoredCase = Omit<CaseState, Added> & Partial<Pick<CaseState, Added>>;

export function upgradeStored(s: StoredCase): CaseState {
  const lastInboundChannel =
    s.lastInboundChannel !== undefined
      ? s.lastInboundChannel
      : ([...s.interactions].reverse().find((i) => i.kind === 'INBOUND')?.channel ?? null);
  return {
    ...s,
    interactionCount: s.interactionCount ?? s.interactions.length,
    historyCount: s.historyCount ?? s.history.length,
    lastInboundChannel,
    pendingContacts: s.pendingContacts ?? {},
    // A survey sent before the channel was kept went where the customer last wrote (csat.ts).
    surveyChannel:
      s.surveyChannel !== undefined ? s.surveyChannel : s.surveySentAt ? lastInboundChannel : null,
    // Saved before triage: nothing classified yet (docs/adr/0022-ticketing-triage.md).
    triage: s.triage ?? [],
  };
}
