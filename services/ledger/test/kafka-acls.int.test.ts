import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@cardline/platform';
import type { LedgerAdjustmentRequestedV1 } from '@cardline/schemas';
import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector, producerAs } from '../../../test/support/kafka';
import { http, ledgerCallers, openBody, purchaseBody, startTestLedger, type LedgerCallers } from './support';

// issue 16: a forged ledger.adjustment.requested.v1 credited any account.
// Kafka now refuses it from a principal that may not write the command
// channel, and the ledger dead-letters one whose ce_source is not a service
// allowed to publish it (docs/adr/0029-kafka-principals-acls.md).
const secured = Boolean(process.env.KAFKA_PASSWORD_CARDS);
const brokers = () => serverEnv().KAFKA_BROKERS.split(',');

function credit(accountId: string, source: string): EventEnvelope<LedgerAdjustmentRequestedV1> {
  const requestId = `req-${randomUUID()}`;
  return {
    id: randomUUID(),
    type: 'ledger.adjustment.requested.v1',
    source,
    subject: accountId,
    time: new Date(),
    correlationId: `corr-${requestId}`,
    causationId: null,
    aggregateVersion: 1,
    payload: {
      requestId,
      accountId,
      direction: 'CREDIT',
      kind: 'GOODWILL',
      amount: 5000,
      currency: 'USD',
      reason: 'forged',
      relatedTransactionId: null,
      requestedBy: source,
      requestedAt: Date.now(),
    },
  };
}

(secured ? describe : describe.skip)('Kafka principals and the ce_source allow-list', () => {
  let ledger: Awaited<ReturnType<typeof startTestLedger>>;
  let as: LedgerCallers;
  let dlq: TopicCollector;

  beforeAll(async () => {
    ledger = await startTestLedger();
    as = await ledgerCallers();
    const group = `ledger.adjustments${ledger.config.GROUP_SUFFIX}`;
    dlq = await new TopicCollector(brokers(), [`ledger.adjustment.dlq.${group}`]).start();
  });

  afterAll(async () => {
    await dlq?.stop();
    await ledger?.stop();
  });

  const balance = async (accountId: string): Promise<number> =>
    (await http('GET', `${ledger.url}/v1/accounts/${accountId}`, undefined, as.reader)).json.balance;

  async function openWithPurchase(): Promise<string> {
    const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), as.sales);
    await http(
      'POST',
      `${ledger.url}/v1/accounts/${acc.accountId}/transactions`,
      purchaseBody(10000),
      as.processor,
    );
    return acc.accountId as string;
  }

  it('a credit request produced with the cards principal is refused by Kafka (TopicAuthorizationFailed)', async () => {
    const accountId = await openWithPurchase();
    const cards = await producerAs('cards');
    await expect(cards.publish([credit(accountId, 'disputes')])).rejects.toMatchObject({
      message: expect.stringMatching(/Topic authorization failed/i),
    });
    expect(await balance(accountId)).toBe(10000);
  });

  it('a credit request from a source not allowed to publish ledger.adjustment is dead-lettered with the reason, the account untouched', async () => {
    const accountId = await openWithPurchase();
    // The admin principal may write anywhere: only the ce_source check stands between this and a credit.
    const admin = await producerAs('admin');
    const forged = credit(accountId, 'rogue');
    const marker = {
      ...credit(accountId, 'disputes'),
      payload: { ...credit(accountId, 'disputes').payload, amount: 1 },
    };
    await admin.publish([forged, marker]);
    const dead = await eventually(async () => {
      const d = dlq.where((r) => r.headers.ce_id === forged.id);
      if (d.length === 0) throw new Error('not dead-lettered yet');
      return d[0];
    });
    expect(dead?.headers).toMatchObject({
      ce_source: 'rogue',
      dlq_error_type: 'ForbiddenSourceError',
      dlq_reason: 'ce_source rogue may not publish ledger.adjustment (allowed: disputes, collections)',
      dlq_original_topic: 'ledger.adjustment',
    });
    // The request behind it, from disputes, is applied: the forged credit never was.
    await eventually(async () => {
      const b = await balance(accountId);
      if (b !== 9999) throw new Error(`balance ${b}`);
    });
  });
});
