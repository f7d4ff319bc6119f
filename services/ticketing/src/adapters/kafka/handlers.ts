import type { EventHandler } from '@cardline/platform';
import type {
  LedgerAccountOpenedV1,
  LedgerStatementClosedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import { TIMELINE_TYPES } from '../../domain/timeline';
import type { AccountFactsView } from '../mongo/account-facts';
import type { TimelineView } from '../mongo/timeline';

/** Group ticketing.answers: the account facts agents quote. */
export function factsHandlers(view: AccountFactsView): Record<string, EventHandler> {
  return {
    'ledger.account.opened.v1': (e) => view.onAccountOpened(e.payload as LedgerAccountOpenedV1),
    'ledger.transaction.posted.v1': (e) => view.onPosted(e.payload as LedgerTransactionPostedV1),
    'ledger.statement.closed.v1': (e) => view.onStatementClosed(e.payload as LedgerStatementClosedV1),
  };
}

/** Group ticketing.timeline: one entry per event about a customer, from every service. */
export function timelineHandlers(view: TimelineView): Record<string, EventHandler> {
  return Object.fromEntries(TIMELINE_TYPES.map((t) => [t, (e) => view.record(e)] as [string, EventHandler]));
}

/** The topics the timeline reads (every service's aggregate topics; sales and collections join when they exist). */
export const TIMELINE_TOPICS = [
  'ledger.account',
  'ledger.transaction',
  'ledger.statement',
  'cards.card',
  'disputes.dispute',
  'ticketing.case',
];
