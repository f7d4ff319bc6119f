import { DomainError, PoisonMessageError, type EventHandler } from '@cardline/platform';
import type {
  DisputesDisputeOpenedV1,
  DisputesDisputeResolvedV1,
  LedgerAdjustmentRequestedV1,
  LedgerStatementClosedV1,
  LedgerTransactionDeclinedV1,
  LedgerTransactionPostedV1,
} from '@cardline/schemas';
import type { AccountService } from '../../application/account-service';
import type { LedgerReadModels } from '../mongo/read-models';
import type { CardStatusReadModel } from '../mongo/card-status';
import type { CardStatus } from '../../domain/account';

/** Group ledger.read-models: the query side, from the ledger's own events. */
export function readModelHandlers(rm: LedgerReadModels): Record<string, EventHandler> {
  return {
    'ledger.transaction.posted.v1': (e) =>
      rm.onPosted(e.payload as LedgerTransactionPostedV1, e.correlationId, e.aggregateVersion),
    'ledger.transaction.declined.v1': (e) =>
      rm.onDeclined(e.payload as LedgerTransactionDeclinedV1, e.correlationId, e.aggregateVersion),
    'ledger.statement.closed.v1': (e) => rm.onStatementClosed(e.payload as LedgerStatementClosedV1),
  };
}

/** Group ledger.adjustments: credits and debits other services ask for. */
export function adjustmentHandlers(accounts: AccountService): Record<string, EventHandler> {
  return {
    'ledger.adjustment.requested.v1': async (e) => {
      const p = e.payload as LedgerAdjustmentRequestedV1;
      try {
        await accounts.requestAdjustment(
          p.accountId,
          {
            requestId: p.requestId,
            direction: p.direction,
            adjustmentKind: p.kind,
            amount: p.amount,
            currency: p.currency,
            reason: p.reason,
            relatedTransactionId: p.relatedTransactionId,
          },
          { correlationId: e.correlationId, causationId: e.id },
        );
      } catch (err) {
        // No account to answer on: the request can never be applied.
        if (err instanceof DomainError && err.code === 'NOT_FOUND')
          throw new PoisonMessageError(`adjustment ${p.requestId}: account ${p.accountId} not found`);
        throw err;
      }
    },
  };
}

/** Group ledger.cards: card status from cards' events, for authorisation. */
export function cardStatusHandlers(cards: CardStatusReadModel): Record<string, EventHandler> {
  const to =
    (status: CardStatus): EventHandler =>
    (e) => {
      const p = e.payload as { cardId: string; accountId: string };
      return cards.apply(p.cardId, p.accountId, status, e.aggregateVersion);
    };
  return {
    'cards.card.issued.v1': to('INACTIVE'),
    'cards.card.activated.v1': to('ACTIVE'),
    'cards.card.frozen.v1': to('FROZEN'),
    'cards.card.unfrozen.v1': to('ACTIVE'),
    'cards.card.reported-lost.v1': to('LOST'),
    'cards.card.reported-stolen.v1': to('STOLEN'),
    'cards.card.closed.v1': to('CLOSED'),
  };
}

/** Group ledger.disputes: disputed amounts are held while their dispute is open. */
export function disputeHoldHandlers(accounts: AccountService): Record<string, EventHandler> {
  const apply = async (
    accountId: string,
    command: Parameters<AccountService['changeHold']>[1],
    e: { correlationId: string; id: string },
  ) => {
    try {
      await accounts.changeHold(accountId, command, { correlationId: e.correlationId, causationId: e.id });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NOT_FOUND')
        throw new PoisonMessageError(`dispute hold: account ${accountId} not found`);
      throw err;
    }
  };
  return {
    'disputes.dispute.opened.v1': (e) => {
      const p = e.payload as DisputesDisputeOpenedV1;
      return apply(
        p.accountId,
        {
          kind: 'PlaceHold',
          hold: {
            disputeId: p.disputeId,
            transactionId: p.transactionId,
            amount: p.disputedAmount,
            isFee: p.kind === 'FEE',
          },
        },
        e,
      );
    },
    'disputes.dispute.resolved.v1': (e) => {
      const p = e.payload as DisputesDisputeResolvedV1;
      return apply(p.accountId, { kind: 'ReleaseHold', disputeId: p.disputeId }, e);
    },
  };
}
