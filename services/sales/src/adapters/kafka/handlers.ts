import { insertOnce, type HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { mongo } from 'mongoose';
import type { ApplicationService } from '../../application/application-service';

/** The first card cards issued on each account, kept until its application knows it. */
export interface IssuedCardDoc {
  _id: string;
  cardId: string;
  issuedAt: number;
}

/**
 * Group sales.accounts: an approved application follows its fulfilment — the
 * ledger's account opened for it, then cards' first card on that account.
 * The two topics are read in no particular order, so the card is remembered
 * by account and applied by whichever event comes second.
 */
export function fulfilmentHandlers(
  applications: ApplicationService,
  issued: mongo.Collection<IssuedCardDoc>,
): HandlerMap<EventPayloads> {
  return {
    'ledger.account.opened.v1': async (e) => {
      const p = e.payload;
      if (!p.applicationId) return;
      const ctx = { correlationId: e.correlationId, causationId: e.id };
      await applications.onAccountOpened(p.applicationId, p.accountId, p.openedAt, ctx);
      const card = await issued.findOne({ _id: p.accountId });
      if (card) await applications.onCardIssued(p.accountId, card.cardId, card.issuedAt, ctx);
    },
    'cards.card.issued.v1': async (e) => {
      const p = e.payload;
      if (p.replacesCardId !== null) return;
      await insertOnce<IssuedCardDoc>(issued, { _id: p.accountId, cardId: p.cardId, issuedAt: p.issuedAt });
      await applications.onCardIssued(p.accountId, p.cardId, p.issuedAt, {
        correlationId: e.correlationId,
        causationId: e.id,
      });
    },
  };
}
