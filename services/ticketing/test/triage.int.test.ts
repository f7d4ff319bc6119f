import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { http } from '../../ledger/test/support';
import { tokenFor } from '../../cards/test/support';
import { startTestTicketing, ticketingEnv } from './support';

// Triage on the real servers (docs/adr/0022-ticketing-triage.md): a WeChat
// message in Chinese reporting a stolen card becomes an URGENT case in the
// cards queue with the card's last four, published as message-classified and
// triaged; the message stays in the case as received.
let ticketing: Awaited<ReturnType<typeof startTestTicketing>>;
let events: TopicCollector;
const tokens: Record<string, string> = {};
const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });

beforeAll(async () => {
  ticketing = await startTestTicketing(ticketingEnv());
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), ['ticketing.case']).start();
  for (const role of ['agent', 'supervisor'] as const) tokens[role] = await tokenFor(role);
  // A channel adapter's token is bound to its channel (docs/adr/0023-least-privilege-operations.md).
  tokens.channel_adapter = await tokenFor('channel_adapter', undefined, 'WECHAT');
});

afterAll(async () => {
  await events?.stop();
  await ticketing?.stop();
});

const STOLEN = '你好，我的信用卡在地铁上被偷了，尾号4821，请马上冻结！卡号是4111 1111 1111 1111';

it('a WeChat message in Chinese reporting a stolen card becomes an URGENT case in the cards queue with its last four', async () => {
  const customerId = `cus-triage-${Date.now()}`;
  const r = await http(
    'POST',
    `${ticketing.url}/v1/channels/WECHAT/messages`,
    { customerId, from: 'wx-openid-triage-1', body: STOLEN, externalId: `wx-${customerId}` },
    as('channel_adapter'),
  );
  expect(r.status).toBe(201);
  const caseId = r.json.caseId as string;
  // The adapter gets a receipt; the agent reads the case.
  expect(Object.keys(r.json).sort()).toEqual(['caseId', 'interactionId', 'status', 'threaded']);
  const c = (await http('GET', `${ticketing.url}/v1/cases/${caseId}`, undefined, as('agent'))).json;
  expect(c).toMatchObject({ priority: 'URGENT', queue: 'cards', topic: 'LOST_CARD' });
  expect(c.sla.RESOLUTION.state).toBe('RUNNING');
  expect(c.triage).toEqual([
    expect.objectContaining({
      intent: 'lost_stolen_card',
      language: 'zh',
      urgency: 'URGENT',
      source: 'STOLEN_CARD_STEPS',
      review: null,
    }),
  ]);
  // The last four the customer wrote, and the redacted card number's: never the number itself.
  expect(c.triage[0].entities.lastFour).toEqual(expect.arrayContaining(['4821']));
  // As received, less the card number intake redacts; it is never echoed.
  const [message] = c.interactions as { body: string }[];
  expect(message?.body).toContain('我的信用卡在地铁上被偷了');
  expect(message?.body).toContain('尾号4821');
  expect(JSON.stringify(c)).not.toContain('4111 1111 1111 1111');

  const inCards = await http(
    'GET',
    `${ticketing.url}/v1/cases?queue=cards&customerId=${customerId}`,
    undefined,
    as('agent'),
  );
  expect(inCards.json.items.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);

  await eventually(
    async () => {
      const types = events.where((e) => e.headers.ce_subject === caseId).map((e) => e.headers.ce_type);
      expect(types).toEqual(
        expect.arrayContaining([
          'ticketing.case.opened.v1',
          'ticketing.case.interaction-recorded.v1',
          'ticketing.case.message-classified.v1',
          'ticketing.case.triaged.v1',
        ]),
      );
    },
    { what: 'the triage events on ticketing.case' },
  );
  const classified = events.where(
    (e) => e.headers.ce_subject === caseId && e.headers.ce_type === 'ticketing.case.message-classified.v1',
  );
  expect(classified).toHaveLength(1);

  const reviewed = await http(
    'POST',
    `${ticketing.url}/v1/cases/${caseId}/suggestion-reviews`,
    { interactionId: c.triage[0].interactionId, outcome: 'ACCEPTED' },
    as('agent'),
  );
  expect(reviewed.status).toBe(200);
  expect(reviewed.json.triage[0].review).toBe('ACCEPTED');
  const report = await http('GET', `${ticketing.url}/v1/reports/triage`, undefined, as('supervisor'));
  expect(report.json.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ intent: 'lost_stolen_card', accepted: expect.any(Number) }),
    ]),
  );
});

it('a redelivered message is triaged once', async () => {
  const customerId = `cus-triage-again-${Date.now()}`;
  const body = {
    customerId,
    from: 'wx-openid-triage-2',
    body: '催收员昨天在电话里态度恶劣还威胁我',
    externalId: `wx-${customerId}`,
  };
  const first = await http(
    'POST',
    `${ticketing.url}/v1/channels/WECHAT/messages`,
    body,
    as('channel_adapter'),
  );
  const again = await http(
    'POST',
    `${ticketing.url}/v1/channels/WECHAT/messages`,
    body,
    as('channel_adapter'),
  );
  expect(again.json.caseId).toBe(first.json.caseId);
  const c = (await http('GET', `${ticketing.url}/v1/cases/${first.json.caseId}`, undefined, as('agent')))
    .json;
  expect(c.triage).toHaveLength(1);
  expect(c.interactions).toHaveLength(1);
});
