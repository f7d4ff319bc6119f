import { DomainError, type HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { ContactService } from '../application/contact-service';
import { STRATEGY_RUNNER } from '../application/strategy-runner';
import type { DeliveryAdapter } from './adapter';
import { OUTCOME_OF } from './outcome';

/** Who records a delivery report's outcome on an attempt. */
export const DELIVERY_ADAPTER = { id: 'delivery-adapter', role: 'system' };

/**
 * Group collections.delivery-adapter: the channel outboxes. The strategy
 * runner's allowed attempts (a collector's own calls are placed and
 * recorded by the collector) and ticketing's replies and CSAT surveys are
 * delivered and reported; no address is read or carried (the reference only).
 */
export function deliveryAdapterHandlers(
  adapter: DeliveryAdapter,
  /** Whether the case is in this service's own store: its outbox, not another deployment's on the same topic. */
  ownsCase: (caseId: string) => Promise<boolean>,
): HandlerMap<EventPayloads> {
  return {
    'collections.case.contact-decided.v1': async (e) => {
      const p = e.payload;
      if (!p.allowed || p.requestedBy.id !== STRATEGY_RUNNER.id || !(await ownsCase(p.caseId))) return;
      await adapter.deliver(
        {
          messageId: p.attemptId,
          source: 'COLLECTIONS',
          caseId: p.caseId,
          accountId: p.accountId,
          channel: p.channel,
          purpose: 'TREATMENT',
          contactRef: p.contactRef,
        },
        { correlationId: e.correlationId, causationId: e.id },
      );
    },
    'ticketing.case.message-queued.v1': async (e) => {
      const p = e.payload;
      await adapter.deliver(
        {
          messageId: p.interactionId,
          source: 'TICKETING',
          caseId: p.caseId,
          accountId: null,
          channel: p.channel,
          purpose: p.purpose === 'CSAT_SURVEY' ? 'CSAT_SURVEY' : 'REPLY',
          contactRef: p.contactRef || null,
        },
        { correlationId: e.correlationId, causationId: e.id },
      );
    },
  };
}

/** Group collections.delivery-reports: a report on one of collections' attempts becomes its recorded outcome. */
export function deliveryReportHandlers(contacts: ContactService): HandlerMap<EventPayloads> {
  return {
    'collections.delivery.reported.v1': async (e) => {
      const p = e.payload;
      if (p.source !== 'COLLECTIONS' || p.status === 'UNKNOWN') return;
      try {
        await contacts.recordOutcome(
          p.caseId,
          p.messageId,
          { outcome: OUTCOME_OF[p.status], recordingRef: null, note: null, actor: DELIVERY_ADAPTER },
          { correlationId: e.correlationId, causationId: e.id },
        );
      } catch (err) {
        // A redelivered report: the outcome is recorded and the attempt no longer pending.
        if (err instanceof DomainError && err.code === 'NOT_FOUND') return;
        throw err;
      }
    },
  };
}
