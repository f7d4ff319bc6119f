// Compile-time half: tsconfig.check.json type-checks this file, and each
// `@ts-expect-error` fails the check if the line below it ever compiles.
import { handlerFor, type EventEnvelope, type HandlerMap } from '@cardline/platform';
import type { CardsCardIssuedV1, EventPayloads } from '@cardline/schemas';

const envelope = <P>(type: string, payload: P): EventEnvelope<P> => ({
  id: 'evt-1',
  type,
  source: 'ledger',
  subject: 'acc-1',
  time: new Date(0),
  correlationId: 'corr-1',
  causationId: null,
  aggregateVersion: 1,
  payload,
});

const meta = { topic: 'ledger.account', partition: 0, offset: '0' };

describe('consumer groups are handler maps typed by event type', () => {
  it("a handler reads its own type's payload, and only that type's", async () => {
    const issuedFor: string[] = [];
    const handlers: HandlerMap<EventPayloads> = {
      'ledger.account.opened.v1': async (e) => {
        issuedFor.push(e.payload.customerId);
      },
    };
    const wrongField: HandlerMap<EventPayloads> = {
      'ledger.account.opened.v1': async (e) => {
        // @ts-expect-error cardId is a field of cards.card.issued.v1; an opened account has none
        issuedFor.push(e.payload.cardId);
      },
    };
    const wrongPayload: HandlerMap<EventPayloads> = {
      // @ts-expect-error a handler written for cards.card.issued.v1 under another type
      'ledger.account.opened.v1': async (e: EventEnvelope<CardsCardIssuedV1>) => {
        issuedFor.push(e.payload.cardId);
      },
    };
    const notAType: HandlerMap<EventPayloads> = {
      // @ts-expect-error no such event type in the generated map
      'ledger.account.closed.v1': async () => undefined,
    };

    const opened = handlerFor(handlers, 'ledger.account.opened.v1');
    await opened?.(envelope('ledger.account.opened.v1', { customerId: 'cus-1' }), meta);
    expect(issuedFor).toEqual(['cus-1']);
    expect(handlerFor(handlers, 'cards.card.issued.v1')).toBeUndefined();
    expect([wrongField, wrongPayload, notAType].map((h) => Object.keys(h).length)).toEqual([1, 1, 1]);
  });

  it('a type read off the wire finds only a handler the map declares', () => {
    const handlers: HandlerMap<EventPayloads> = { 'cards.card.frozen.v1': async () => undefined };
    expect(handlerFor(handlers, 'cards.card.frozen.v1')).toBeDefined();
    expect(handlerFor(handlers, 'constructor')).toBeUndefined();
    expect(handlerFor(handlers, 'toString')).toBeUndefined();
  });
});
