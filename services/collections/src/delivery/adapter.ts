import {
  decideAndSave,
  DomainError,
  type AggregateStore,
  type Clock,
  type EventContext,
} from '@cardline/platform';
import { foldDelivery, report, type DeliveryState, type OutboundMessage } from './delivery';

/**
 * The simulated delivery adapter and dialer (docs/adr/0025-simulated-delivery-adapter.md):
 * each outbound message is "sent" and its report saved with the outbox of
 * its Delivery document, so the report is published once per message id.
 */
export class DeliveryAdapter {
  constructor(
    private readonly store: AggregateStore<DeliveryState>,
    private readonly clock: Clock,
  ) {}

  async deliver(m: OutboundMessage, ctx: EventContext): Promise<void> {
    try {
      await decideAndSave({
        store: this.store,
        id: m.messageId,
        ctx,
        decide: (s: DeliveryState | null) => report(m, s, this.clock.now().getTime()),
        fold: foldDelivery,
        index: (s) => ({ caseId: s.caseId, source: s.source, reportedAt: new Date(s.reportedAt) }),
        alreadyExists: () => new DomainError('ALREADY_EXISTS', `message ${m.messageId} was reported`),
      });
    } catch (err) {
      // Another instance reported it first: once is enough.
      if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') return;
      throw err;
    }
  }
}
