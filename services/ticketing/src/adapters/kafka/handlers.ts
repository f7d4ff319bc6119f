import { batched, type EventEnvelope, type HandlerMap } from '@cardline/platform';
import { findEventType, services, type EventPayloads, type EventType } from '@cardline/schemas';
import { TIMELINE_TYPES } from '../../domain/timeline';
import type { AccountFactsView } from '../mongo/account-facts';
import type { MessageDeliveries } from '../../application/ports';
import { deliveryOf } from '../../domain/deliveries';
import type { TimelineView } from '../mongo/timeline';

/**
 * Group ticketing.answers: the account facts agents quote. The postings of
 * one consumer batch are stored in two writes, balances and payments.
 */
export function factsHandlers(view: AccountFactsView): HandlerMap<EventPayloads> {
  return {
    'ledger.account.opened.v1': (e) => view.onAccountOpened(e.payload),
    'ledger.transaction.posted.v1': batched<EventPayloads['ledger.transaction.posted.v1']>(
      (e) => view.onPosted(e.payload, e.aggregateVersion),
      (events) =>
        view.onTransactions(events.map((e) => ({ posted: e.payload, version: e.aggregateVersion }))),
    ),
    'ledger.statement.closed.v1': (e) => view.onStatementClosed(e.payload),
  };
}

/**
 * Group ticketing.deliveries: the delivery status of ticketing's replies and
 * CSAT surveys, shown on their interactions by the case API. Idempotent and
 * order-free: the newest report stands (domain/deliveries.ts).
 */
export function deliveryHandlers(deliveries: MessageDeliveries): HandlerMap<EventPayloads> {
  return {
    'collections.delivery.reported.v1': async (e) => {
      const r = deliveryOf(e.payload);
      if (r) await deliveries.record(r.interactionId, r.caseId, r.delivery);
    },
  };
}

const isEventType = (type: string): type is EventType => findEventType(type) !== undefined;

/**
 * Group ticketing.timeline: one entry per event about a customer, from every
 * service. One handler for every type the timeline shows, since the
 * domain's summaries read any payload.
 */
export function timelineHandlers(view: TimelineView): HandlerMap<EventPayloads> {
  const record = (e: EventEnvelope) => view.record(e);
  const handlers: HandlerMap<EventPayloads> = {};
  for (const type of TIMELINE_TYPES) {
    if (!isEventType(type)) throw new Error(`the timeline summarises ${type}, which is no event type`);
    handlers[type] = record;
  }
  return handlers;
}

/**
 * The topics the timeline reads: every declared service's event topics
 * (packages/schemas/services.json), its own included and command channels
 * left out, so a new service's events join it (docs/architecture.md).
 */
export const TIMELINE_TOPICS = services.flatMap((s) => s.topics.events);
