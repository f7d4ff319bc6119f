import {
  DomainError,
  PoisonMessageError,
  batched,
  type EventEnvelope,
  upsertIfNewer,
  type EventHandler,
  type HandlerMap,
} from '@cardline/platform';
import type { mongo } from 'mongoose';
import type { EventPayloads } from '@cardline/schemas';
import type { AccountService, AdjustmentRequest } from '../../application/account-service';
import { declinedView, postedView, type LedgerReadModels } from '../mongo/read-models';
import type { CardStatusReadModel } from '../mongo/card-status';
import type { PostingKeys } from '../mongo/keyed-postings';
import type { AccountEvent, CardStatus } from '../../domain/account';
import { APR_BPS_BY_TIER, accountIdForApplication, billingCycleDayFor } from '../../domain/approved-terms';

/**
 * Group ledger.read-models: the query side, from the ledger's own events.
 * Postings and declines of one consumer batch are stored in one write; both
 * types share the batch form so a mixed batch stays one write.
 */
export function readModelHandlers(rm: LedgerReadModels): HandlerMap<EventPayloads> {
  type Transaction =
    EventPayloads['ledger.transaction.posted.v1'] | EventPayloads['ledger.transaction.declined.v1'];
  const transactions = (events: EventEnvelope<Transaction>[]) =>
    rm.onTransactions(
      events.map((e) =>
        e.type === 'ledger.transaction.posted.v1'
          ? postedView(
              e.payload as EventPayloads['ledger.transaction.posted.v1'],
              e.correlationId,
              e.aggregateVersion,
            )
          : declinedView(
              e.payload as EventPayloads['ledger.transaction.declined.v1'],
              e.correlationId,
              e.aggregateVersion,
            ),
      ),
    );
  return {
    'ledger.transaction.posted.v1': batched<EventPayloads['ledger.transaction.posted.v1']>(
      (e) => rm.onPosted(e.payload, e.correlationId, e.aggregateVersion),
      transactions,
    ),
    'ledger.transaction.declined.v1': batched<EventPayloads['ledger.transaction.declined.v1']>(
      (e) => rm.onDeclined(e.payload, e.correlationId, e.aggregateVersion),
      transactions,
    ),
    'ledger.statement.closed.v1': (e) => rm.onStatementClosed(e.payload, e.aggregateVersion),
  };
}

