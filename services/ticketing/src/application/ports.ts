import type { HistoryEntry, Interaction } from '../domain/case';
import type { JournalWrites, Numbered } from '../domain/journal';
import type { Classification } from '../domain/triage/intents';

/**
 * Every interaction and history entry of every case, numbered per case
 * (domain/journal.ts): the full lists a case no longer keeps itself.
 */
export interface CaseJournal {
  /** Idempotent: an entry at a number it already holds is replaced. */
  write(caseId: string, writes: JournalWrites): Promise<void>;
  /** Entries numbered after `after` up to `through`, oldest first, at most `limit`. */
  interactions(
    caseId: string,
    after: number,
    through: number,
    limit: number,
  ): Promise<Numbered<Interaction>[]>;
  history(caseId: string, after: number, through: number, limit: number): Promise<Numbered<HistoryEntry>[]>;
  /** Where this channel message was written, if it was: the entry may be of a save that failed. */
  messageAt(channel: string, externalId: string): Promise<{ caseId: string; seq: number } | null>;
}

/** The triage model (docs/adr/0022-ticketing-triage.md): an inbound message's intent, score and language. */
export interface IntentModel {
  readonly version: string;
  classify(text: string): Promise<Classification>;
}
