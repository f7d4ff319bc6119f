import type { HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { CaseService } from '../../application/case-service';
import type { AccountsView } from '../mongo/accounts-view';
import type { DisputesView } from '../mongo/disputes-view';

/**
 * Group collections.accounts: the accounts view (customer, market, time
 * zone), and cases following the ledger's delinquency. One topic keyed by
 * accountId, so an account's opening is in the view before its first bucket move.
 */
export function accountHandlers(cases: CaseService, accounts: AccountsView): HandlerMap<EventPayloads> {
  return {
    'ledger.account.opened.v1': (e) => accounts.onOpened(e.payload),
    'ledger.account.delinquency-changed.v1': (e) =>
      cases.onDelinquencyChanged(e.payload, { correlationId: e.correlationId, causationId: e.id }),
    'ledger.account.charged-off.v1': (e) =>
      cases.onChargedOff(e.payload, { correlationId: e.correlationId, causationId: e.id }),
  };
}

/** Group collections.payments: payments lower the collectable amount and keep promises to pay. */
export function paymentHandlers(cases: CaseService): HandlerMap<EventPayloads> {
  return {
    'ledger.transaction.posted.v1': (e) =>
      cases.onPosted(e.payload, { correlationId: e.correlationId, causationId: e.id }),
  };
}

/** Group collections.disputes: the open disputes view, then the account's case takes the change at once. */
export function disputeHandlers(cases: CaseService, disputes: DisputesView): HandlerMap<EventPayloads> {
  return {
    'disputes.dispute.opened.v1': async (e) => {
      await disputes.onOpened(e.payload);
      await cases.syncDisputes(e.payload.accountId, { correlationId: e.correlationId, causationId: e.id });
    },
    'disputes.dispute.resolved.v1': async (e) => {
      await disputes.onResolved(e.payload);
      await cases.syncDisputes(e.payload.accountId, { correlationId: e.correlationId, causationId: e.id });
    },
  };
}
