/**
 * The Delivery aggregate of the simulated adapter: one per message id, so a
 * message redelivered by Kafka (or seen by two instances) is reported once.
 * Pure decide and evolve; the report's status comes from outcome.ts.
 */
import type { CollectionsDeliveryReportedV1 } from '@cardline/schemas';
import { deliveryStatus } from './outcome';

export type DeliveryState = CollectionsDeliveryReportedV1;

export type DeliveryEvent = {
  type: 'collections.delivery.reported.v1';
  payload: CollectionsDeliveryReportedV1;
};

/** An outbound message taken from a channel outbox (collections' attempts, ticketing's message-queued). */
export type OutboundMessage = Omit<CollectionsDeliveryReportedV1, 'status' | 'slot' | 'reportedAt'>;

export function report(m: OutboundMessage, s: DeliveryState | null, now: number): DeliveryEvent[] {
  if (s) return [];
  const { status, slot } = deliveryStatus(m.messageId, m.channel);
  return [{ type: 'collections.delivery.reported.v1', payload: { ...m, status, slot, reportedAt: now } }];
}

export function foldDelivery(events: DeliveryEvent[], s: DeliveryState | null): DeliveryState | null {
  return events.reduce<DeliveryState | null>((_, e) => e.payload, s);
}
