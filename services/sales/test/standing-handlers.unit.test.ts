import { handlerFor, type EventEnvelope } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import { standingHandlers } from '../src/adapters/kafka/standing-handlers';
import {
  StandingView,
  type AccountStandingDoc,
  type CustomerFactsDoc,
} from '../src/adapters/mongo/standing-view';
import { failingRules } from '../src/domain/eligibility';
import { ADD_ON_POLICIES } from '../src/domain/policy';
import { memoryCollection } from './memory-collection';
import { T, terms } from './support';

// Group sales.standing over the real StandingView on in-memory collections:
// each event from the ledger, cards, collections or disputes sets or clears
// its own fact, and eligibility then names the rule that fact breaks
// (docs/domain.md#sales, Eligibility).

type Type = keyof EventPayloads & string;

const meta = { topic: 't', partition: 0, offset: '0' };
const agent = { id: 'agent-1', role: 'sales_agent' };

function world() {
  const accounts = memoryCollection<AccountStandingDoc>();
  const facts = memoryCollection<CustomerFactsDoc>();
  const view = new StandingView(accounts.collection as never, facts.collection as never);
  const handlers = standingHandlers(view);
  let n = 0;
  const deliver = async <K extends Type>(type: K, payload: Partial<EventPayloads[K]>) => {
    const handler = handlerFor(handlers, type);
    if (!handler) throw new Error(`sales.standing has no handler for ${type}`);
    const e: EventEnvelope<unknown> = {
      id: `evt-${++n}`,
      type,
      source: 'test',
      subject: 'acc_1',
      time: new Date(T),
      correlationId: 'corr-1',
      causationId: null,
      aggregateVersion: n,
      payload,
    };
    await handler(e, meta);
  };
  const w = {
    accounts: accounts.docs,
    view,
    deliver,
    opened: (accountId = 'acc_1', market: 'US' | 'UNKNOWN' = 'US') =>
      deliver('ledger.account.opened.v1', {
        accountId,
        customerId: 'cus_1',
        market,
        timeZone: 'America/New_York',
      }),
    delinquency: (daysPastDue: number, asOf: number, accountId = 'acc_1') =>
      deliver('ledger.account.delinquency-changed.v1', { accountId, daysPastDue, asOf }),
    card: (last4: string, issuedAt: number) =>
      deliver('cards.card.issued.v1', { accountId: 'acc_1', last4, issuedAt }),
    caseOpened: (caseId: string, accountId = 'acc_1') =>
      deliver('collections.case.opened.v1', { caseId, accountId }),
    caseClosed: (caseId: string, accountId = 'acc_1') =>
      deliver('collections.case.closed.v1', { caseId, accountId, outcome: 'CURED' }),
    hardshipGranted: (programmeId: string, kind: 'REDUCED_RATE' | 'FEE_WAIVER' | 'PAYMENT_PAUSE') =>
      deliver('collections.case.hardship-granted.v1', {
        caseId: 'case_1',
        accountId: 'acc_1',
        programmeId,
        kind,
        rateBps: kind === 'REDUCED_RATE' ? 500 : null,
        months: kind === 'FEE_WAIVER' ? null : 3,
      }),
    hardshipEnded: (programmeId: string, kind: 'REDUCED_RATE' | 'PAYMENT_PAUSE') =>
      deliver('collections.case.hardship-ended.v1', {
        caseId: 'case_1',
        accountId: 'acc_1',
        programmeId,
        kind,
        endedAt: T,
      }),
    contactFacts: (f: { ceaseRequested?: boolean; doNotContact?: string[] }) =>
      deliver('collections.case.contact-facts-changed.v1', {
        caseId: 'case_1',
        accountId: 'acc_1',
        ceaseRequested: f.ceaseRequested ?? false,
        doNotContact: f.doNotContact ?? [],
      }),
    disputeOpened: (disputeId: string, kind: 'FRAUD' | 'FEE' | 'BILLING_ERROR', accountId = 'acc_1') =>
      deliver('disputes.dispute.opened.v1', { disputeId, accountId, customerId: 'cus_1', kind }),
    disputeResolved: (disputeId: string, outcome: 'CUSTOMER_WON' | 'MERCHANT_WON' | 'WITHDRAWN') =>
      deliver('disputes.dispute.resolved.v1', { disputeId, accountId: 'acc_1', outcome }),
    /** What an agent records on sales' facts route; by default consent and nothing against the customer. */
    recordFacts: (over: Partial<Omit<CustomerFactsDoc, '_id' | 'recordedBy' | 'recordedAt'>> = {}) =>
      view.recordFacts(
        'cus_1',
        {
          marketingConsent: true,
          doNotCall: false,
          inHardship: false,
          employmentStatus: 'EMPLOYED',
          ...over,
        },
        agent,
        T,
      ),
    /** The rules that exclude cus_1 from payment protection charged to acc_1 now; null: no such account. */
    rules: async (accountId = 'acc_1') => {
      const found = await view.standing('cus_1', accountId);
      return found && failingRules(found.standing, terms('PP-US-2'), ADD_ON_POLICIES.US, T);
    },
  };
  return w;
}

