/**
 * What the simulated delivery adapter and dialer report for a message
 * (docs/adr/0025-simulated-delivery-adapter.md): the status is read from
 * the message id's slot, its FNV-1a hash modulo 100, so the same message
 * always gets the same report on every run and instance, and a test can
 * predict it. The distributions are data; each slot range appears once.
 */
import type { CollectionsDeliveryReportedV1 } from '@cardline/schemas';
import { stableHash } from '../domain/strategies';

export type DeliveryStatus = Exclude<CollectionsDeliveryReportedV1['status'], 'UNKNOWN'>;

/** Voice goes through the dialer (a call, a visit, ticketing's phone replies); the rest is a message. */
export type DeliveryKind = 'MESSAGE' | 'VOICE';

/** Slots 0–99 by kind, in order: each status takes `upTo` minus the previous bound. */
export const DISTRIBUTIONS: Readonly<
  Record<DeliveryKind, readonly { status: DeliveryStatus; upTo: number }[]>
> = {
  // 90 % delivered, 10 % failed (bounced, unreachable).
  MESSAGE: [
    { status: 'DELIVERED', upTo: 90 },
    { status: 'FAILED', upTo: 100 },
  ],
  // 30 % answered by the debtor, 50 % no answer, 10 % a wrong party, 10 % failed (busy, invalid number).
  VOICE: [
    { status: 'ANSWERED', upTo: 30 },
    { status: 'NO_ANSWER', upTo: 80 },
    { status: 'WRONG_PARTY', upTo: 90 },
    { status: 'FAILED', upTo: 100 },
  ],
};

const VOICE_CHANNELS: readonly string[] = ['CALL', 'FIELD_VISIT', 'PHONE'];

export function kindOf(channel: string): DeliveryKind {
  return VOICE_CHANNELS.includes(channel) ? 'VOICE' : 'MESSAGE';
}

export function slotOf(messageId: string): number {
  return stableHash(messageId) % 100;
}

export function deliveryStatus(messageId: string, channel: string): { status: DeliveryStatus; slot: number } {
  const slot = slotOf(messageId);
  const range = DISTRIBUTIONS[kindOf(channel)].find((r) => slot < r.upTo);
  if (!range) throw new Error(`no status for slot ${slot}`);
  return { status: range.status, slot };
}

/** The contact outcome a report records on collections' attempt: only an answered voice contact is a conversation. */
export const OUTCOME_OF: Readonly<
  Record<DeliveryStatus, 'NO_ANSWER' | 'RIGHT_PARTY_CONTACT' | 'WRONG_PARTY'>
> = {
  DELIVERED: 'NO_ANSWER',
  FAILED: 'NO_ANSWER',
  NO_ANSWER: 'NO_ANSWER',
  ANSWERED: 'RIGHT_PARTY_CONTACT',
  WRONG_PARTY: 'WRONG_PARTY',
};
