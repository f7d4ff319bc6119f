// Compile-time half: tsconfig.check.json type-checks this file, and each
// `@ts-expect-error` fails the check if the line below it ever compiles.
import { handlerFor, type EventEnvelope, type HandlerMap } from '@cardline/platform';
import type { DisputesDisputeOpenedV1, EventPayloads } from '@cardline/schemas';

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

describe('collections’ consumer groups are handler maps typed by event type', () => {
  it("a handler reads its own type's payload, and only that type's", async () => {
    const seen: number[] = [];
    const handlers: HandlerMap<EventPayloads> = {
      'ledger.account.delinquency-changed.v1': async (e) => {
        seen.push(e.payload.amountPastDue);
      },
    };
    const wrongField: HandlerMap<EventPayloads> = {
      'ledger.account.delinquency-changed.v1': async (e) => {
        // @ts-expect-error disputedAmount is a field of disputes.dispute.opened.v1, not of a bucket move
        seen.push(e.payload.disputedAmount);
      },
    };
    const wrongPayload: HandlerMap<EventPayloads> = {
      // @ts-expect-error a handler written for disputes.dispute.opened.v1 under another type
      'ledger.account.charged-off.v1': async (e: EventEnvelope<DisputesDisputeOpenedV1>) => {
        seen.push(e.payload.disputedAmount);
      },
    };
    const notAType: HandlerMap<EventPayloads> = {
      // @ts-expect-error no such event type in the generated map
      'collections.case.cured.v1': async () => undefined,
    };

    const moved = handlerFor(handlers, 'ledger.account.delinquency-changed.v1');
    await moved?.(envelope('ledger.account.delinquency-changed.v1', { amountPastDue: 2500 }), meta);
    expect(seen).toEqual([2500]);
    expect(handlerFor(handlers, 'collections.case.opened.v1')).toBeUndefined();
    expect([wrongField, wrongPayload, notAType].map((h) => Object.keys(h).length)).toEqual([1, 1, 1]);
  });

  it('the case’s own events are in the generated map', async () => {
    const seen: number[] = [];
    const handlers: HandlerMap<EventPayloads> = {
      'collections.case.promise-broken.v1': async (e) => {
        seen.push(e.payload.strategyResumesAt);
      },
    };
    await handlerFor(handlers, 'collections.case.promise-broken.v1')?.(
      envelope('collections.case.promise-broken.v1', { strategyResumesAt: 7 }),
      { ...meta, topic: 'collections.case' },
    );
    expect(seen).toEqual([7]);
    expect(handlerFor(handlers, 'toString')).toBeUndefined();
  });
});
