/**
 * What agents did with triage's suggestions, per intent
 * (docs/adr/0022-ticketing-triage.md): each case carries its suggestions as
 * index fields; the report counts them.
 */
import type { CaseState } from '../domain/case';
import { INTENTS, type Intent } from '../domain/triage/intents';

export interface SuggestionIndex {
  intent: Intent;
  source: string;
  review: 'ACCEPTED' | 'EDITED' | 'REJECTED' | null;
  at: number;
}

/** Index fields of a case: its suggestions (not the bare classifications) and when it was last classified. */
export function triageIndex(s: CaseState): Record<string, unknown> {
  const suggestions: SuggestionIndex[] = s.triage
    .filter((t) => t.source !== 'NONE')
    .map((t) => ({ intent: t.intent, source: t.source, review: t.review, at: t.at }));
  return {
    suggestions,
    suggestionCount: suggestions.length,
    lastClassifiedAt: s.triage.length ? Math.max(...s.triage.map((t) => t.at)) : null,
  };
}

export interface AcceptanceRow {
  intent: Intent;
  suggested: number;
  reviewed: number;
  accepted: number;
  edited: number;
  rejected: number;
  /** Accepted as offered, of those reviewed (null: none reviewed). */
  acceptanceRate: number | null;
}

export function acceptanceByIntent(rows: SuggestionIndex[]): AcceptanceRow[] {
  return INTENTS.flatMap((intent) => {
    const of = rows.filter((r) => r.intent === intent);
    if (!of.length) return [];
    const count = (o: SuggestionIndex['review']) => of.filter((r) => r.review === o).length;
    const [accepted, edited, rejected] = [count('ACCEPTED'), count('EDITED'), count('REJECTED')];
    const reviewed = accepted + edited + rejected;
    return [
      {
        intent,
        suggested: of.length,
        reviewed,
        accepted,
        edited,
        rejected,
        acceptanceRate: reviewed ? Math.round((accepted / reviewed) * 1000) / 1000 : null,
      },
    ];
  });
}
