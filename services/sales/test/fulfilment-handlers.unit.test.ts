import { handlerFor, type EventEnvelope } from '@cardline/platform';
import type { EventPayloads } from '@cardline/schemas';
import type { mongo } from 'mongoose';
import type { ApplicationService } from '../src/application/application-service';
import { fulfilmentHandlers, type IssuedCardDoc } from '../src/adapters/kafka/handlers';

// Group sales.accounts: the ledger's opening and cards' first card arrive on
// two topics in either order; the application learns both either way.

type Opened = EventPayloads['ledger.account.opened.v1'];
type Issued = EventPayloads['cards.card.issued.v1'];

const envelope = <P>(type: string, payload: P): EventEnvelope<P> => ({
  id: `evt-${type}`,
  type,
  source: 'test',
  subject: 'acc_1',
  time: new Date(0),
  correlationId: 'corr-1',
  causationId: null,
  aggregateVersion: 1,
  payload,
});
const meta = { topic: 't', partition: 0, offset: '0' };

const opened = (applicationId: string | null) =>
  ({ accountId: 'acc_1', applicationId, openedAt: 10 }) as unknown as Opened;
const issued = (replacesCardId: string | null = null) =>
  ({ cardId: 'card_1', accountId: 'acc_1', issuedAt: 20, replacesCardId }) as unknown as Issued;

/** The application app_1 as the use cases keep it: the card is recorded only once its account is known. */
function world() {
  const app = { accountId: null as string | null, cardId: null as string | null };
  const docs = new Map<string, IssuedCardDoc>();
  const issuedCards = {
    insertOne: async (d: IssuedCardDoc) => {
      if (docs.has(d._id)) throw Object.assign(new Error('dup'), { code: 11000 });
      docs.set(d._id, d);
    },
    findOne: async (f: { _id: string }) => docs.get(f._id) ?? null,
  } as unknown as mongo.Collection<IssuedCardDoc>;
  const applications = {
    onAccountOpened: async (id: string, accountId: string) => {
      if (id === 'app_1') app.accountId = accountId;
    },
    onCardIssued: async (accountId: string, cardId: string) => {
      if (app.accountId === accountId && !app.cardId) app.cardId = cardId;
    },
  } as unknown as ApplicationService;
  const h = fulfilmentHandlers(applications, issuedCards);
  return {
    app,
    open: (id: string | null) =>
      handlerFor(h, 'ledger.account.opened.v1')?.(envelope('ledger.account.opened.v1', opened(id)), meta),
    issue: (replaces: string | null = null) =>
      handlerFor(h, 'cards.card.issued.v1')?.(envelope('cards.card.issued.v1', issued(replaces)), meta),
  };
}

describe('an approved application follows its account and card', () => {
  it('account first, then the card', async () => {
    const w = world();
    await w.open('app_1');
    await w.issue();
    expect(w.app).toEqual({ accountId: 'acc_1', cardId: 'card_1' });
  });

  it('the card first: remembered by account, applied when the opening arrives', async () => {
    const w = world();
    await w.issue();
    expect(w.app).toEqual({ accountId: null, cardId: null });
    await w.open('app_1');
    expect(w.app).toEqual({ accountId: 'acc_1', cardId: 'card_1' });
  });

  it('an account opened directly (no application) and a replacement card change nothing', async () => {
    const w = world();
    await w.open(null);
    await w.issue('card_0');
    expect(w.app).toEqual({ accountId: null, cardId: null });
  });

  it('redeliveries change nothing', async () => {
    const w = world();
    await w.issue();
    await w.issue();
    await w.open('app_1');
    await w.open('app_1');
    expect(w.app).toEqual({ accountId: 'acc_1', cardId: 'card_1' });
  });
});
