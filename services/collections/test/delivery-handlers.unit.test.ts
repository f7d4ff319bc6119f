import { DomainError, type EventEnvelope } from '@cardline/platform';
import type { ContactService } from '../src/application/contact-service';
import type { DeliveryAdapter } from '../src/delivery/adapter';
import type { OutboundMessage } from '../src/delivery/delivery';
import { DELIVERY_ADAPTER, deliveryAdapterHandlers, deliveryReportHandlers } from '../src/delivery/handlers';

// The adapter's two consumer groups with stand-ins: which outbox messages it
// delivers, and how a report becomes an attempt's outcome.

const T0 = Date.UTC(2026, 3, 1, 15);
const envelope = <P>(type: string, payload: P): EventEnvelope<P> =>
  ({
    id: 'evt-1',
    type,
    source: 'test',
    subject: 'x',
    time: new Date(T0),
    correlationId: 'corr-1',
    causationId: null,
    aggregateVersion: 1,
    payload,
  }) as EventEnvelope<P>;

const decided = (over: Record<string, unknown> = {}) => ({
  caseId: 'col_1',
  accountId: 'acc_1',
  attemptId: 'att_1',
  channel: 'SMS',
  party: 'DEBTOR',
  autodialled: false,
  contactRef: 'phone:on-file',
  market: 'US',
  allowed: true,
  ruleIds: ['US.CONTACT_HOURS'],
  reason: null,
  nextAllowedAt: null,
  requestedBy: { id: 'strategy-runner', role: 'system' },
  decidedAt: T0,
  ...over,
});

function adapterHandlers(owned = ['col_1']) {
  const sent: OutboundMessage[] = [];
  const adapter = { deliver: async (m: OutboundMessage) => void sent.push(m) } as unknown as DeliveryAdapter;
  const h = deliveryAdapterHandlers(adapter, async (id) => owned.includes(id)) as Record<
    string,
    (e: EventEnvelope<unknown>) => Promise<void>
  >;
  return { sent, run: (type: string, p: unknown) => h[type]?.(envelope(type, p)) };
}

describe('the delivery adapter’s outbox', () => {
  it('delivers the strategy runner’s allowed attempts of its own cases, with the reference only', async () => {
    const { sent, run } = adapterHandlers();
    await run('collections.case.contact-decided.v1', decided());
    expect(sent).toEqual([
      {
        messageId: 'att_1',
        source: 'COLLECTIONS',
        caseId: 'col_1',
        accountId: 'acc_1',
        channel: 'SMS',
        purpose: 'TREATMENT',
        contactRef: 'phone:on-file',
      },
    ]);
  });

  it('leaves refusals, collectors’ own attempts and other stores’ cases alone', async () => {
    const { sent, run } = adapterHandlers();
    await run('collections.case.contact-decided.v1', decided({ allowed: false }));
    await run(
      'collections.case.contact-decided.v1',
      decided({ requestedBy: { id: 'collector-1', role: 'collector' } }),
    );
    await run('collections.case.contact-decided.v1', decided({ caseId: 'col_elsewhere' }));
    expect(sent).toEqual([]);
  });

  it('delivers ticketing’s replies and CSAT surveys without reading their address', async () => {
    const { sent, run } = adapterHandlers();
    const queued = {
      caseId: 'tkt_1',
      interactionId: 'tkt_1:csat-survey',
      channel: 'EMAIL',
      purpose: 'CSAT_SURVEY',
      to: 'lin@example.com',
      body: 'How did we do?',
      queuedAt: T0,
    };
    await run('ticketing.case.message-queued.v1', queued);
    await run('ticketing.case.message-queued.v1', { ...queued, interactionId: 'int_2', purpose: 'REPLY' });
    expect(sent.map((m) => [m.messageId, m.source, m.purpose, m.contactRef, m.accountId])).toEqual([
      ['tkt_1:csat-survey', 'TICKETING', 'CSAT_SURVEY', null, null],
      ['int_2', 'TICKETING', 'REPLY', null, null],
    ]);
    expect(JSON.stringify(sent)).not.toContain('example.com');
  });
});

describe('delivery reports in collections', () => {
  const report = (over: Record<string, unknown> = {}) => ({
    messageId: 'att_1',
    source: 'COLLECTIONS',
    caseId: 'col_1',
    accountId: 'acc_1',
    channel: 'CALL',
    purpose: 'TREATMENT',
    contactRef: 'phone:on-file',
    status: 'ANSWERED',
    slot: 12,
    reportedAt: T0,
    ...over,
  });

  function reportHandlers(fail?: Error) {
    const recorded: { caseId: string; attemptId: string; outcome: string; actor: unknown }[] = [];
    const contacts = {
      recordOutcome: async (caseId: string, attemptId: string, c: { outcome: string; actor: unknown }) => {
        if (fail) throw fail;
        recorded.push({ caseId, attemptId, outcome: c.outcome, actor: c.actor });
      },
    } as unknown as ContactService;
    const h = deliveryReportHandlers(contacts) as Record<
      string,
      (e: EventEnvelope<unknown>) => Promise<void>
    >;
    return {
      recorded,
      run: (p: unknown) =>
        h['collections.delivery.reported.v1']?.(envelope('collections.delivery.reported.v1', p)),
    };
  }

  it('records the report as the attempt’s outcome, by the adapter', async () => {
    const { recorded, run } = reportHandlers();
    await run(report());
    await run(report({ messageId: 'att_2', status: 'WRONG_PARTY' }));
    await run(report({ messageId: 'att_3', status: 'DELIVERED', channel: 'SMS' }));
    expect(recorded).toEqual([
      { caseId: 'col_1', attemptId: 'att_1', outcome: 'RIGHT_PARTY_CONTACT', actor: DELIVERY_ADAPTER },
      { caseId: 'col_1', attemptId: 'att_2', outcome: 'WRONG_PARTY', actor: DELIVERY_ADAPTER },
      { caseId: 'col_1', attemptId: 'att_3', outcome: 'NO_ANSWER', actor: DELIVERY_ADAPTER },
    ]);
  });

  it('ignores ticketing’s reports, and a redelivered report whose attempt is no longer pending', async () => {
    const { recorded, run } = reportHandlers();
    await run(report({ source: 'TICKETING' }));
    expect(recorded).toEqual([]);
    await expect(
      reportHandlers(new DomainError('NOT_FOUND', 'no attempt')).run(report()),
    ).resolves.toBeUndefined();
  });

  it('lets any other failure through to the consumer’s retries', async () => {
    await expect(reportHandlers(new Error('store down')).run(report())).rejects.toThrow('store down');
  });
});
