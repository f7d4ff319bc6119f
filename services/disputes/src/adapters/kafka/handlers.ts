import type { EventHandler } from '@cardline/platform';
import type {
  CardsCardFraudReportedV1,
  CardsCardIssuedV1,
  LedgerAccountOpenedV1,
  LedgerStatementClosedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import type { DisputeService } from '../../application/dispute-service';
import type { LedgerView } from '../mongo/ledger-view';

/** Group disputes.ledger-view: what disputes validates against. */
export function viewHandlers(view: LedgerView): Record<string, EventHandler> {
  return {
    'ledger.account.opened.v1': (e) => view.onAccountOpened(e.payload as LedgerAccountOpenedV1),
    'ledger.transaction.posted.v1': (e) => view.onPosted(e.payload as LedgerTransactionPostedV1),
    'ledger.statement.closed.v1': (e) => view.onStatementClosed(e.payload as LedgerStatementClosedV1),
    'cards.card.issued.v1': (e) => view.onCardIssued(e.payload as CardsCardIssuedV1),
  };
}

/** Group disputes.fraud-reports: a claim per marked transaction, one case per report. */
export function fraudReportHandlers(disputes: DisputeService): Record<string, EventHandler> {
  return {
    'cards.card.fraud-reported.v1': async (e) => {
      await disputes.openFromFraudReport(e.payload as CardsCardFraudReportedV1, {
        correlationId: e.correlationId,
        causationId: e.id,
      });
    },
  };
}
