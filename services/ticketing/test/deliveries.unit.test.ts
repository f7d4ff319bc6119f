import { DeciderSpecification, type Decider, type EventEnvelope } from '@cardline/platform';
import type { CollectionsDeliveryReportedV1 } from '@cardline/schemas';
import type { MessageDeliveries } from '../src/application/ports';
import {
  DomainError,
  decide,
  evolve,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { deliveryOf, standing, type MessageDelivery } from '../src/domain/deliveries';
import { DEFAULT_SLA } from '../src/domain/sla';
import { deliveryHandlers } from '../src/adapters/kafka/handlers';
import { caseView } from '../src/adapters/http/views';

// The delivery status of ticketing's replies and surveys, from the delivery
// adapter's reports (docs/adr/0025-simulated-delivery-adapter.md), shown on
// their interactions by the case API: the newest report stands, so a
// redelivery or reports out of order leave the same status.
const T0 = Date.parse('2026-03-02T09:00:00Z');
const agent = { id: 'agent-7', role: 'agent' };
const adapter = { id: 'sms-adapter', role: 'channel_adapter' };

type At<C = CaseCommand> = C extends { kind: 'Tick' }
  ? C
  : C extends unknown
    ? Omit<C, 'now' | 'correlationId'> & { now?: number }
    : never;
const caseDecider: Decider<At, CaseEvent, CaseState | null> = {
  decide: (cmd, s) => decide({ now: T0, correlationId: 'corr-1', ...cmd } as CaseCommand, s, DEFAULT_SLA),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(caseDecider, DomainError);

const report = (over: Partial<CollectionsDeliveryReportedV1> = {}): CollectionsDeliveryReportedV1 => ({
  messageId: 'int-r1',
  source: 'TICKETING',
  caseId: 'cas-1',
  accountId: null,
  channel: 'SMS',
  purpose: 'REPLY',
  contactRef: 'cas-1:SMS',
  status: 'DELIVERED',
  slot: 12,
  reportedAt: T0 + 60_000,
  ...over,
});

/** The port in memory, applying the domain's rule as the Mongo view's conditional upsert does. */
function memoryDeliveries(): MessageDeliveries & { docs: Map<string, MessageDelivery> } {
  const docs = new Map<string, MessageDelivery>();
  return {
    docs,
    record: async (id, _caseId, d) => {
      docs.set(id, standing(docs.get(id) ?? null, d));
    },
    of: async (ids) => new Map(ids.flatMap((id) => (docs.has(id) ? [[id, docs.get(id)!] as const] : []))),
  };
}

const envelope = (payload: CollectionsDeliveryReportedV1) =>
  ({ payload }) as unknown as EventEnvelope<CollectionsDeliveryReportedV1>;

async function consume(deliveries: MessageDeliveries, ...reports: CollectionsDeliveryReportedV1[]) {
  const handle = deliveryHandlers(deliveries)['collections.delivery.reported.v1'];
  for (const r of reports) await handle?.(envelope(r), {} as never);
}

describe('which delivery report stands', () => {
  const delivered = { status: 'DELIVERED' as const, reportedAt: 100 };
  const failed = { status: 'FAILED' as const, reportedAt: 200 };

  it('the newer report wins, whichever arrives first', () => {
    expect(standing(delivered, failed)).toEqual(failed);
    expect(standing(failed, delivered)).toEqual(failed);
  });

  it('a report no newer than the one recorded changes nothing (a redelivery)', () => {
    expect(standing(delivered, { status: 'FAILED', reportedAt: 100 })).toEqual(delivered);
    expect(standing(null, delivered)).toEqual(delivered);
  });

  it('only ticketing’s own messages with a known status are recorded', () => {
    expect(deliveryOf(report())).toEqual({
      interactionId: 'int-r1',
      caseId: 'cas-1',
      delivery: { status: 'DELIVERED', reportedAt: T0 + 60_000 },
    });
    expect(deliveryOf(report({ source: 'COLLECTIONS' }))).toBeNull();
    expect(deliveryOf(report({ status: 'UNKNOWN' }))).toBeNull();
  });
});

describe('group ticketing.deliveries', () => {
  it('a redelivered report is recorded once, with the same status', async () => {
    const deliveries = memoryDeliveries();
    await consume(deliveries, report(), report());
    expect([...deliveries.docs]).toEqual([['int-r1', { status: 'DELIVERED', reportedAt: T0 + 60_000 }]]);
  });

  it('out of order: an older report after a newer one leaves the newer status', async () => {
    const deliveries = memoryDeliveries();
    await consume(
      deliveries,
      report({ status: 'FAILED', reportedAt: T0 + 120_000 }),
      report({ status: 'DELIVERED', reportedAt: T0 + 60_000 }),
    );
    expect(deliveries.docs.get('int-r1')).toEqual({ status: 'FAILED', reportedAt: T0 + 120_000 });
  });

  it('collections’ own reports are left to collections', async () => {
    const deliveries = memoryDeliveries();
    await consume(deliveries, report({ source: 'COLLECTIONS', messageId: 'att-1' }));
    expect(deliveries.docs.size).toBe(0);
  });
});

describe('the case API shows each reply’s delivery on its interaction', () => {
  const replied = () =>
    given().after(
      {
        kind: 'Open',
        caseId: 'cas-1',
        customerId: 'cus-1',
        accountId: null,
        channel: 'SMS',
        topic: 'GENERAL',
        priority: 'NORMAL',
        queue: 'general',
        subject: 'APR',
        live: false,
        first: {
          interactionId: 'int-m1',
          channel: 'SMS',
          body: 'What is my APR?',
          from: '+1 415 555 0142',
          externalId: 'm1',
        },
        actor: adapter,
      },
      { kind: 'Reply', interactionId: 'int-r1', channel: 'SMS', body: 'Your APR is 24.99%.', actor: agent },
    ).state as CaseState;

  it('a report that came before the case was read is joined on read; the inbound message has none', async () => {
    const deliveries = memoryDeliveries();
    // The report may be consumed before, or after, the case's own save: the status is joined when read.
    await consume(deliveries, report());
    const s = replied();
    const view = caseView(s, null, await deliveries.of(s.interactions.map((i) => i.interactionId)));
    expect(view.interactions.map((i) => [i.kind, i.delivery])).toEqual([
      ['INBOUND', null],
      ['OUTBOUND', { status: 'DELIVERED', reportedAt: new Date(T0 + 60_000).toISOString() }],
    ]);
  });

  it('before any report the reply shows no delivery', () => {
    const view = caseView(replied(), null);
    expect(view.interactions.map((i) => i.delivery)).toEqual([null, null]);
  });
});
