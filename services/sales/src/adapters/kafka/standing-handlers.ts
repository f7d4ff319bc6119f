import type { HandlerMap } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { StandingView } from '../mongo/standing-view';

/**
 * Group sales.standing: what add-on eligibility needs to know of each
 * account, from the services that know it: the ledger (customer, market,
 * time zone, days past due), cards (the card's last four), collections
 * (open cases, running hardship programmes, do-not-call in the contact
 * facts) and disputes (open fraud cases). Each handler is idempotent, so redelivery changes nothing.
 */
export function standingHandlers(view: StandingView): HandlerMap<EventPayloads> {
  return {
    'ledger.account.opened.v1': async (e) => {
      const p = e.payload;
      if (p.market === 'UNKNOWN') return;
      await view.set(p.accountId, { customerId: p.customerId, market: p.market, timeZone: p.timeZone });
    },
    'ledger.account.delinquency-changed.v1': (e) => {
      const p = e.payload;
      return view.setIfNewer(p.accountId, 'delinquencyAsOf', {
        daysPastDue: p.daysPastDue,
        delinquencyAsOf: p.asOf,
      });
    },
    // The newest card on the account is the one the customer holds (a replacement has new digits).
    'cards.card.issued.v1': (e) => {
      const p = e.payload;
      return view.setIfNewer(p.accountId, 'cardIssuedAt', { cardLast4: p.last4, cardIssuedAt: p.issuedAt });
    },
    'collections.case.opened.v1': (e) => view.add(e.payload.accountId, 'collectionsCases', e.payload.caseId),
    'collections.case.closed.v1': (e) =>
      view.remove(e.payload.accountId, 'collectionsCases', e.payload.caseId),
    // A reduced rate or a payment pause runs until collections ends it; a fee waiver is over once granted.
    'collections.case.hardship-granted.v1': async (e) => {
      const p = e.payload;
      if (p.kind === 'REDUCED_RATE' || p.kind === 'PAYMENT_PAUSE')
        await view.add(p.accountId, 'hardshipProgrammes', p.programmeId);
    },
    'collections.case.hardship-ended.v1': (e) =>
      view.remove(e.payload.accountId, 'hardshipProgrammes', e.payload.programmeId),
    'collections.case.contact-facts-changed.v1': (e) => {
      const p = e.payload;
      return view.set(p.accountId, { doNotCall: p.ceaseRequested || p.doNotContact.includes('CALL') });
    },
    'disputes.dispute.opened.v1': async (e) => {
      const p = e.payload;
      if (p.kind === 'FRAUD') await view.add(p.accountId, 'fraudDisputes', p.disputeId);
    },
    'disputes.dispute.resolved.v1': (e) =>
      view.remove(e.payload.accountId, 'fraudDisputes', e.payload.disputeId),
  };
}
