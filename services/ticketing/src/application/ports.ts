import type { HistoryEntry, Interaction } from '../domain/case';
import type { MessageDelivery } from '../domain/deliveries';
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
  /**
   * Where messages with this channel message id were written (any customer's:
   * the caller keeps its customer's); an entry may be of a save that failed.
   */
  messagesAt(channel: string, externalId: string): Promise<{ caseId: string; seq: number }[]>;
}

/** A channel message id, which is only unique per channel and customer. */
export interface ChannelMessageKey {
  channel: string;
  customerId: string;
  externalId: string;
}

/**
 * Which case recorded a channel message: one entry per channel, customer and
 * message id, the first case to record it (docs/adr/0023-least-privilege-operations.md).
 */
export interface ChannelMessages {
  caseOf(key: ChannelMessageKey): Promise<string | null>;
  /** Keeps the first case recorded for the key: a second record of it changes nothing. */
  record(key: ChannelMessageKey, caseId: string): Promise<void>;
}

/** The triage model (docs/adr/0022-ticketing-triage.md): an inbound message's intent, score and language. */
export interface IntentModel {
  readonly version: string;
  classify(text: string): Promise<Classification>;
}

/** The delivery status of ticketing's outbound messages, by interaction id (domain/deliveries.ts). */
export interface MessageDeliveries {
  /** Records a report unless one at least as new is recorded (domain/deliveries.ts `standing`). */
  record(interactionId: string, caseId: string, delivery: MessageDelivery): Promise<void>;
  /** The status of each of these interactions that has a report. */
  of(interactionIds: readonly string[]): Promise<ReadonlyMap<string, MessageDelivery>>;
}