/** cus_1's account acc_1 is open in New York and an agent has recorded consent: nothing excludes them. */
async function known() {
  const w = world();
  await w.opened();
  await w.recordFacts();
  return w;
}

describe('sales learns the standing eligibility reads from other services’ events', () => {
  it('an account the ledger opened, with consent on file, breaks no rule', async () => {
    const w = await known();
    expect(await w.rules()).toEqual([]);
  });

  it('an account opened in an UNKNOWN market is not known to sales: nothing can be offered on it', async () => {
    const w = world();
    await w.opened('acc_1', 'UNKNOWN');
    await w.recordFacts();
    expect(await w.view.standing('cus_1', 'acc_1')).toBeNull();
  });

  it('an account is only offered on for its own customer', async () => {
    const w = await known();
    expect(await w.view.standing('cus_2', 'acc_1')).toBeNull();
  });

  describe('collections cases', () => {
    it('a case opened puts the customer in collections: NOT_IN_COLLECTIONS_OR_HARDSHIP', async () => {
      const w = await known();
      await w.caseOpened('case_1');
      expect(await w.rules()).toEqual(['NOT_IN_COLLECTIONS_OR_HARDSHIP']);
    });

    it('the case closed takes the customer out of collections', async () => {
      const w = await known();
      await w.caseOpened('case_1');
      await w.caseClosed('case_1');
      expect(await w.rules()).toEqual([]);
    });

    it('the customer stays in collections while another of their cases is open', async () => {
      const w = await known();
      await w.caseOpened('case_1');
      await w.caseOpened('case_2');
      await w.caseClosed('case_1');
      expect(await w.rules()).toEqual(['NOT_IN_COLLECTIONS_OR_HARDSHIP']);
    });

    it('a case on another of the customer’s accounts excludes them on this one too', async () => {
      const w = await known();
      await w.opened('acc_2');
      await w.caseOpened('case_9', 'acc_2');
      expect(await w.rules('acc_1')).toEqual(['NOT_IN_COLLECTIONS_OR_HARDSHIP']);
    });

    it('an opening and close replayed after a restart leave no case open', async () => {
      // At-least-once: the partition is replayed from the last commit, in order (one case, one key).
      const w = await known();
      await w.caseOpened('case_1');
      await w.caseClosed('case_1');
      await w.caseOpened('case_1');
      await w.caseClosed('case_1');
      expect(w.accounts.get('acc_1')?.collectionsCases).toEqual([]);
      expect(await w.rules()).toEqual([]);
    });

    it('an opening delivered twice is one case, which one close clears', async () => {
      const w = await known();
      await w.caseOpened('case_1');
      await w.caseOpened('case_1');
      expect(w.accounts.get('acc_1')?.collectionsCases).toEqual(['case_1']);
      await w.caseClosed('case_1');
      expect(await w.rules()).toEqual([]);
    });
  });

  describe('hardship programmes', () => {
    it.each(['REDUCED_RATE', 'PAYMENT_PAUSE'] as const)(
      'a %s collections granted is hardship: NOT_IN_COLLECTIONS_OR_HARDSHIP, also once the case is closed',
      async (kind) => {
        const w = await known();
        await w.caseOpened('case_1');
        await w.hardshipGranted('hp_1', kind);
        await w.caseClosed('case_1');
        expect(await w.rules()).toEqual(['NOT_IN_COLLECTIONS_OR_HARDSHIP']);
      },
    );

    it('the programme ended takes the customer out of hardship', async () => {
      const w = await known();
      await w.hardshipGranted('hp_1', 'PAYMENT_PAUSE');
      await w.hardshipEnded('hp_1', 'PAYMENT_PAUSE');
      expect(await w.rules()).toEqual([]);
    });

    it('a fee waiver is done once granted: it leaves no programme running', async () => {
      const w = await known();
      await w.hardshipGranted('hp_1', 'FEE_WAIVER');
      expect(w.accounts.get('acc_1')?.hardshipProgrammes ?? []).toEqual([]);
      expect(await w.rules()).toEqual([]);
    });
  });

  describe('fraud disputes', () => {
    it('a fraud dispute opened is an open fraud case: NO_OPEN_FRAUD_CASE', async () => {
      const w = await known();
      await w.disputeOpened('dsp_1', 'FRAUD');
      expect(await w.rules()).toEqual(['NO_OPEN_FRAUD_CASE']);
    });

    it.each(['FEE', 'BILLING_ERROR'] as const)('a %s dispute is no fraud case', async (kind) => {
      const w = await known();
      await w.disputeOpened('dsp_1', kind);
      expect(await w.rules()).toEqual([]);
      expect(w.accounts.get('acc_1')?.fraudDisputes).toBeUndefined();
    });

    it.each(['CUSTOMER_WON', 'MERCHANT_WON', 'WITHDRAWN'] as const)(
      'a fraud dispute resolved %s is no longer open',
      async (outcome) => {
        const w = await known();
        await w.disputeOpened('dsp_1', 'FRAUD');
        await w.disputeResolved('dsp_1', outcome);
        expect(await w.rules()).toEqual([]);
      },
    );

    it('the customer keeps an open fraud case until each of their fraud disputes is resolved', async () => {
      const w = await known();
      await w.disputeOpened('dsp_1', 'FRAUD');
      await w.disputeOpened('dsp_2', 'FRAUD');
      await w.disputeResolved('dsp_1', 'CUSTOMER_WON');
      expect(await w.rules()).toEqual(['NO_OPEN_FRAUD_CASE']);
      await w.disputeResolved('dsp_2', 'CUSTOMER_WON');
      expect(await w.rules()).toEqual([]);
    });

    it('a fraud dispute on another of the customer’s accounts excludes them on this one too', async () => {
      const w = await known();
      await w.opened('acc_2');
      await w.disputeOpened('dsp_9', 'FRAUD', 'acc_2');
      expect(await w.rules('acc_1')).toEqual(['NO_OPEN_FRAUD_CASE']);
    });
  });

  describe('do-not-call from collections’ contact facts', () => {
    it('a cease request puts the customer on do-not-call: NOT_ON_DO_NOT_CALL', async () => {
      const w = await known();
      await w.contactFacts({ ceaseRequested: true });
      expect(await w.rules()).toEqual(['NOT_ON_DO_NOT_CALL']);
    });

    it('calls marked do-not-contact put the customer on do-not-call', async () => {
      const w = await known();
      await w.contactFacts({ doNotContact: ['SMS', 'CALL'] });
      expect(await w.rules()).toEqual(['NOT_ON_DO_NOT_CALL']);
    });

    it('other channels marked do-not-contact do not stop a call', async () => {
      const w = await known();
      await w.contactFacts({ doNotContact: ['SMS', 'EMAIL', 'LETTER'] });
      expect(await w.rules()).toEqual([]);
    });

    it('the facts after a change are the facts: calls allowed again clear do-not-call', async () => {
      const w = await known();
      await w.contactFacts({ doNotContact: ['CALL'] });
      await w.contactFacts({ doNotContact: [] });
      expect(await w.rules()).toEqual([]);
    });

    it('the customer’s own do-not-call request, recorded by an agent, stands whatever collections says', async () => {
      const w = world();
      await w.opened();
      await w.recordFacts({ doNotCall: true });
      await w.contactFacts({ doNotContact: [] });
      expect(await w.rules()).toEqual(['NOT_ON_DO_NOT_CALL']);
    });
  });

  describe('days past due from the ledger', () => {
    it('an account past due breaks NOT_DELINQUENT', async () => {
      const w = await known();
      await w.delinquency(31, 1_000);
      expect(await w.rules()).toEqual(['NOT_DELINQUENT']);
    });

    it('a cure brings the customer back', async () => {
      const w = await known();
      await w.delinquency(31, 1_000);
      await w.delinquency(0, 2_000);
      expect(await w.rules()).toEqual([]);
    });

    it('an older delinquency arriving after a newer one is ignored', async () => {
      const w = await known();
      await w.delinquency(0, 2_000);
      await w.delinquency(31, 1_000);
      expect(w.accounts.get('acc_1')).toMatchObject({ daysPastDue: 0, delinquencyAsOf: 2_000 });
      expect(await w.rules()).toEqual([]);
    });

    it('the same delinquency redelivered changes nothing', async () => {
      const w = await known();
      await w.delinquency(31, 1_000);
      await w.delinquency(31, 1_000);
      expect(w.accounts.get('acc_1')).toMatchObject({ daysPastDue: 31, delinquencyAsOf: 1_000 });
    });

    it('the customer is as delinquent as their most delinquent account', async () => {
      const w = await known();
      await w.opened('acc_2');
      await w.delinquency(5, 1_000, 'acc_2');
      expect(await w.rules('acc_1')).toEqual(['NOT_DELINQUENT']);
    });
  });

  describe('the card on the account', () => {
    it('the newest card’s last four are the account’s, whichever card arrives last', async () => {
      const w = await known();
      await w.card('9999', 2_000);
      await w.card('4242', 1_000);
      expect((await w.view.standing('cus_1', 'acc_1'))?.account.accountLast4).toBe('9999');
    });

    it('an account without a card yet has no last four', async () => {
      const w = await known();
      expect((await w.view.standing('cus_1', 'acc_1'))?.account.accountLast4).toBeNull();
    });
  });

  it('the topics may arrive in any order: facts learned before the opening survive it', async () => {
    const w = world();
    await w.card('4242', 1_000);
    await w.delinquency(31, 1_000);
    await w.caseOpened('case_1');
    await w.disputeOpened('dsp_1', 'FRAUD');
    await w.contactFacts({ ceaseRequested: true });
    expect(await w.view.standing('cus_1', 'acc_1')).toBeNull();
    await w.opened();
    await w.recordFacts();
    expect((await w.view.standing('cus_1', 'acc_1'))?.account.accountLast4).toBe('4242');
    expect(await w.rules()).toEqual([
      'NOT_DELINQUENT',
      'NOT_IN_COLLECTIONS_OR_HARDSHIP',
      'NO_OPEN_FRAUD_CASE',
      'NOT_ON_DO_NOT_CALL',
    ]);
  });

  it('redelivering a whole history in order leaves the view as it was', async () => {
    const w = world();
    const history = async () => {
      await w.opened();
      await w.card('4242', 1_000);
      await w.delinquency(31, 1_000);
      await w.caseOpened('case_1');
      await w.disputeOpened('dsp_1', 'FRAUD');
      await w.contactFacts({ doNotContact: ['CALL'] });
      await w.delinquency(0, 2_000);
      await w.caseClosed('case_1');
      await w.disputeResolved('dsp_1', 'WITHDRAWN');
    };
    await history();
    const once = structuredClone(w.accounts.get('acc_1'));
    await history();
    expect(w.accounts.get('acc_1')).toEqual(once);
    expect(once).toMatchObject({ collectionsCases: [], fraudDisputes: [], doNotCall: true, daysPastDue: 0 });
  });
});
