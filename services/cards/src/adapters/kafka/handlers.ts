import { batched, type EventEnvelope, type HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { CardService } from '../../application/card-service';
import type { Carrier } from '../../application/ports';
import { declinedDoc, postedDoc, type CardTransactionsView } from '../mongo/card-transactions';

/** Group cards.issuance: a card for every account the ledger opens. */
export function issuanceHandlers(cards: CardService): HandlerMap<EventPayloads> {
  return {
    'ledger.account.opened.v1': async (e) => {
      const p = e.payload;
      await cards.issueForNewAccount(
        { accountId: p.accountId, customerId: p.customerId, productCode: p.productCode },
        { correlationId: e.correlationId, causationId: e.id },
      );
    },
  };
}

/**
 * Group cards.card-transactions: the fraud trace's read model. Postings and
 * declines of one consumer batch are stored in one write; both types share
 * the batch form so a mixed batch stays one write.
 */
export function transactionHandlers(rm: CardTransactionsView): HandlerMap<EventPayloads> {
  type Posted = EventPayloads['ledger.transaction.posted.v1'];
  type Declined = EventPayloads['ledger.transaction.declined.v1'];
  const transactions = (events: EventEnvelope<Posted | Declined>[]) =>
    rm.onTransactions(
      events.flatMap((e) => {
        const doc =
          e.type === 'ledger.transaction.posted.v1'
            ? postedDoc(e.payload as Posted)
            : declinedDoc(e.payload as Declined);
        return doc ? [doc] : [];
      }),
    );
  return {
    'ledger.transaction.posted.v1': batched<Posted>((e) => rm.onPosted(e.payload), transactions),
    'ledger.transaction.declined.v1': batched<Declined>((e) => rm.onDeclined(e.payload), transactions),
  };
}

/**
 * Group cards.policies, on cards' own events: plastics go to the carrier
 * once their order is stored (never before, never lost), and a replacement
 * order always ends with the new card issued. Both steps are idempotent.
 */
export function policyHandlers(cards: CardService, carrier: Carrier): HandlerMap<EventPayloads> {
  const mail = async (cardId: string, orderId: string, orderedAt: number, correlationId: string) => {
    const card = await cards.get(cardId);
    if (!card || card.plastic.orderId !== orderId) return; // a later order superseded it
    await carrier.dispatch({
      orderId,
      cardId,
      customerId: card.customerId,
      speed: card.plastic.speed,
      address: card.plastic.address,
      orderedAt,
      correlationId,
    });
  };
  return {
    'cards.card.issued.v1': async (e) => {
      const p = e.payload;
      await mail(p.cardId, p.fulfilment.orderId, p.issuedAt, e.correlationId);
    },
    'cards.card.reported-damaged.v1': async (e) => {
      const p = e.payload;
      await mail(p.cardId, p.fulfilment.orderId, p.reportedAt, e.correlationId);
    },
    'cards.card.replacement-ordered.v1': async (e) => {
      const p = e.payload;
      const old = await cards.get(p.cardId);
      if (!old) return;
      await cards.completeReplacement(old, p.actor, { correlationId: e.correlationId, causationId: e.id });
    },
  };
}
