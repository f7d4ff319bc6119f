import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@cardline/platform';
import type { CardsCardUnfrozenV1 } from '@cardline/schemas';
import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector, producerAs } from '../../../test/support/kafka';
import { startTestCards, tokenFor } from '../../cards/test/support';
import { http, ledgerCallers, openBody, purchaseBody, startTestLedger, type LedgerCallers } from './support';

// issue 16: a forged cards.card.unfrozen.v1 with a higher version re-enabled
// a stolen card in the ledger's authorisation view. Kafka refuses it from a
// principal other than cards; from one that may write anywhere (admin) the
// ledger dead-letters it when its ce_source may not write cards.card; the
// card stays STOLEN and is declined (docs/adr/0029-kafka-principals-acls.md).
const secured = Boolean(process.env.KAFKA_PASSWORD_CARDS);
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let events: TopicCollector;
let dlq: TopicCollector;
let as: LedgerCallers;
let agent: Record<string, string>;
let stolen: { accountId: string; cardId: string; version: number };

async function ledgerSees(accountId: string, cardId: string): Promise<string | undefined> {
  const r = await http('GET', `${ledger.url}/v1/accounts/${accountId}/cards`, undefined, as.reader);
  return (r.json.items as { cardId: string; status: string }[]).find((c) => c.cardId === cardId)?.status;
}

const untilLedgerSees = (accountId: string, cardId: string, status: string) =>
  eventually(
    async () => {
      const s = await ledgerSees(accountId, cardId);
      if (s !== status) throw new Error(`ledger sees ${s}`);
    },
    { timeoutMs: 20000, what: `ledger to see ${cardId} ${status}` },
  );

async function buy(accountId: string, cardId: string) {
  const r = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { ...purchaseBody(2500), cardId },
    as.processor,
  );
  expect(r.status).toBe(201);
  return r.json as { status: string; declineReason?: string };
}

function unfrozen(source: string, version: number): EventEnvelope<CardsCardUnfrozenV1> {
  return {
    id: randomUUID(),
    type: 'cards.card.unfrozen.v1',
    source,
    subject: stolen.cardId,
    time: new Date(),
    correlationId: `forged-${randomUUID()}`,
    causationId: null,
    aggregateVersion: version,
    payload: {
      cardId: stolen.cardId,
      accountId: stolen.accountId,
      reason: null,
      actor: { id: 'agent-forger', role: 'agent' },
      unfrozenAt: Date.now(),
    },
  };
}

beforeAll(async () => {
  [ledger, cards] = await Promise.all([startTestLedger(), startTestCards()]);
  as = await ledgerCallers();
  agent = { authorization: `Bearer ${await tokenFor('agent')}` };
  events = await new TopicCollector(brokers(), ['cards.card']).start();
  dlq = await new TopicCollector(brokers(), [
    `cards.card.dlq.ledger.cards${ledger.config.GROUP_SUFFIX}`,
  ]).start();

  // An account with its card issued by cards' policy, activated, then reported stolen.
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), as.sales);
  const cardId = await eventually(
    async () => {
      const r = await http('GET', `${cards.url}/v1/accounts/${acc.accountId}/cards`, undefined, agent);
      const id = r.json.items?.[0]?.cardId as string | undefined;
      if (!id) throw new Error('no card yet');
      return id;
    },
    { what: 'the primary card' },
  );
  expect((await http('POST', `${cards.url}/v1/cards/${cardId}/activate`, {}, agent)).status).toBe(200);
  const report = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/report-stolen`,
    { lastUsedAt: '2026-01-11T13:00:00Z', lastUsedWhere: 'station kiosk' },
    agent,
  );
  expect(report.status).toBe(200);
  await untilLedgerSees(acc.accountId, cardId, 'STOLEN');
  const version = Math.max(
    ...events.where((r) => r.headers.ce_subject === cardId).map((r) => Number(r.headers.aggregate_version)),
  );
  stolen = { accountId: acc.accountId as string, cardId, version };
  expect(await buy(stolen.accountId, cardId)).toMatchObject({
    status: 'DECLINED',
    declineReason: 'CARD_BLOCKED',
  });
});

afterAll(async () => {
  await Promise.all([events?.stop(), dlq?.stop()]);
  await Promise.all([cards?.stop(), ledger?.stop()]);
});

(secured ? it : it.skip).each(['ledger', 'ticketing'])(
  'produced with the %s principal, a forged unfrozen is refused by Kafka (TopicAuthorizationFailed)',
  async (principal) => {
    const forger = await producerAs(principal);
    await expect(forger.publish([unfrozen('cards', stolen.version + 1)])).rejects.toMatchObject({
      message: expect.stringMatching(/Topic authorization failed/i),
    });
    expect(await ledgerSees(stolen.accountId, stolen.cardId)).toBe('STOLEN');
  },
);

it('produced by admin with a ce_source that may not write cards.card, it is dead-lettered with its reason; the card stays STOLEN and declined', async () => {
  const admin = await producerAs('admin');
  const forged = unfrozen('ticketing', stolen.version + 1);
  await admin.publish([forged]);
  const dead = await eventually(
    async () => {
      const d = dlq.where((r) => r.headers.ce_id === forged.id);
      if (d.length === 0) throw new Error('not dead-lettered yet');
      return d[0];
    },
    { timeoutMs: 20000, what: 'the forged unfrozen in the DLQ' },
  );
  expect(dead?.headers).toMatchObject({
    ce_source: 'ticketing',
    ce_type: 'cards.card.unfrozen.v1',
    aggregate_version: String(stolen.version + 1),
    dlq_error_type: 'ForbiddenSourceError',
    dlq_reason: 'ce_source ticketing may not publish cards.card (allowed: cards)',
    dlq_original_topic: 'cards.card',
  });
  // Dead-lettered means consumed: the view had its chance to change, and did not.
  expect(await ledgerSees(stolen.accountId, stolen.cardId)).toBe('STOLEN');
  expect(await buy(stolen.accountId, stolen.cardId)).toMatchObject({
    status: 'DECLINED',
    declineReason: 'CARD_BLOCKED',
  });
});