/** Group ledger.adjustments: credits and debits other services ask for. */
export function adjustmentHandlers(accounts: AccountService): HandlerMap<EventPayloads> {
  return {
    'ledger.adjustment.requested.v1': async (e) => {
      const p = e.payload;
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
export function cardStatusHandlers(cards: CardStatusReadModel): HandlerMap<EventPayloads> {
  // Every card event names its card and account.
  const to =
    (status: CardStatus): EventHandler<{ cardId: string; accountId: string }> =>
    (e) =>
      cards.apply(e.payload.cardId, e.payload.accountId, status, e.aggregateVersion);
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

/** The last dispute event version the ledger applied to holds, per dispute. */
export interface DisputeHoldVersion {
  _id: string;
  version: number;
}

/** Group ledger.disputes: disputed amounts are held while their dispute is open. */
export function disputeHoldHandlers(
  accounts: AccountService,
  applied: mongo.Collection<DisputeHoldVersion>,
): HandlerMap<EventPayloads> {
  const apply = async (
    accountId: string,
    command: Parameters<AccountService['changeHold']>[1],
    e: { correlationId: string; id: string; subject: string; aggregateVersion: number },
  ) => {
    // An older dispute event delivered after a newer one (a relay's duplicate, a
    // replay) must not place a released hold again: the dispute's last applied
    // version decides. Stored after the change, so a crash in between re-applies
    // the same event, which the account's holds absorb.
    const last = await applied.findOne({ _id: e.subject });
    if (last && last.version >= e.aggregateVersion) return;
    try {
      await accounts.changeHold(accountId, command, { correlationId: e.correlationId, causationId: e.id });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NOT_FOUND')
        throw new PoisonMessageError(`dispute hold: account ${accountId} not found`);
      throw err;
    }
    await upsertIfNewer(applied, { _id: e.subject, version: e.aggregateVersion }, 'version');
  };
  return {
    'disputes.dispute.opened.v1': (e) => {
      const p = e.payload;
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
          postedAt: p.transactionPostedAt,
        },
        e,
      );
    },
    'disputes.dispute.resolved.v1': (e) => {
      const p = e.payload;
      return apply(p.accountId, { kind: 'ReleaseHold', disputeId: p.disputeId }, e);
    },
  };
}

/** Group ledger.applications: an approved sales application opens its account, once per application. */
export function applicationHandlers(accounts: AccountService): HandlerMap<EventPayloads> {
  return {
    'sales.application.approved.v1': async (e) => {
      const p = e.payload;
      if (p.market === 'UNKNOWN' || p.aprTier === 'UNKNOWN')
        throw new PoisonMessageError(`application ${p.applicationId}: market or APR tier unknown`);
      try {
        await accounts.open(
          {
            accountId: accountIdForApplication(p.applicationId),
            applicationId: p.applicationId,
            customerId: p.customerId,
            productCode: p.productCode,
            market: p.market,
            currency: p.currency,
            creditLimit: p.creditLimit,
            aprBps: APR_BPS_BY_TIER[p.market][p.aprTier],
            billingCycleDay: billingCycleDayFor(p.applicationId),
            timeZone: p.timeZone,
          },
          { correlationId: e.correlationId, causationId: e.id },
        );
      } catch (err) {
        // A redelivered approval: its account is open already.
        if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') return;
        throw err;
      }
    },
  };
}

/**
 * Group ledger.enrollments: sales' add-on fees and refunds on the account
 * charged. Each fee due is a debit, each cancellation's refund a credit,
 * posted once per requestId (`<enrolmentId>:fee:<YYYY-MM>`, `<enrolmentId>:refund`):
 * a redelivered event, or sales' timer on two instances, posts nothing new
 * (docs/adr/0020-sales-enrolments-service.md).
 */
export function enrollmentHandlers(accounts: AccountService, keyed: PostingKeys): HandlerMap<EventPayloads> {
  // Recorded after the posting: should the record be lost, the account's own
  // processedRequests still catches a redelivery that soon after
  // (docs/adr/0026-sales-exactly-once-by-key.md).
  const post = async (
    accountId: string,
    request: Omit<AdjustmentRequest, 'postedBefore'>,
    e: { correlationId: string; id: string },
  ) => {
    const { requestId } = request;
    const postedBefore = await keyed.has(requestId);
    let events: AccountEvent[];
    try {
      events = await accounts.requestAdjustment(
        accountId,
        { ...request, postedBefore },
        { correlationId: e.correlationId, causationId: e.id },
      );
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NOT_FOUND')
        throw new PoisonMessageError(`add-on ${requestId}: account ${accountId} not found`);
      throw err;
    }
    if (postedBefore) return;
    const posting = events.flatMap((x) => (x.type === 'ledger.transaction.posted.v1' ? [x.payload] : []))[0];
    await keyed.record({ requestId, accountId, transactionId: posting?.transactionId ?? null });
  };
  return {
    'sales.enrollment.fee-due.v1': (e) => {
      const p = e.payload;
      return post(
        p.accountId,
        {
          requestId: p.requestId,
          direction: 'DEBIT',
          adjustmentKind: 'ADD_ON_FEE',
          amount: p.amount,
          currency: p.currency,
          reason: `Add-on fee ${p.periodKey} (enrolment ${p.enrolmentId})`,
          relatedTransactionId: null,
        },
        e,
      );
    },
    'sales.enrollment.cancelled.v1': async (e) => {
      const p = e.payload;
      const { refund } = p;
      // Nothing paid, nothing refunded (a trial, or a month not yet charged).
      if (refund.kind === 'NONE' || refund.amount <= 0 || refund.requestId === null) return;
      await post(
        p.accountId,
        {
          requestId: refund.requestId,
          direction: 'CREDIT',
          adjustmentKind: 'ADD_ON_REFUND',
          amount: refund.amount,
          currency: p.currency,
          reason: `Add-on refund, ${refund.kind === 'PRO_RATA' ? `pro rata ${refund.periodKey ?? ''}` : 'cooling-off'} (enrolment ${p.enrolmentId})`,
          relatedTransactionId: null,
        },
        e,
      );
    },
  };
}
