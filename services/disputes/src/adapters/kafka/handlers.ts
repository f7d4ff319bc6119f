import { batched, type HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { DisputeService } from '../../application/dispute-service';
import { transactionDoc, type LedgerView } from '../mongo/ledger-view';
import type { CardNetwork, NetworkFiling } from '../../application/ports';

/**
 * Group disputes.ledger-view: what disputes validates against. The postings
 * of one consumer batch are stored in one write.
 */
export function viewHandlers(view: LedgerView): HandlerMap<EventPayloads> {
  return {
    'ledger.account.opened.v1': (e) => view.onAccountOpened(e.payload),
    'ledger.transaction.posted.v1': batched<EventPayloads['ledger.transaction.posted.v1']>(
      (e) => view.onPosted(e.payload, e.aggregateVersion),
      (events) => view.onTransactions(events.map((e) => transactionDoc(e.payload, e.aggregateVersion))),
    ),
    'ledger.statement.closed.v1': (e) => view.onStatementClosed(e.payload, e.aggregateVersion),
    'cards.card.issued.v1': (e) => view.onCardIssued(e.payload),
  };
}

/** Group disputes.fraud-reports: a claim per marked transaction, one case per report. */
export function fraudReportHandlers(disputes: DisputeService): HandlerMap<EventPayloads> {
  return {
    'cards.card.fraud-reported.v1': async (e) => {
      await disputes.openFromFraudReport(e.payload, {
        correlationId: e.correlationId,
        causationId: e.id,
      });
    },
  };
}

/**
 * Group disputes.network, on disputes' own events: a chargeback, pre-arbitration
 * or arbitration filing goes to the card network once its event is stored.
 */
export function networkHandlers(disputes: DisputeService, network: CardNetwork): HandlerMap<EventPayloads> {
  const stageOf: Partial<Record<string, NetworkFiling['stage']>> = {
    FILED: 'CHARGEBACK',
    PRE_ARBITRATION_FILED: 'PRE_ARBITRATION',
    ARBITRATION_FILED: 'ARBITRATION',
  };
  return {
    'disputes.dispute.chargeback-progressed.v1': async (e) => {
      const p = e.payload;
      const stage = stageOf[p.step];
      if (!stage) return;
      const d = await disputes.get(p.disputeId);
      if (!d) return;
      await network.submit({
        disputeId: p.disputeId,
        network: p.network,
        reasonCode: p.reasonCode,
        stage,
        amount: d.disputedAmount,
        filedAt: p.at,
        correlationId: e.correlationId,
      });
    },
  };
}
