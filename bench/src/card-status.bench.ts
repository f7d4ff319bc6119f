/*
 * B4: how fast a card block reaches authorisation. A freeze is answered by
 * cards, then travels cards' outbox → relay → Kafka → the ledger's
 * card-status read model. Measured from the freeze's HTTP answer until the
 * ledger's read model shows FROZEN (what the next purchase sees). Reference,
 * same broker, same run: one bare Kafka hop (kafkajs produce acks=all → a
 * consumer group receives it), the floor any event-carried status has.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger, kafkaAuth, mintToken, type Role } from '@cardline/platform';
import { createLedger, loadLedgerConfig } from '@cardline/ledger/dist/ledger';
import { createCards, loadCardsConfig } from '@cardline/cards/dist/cards';
import type { BenchRow } from './report';

const ROUNDS = Number(process.env.BENCH_CARD_ROUNDS ?? 30);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function until(pred: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose JSON of our own APIs
async function json(url: string, init: RequestInit = {}): Promise<any> {
  const r = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return r.json();
}

/** Bare Kafka hop: produce one record, time until a subscribed group receives it. */
async function kafkaHop(brokers: string[], rounds: number): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'bench-hop', brokers, ...kafkaAuth(), logLevel: logLevel.NOTHING });
  const topic = `bench.hop.${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-hop-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Map<string, number>();
  await consumer.run({
    eachMessage: async ({ message }) => void seen.set(String(message.value), Date.now()),
  });
  const out: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const id = randomUUID();
    const t0 = Date.now();
    await producer.send({ topic, acks: -1, messages: [{ key: id, value: id }] });
    await until(async () => seen.has(id), 30000);
    if (i >= 3) out.push((seen.get(id) as number) - t0); // the first rounds include the group join
  }
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return out;
}

export async function runCardStatusBench(): Promise<BenchRow[]> {
  const env = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGO_URL: process.env.MONGO_URL,
    SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL,
    PORT: '0',
    LOG_LEVEL: 'warn',
    GROUP_SUFFIX: `.bench-${randomUUID().slice(0, 8)}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
  };
  const db = `bench_${randomUUID().slice(0, 8)}`;
  const ledger = await createLedger(
    loadLedgerConfig({ ...env, SERVICE_NAME: 'ledger', MONGO_DB: `${db}_ledger` }),
    createLogger('ledger', 'warn'),
  );
  const cardsConfig = loadCardsConfig({ ...env, SERVICE_NAME: 'cards', MONGO_DB: `${db}_cards` });
  const cards = await createCards(cardsConfig, createLogger('cards', 'warn'));
  await ledger.start();
  await cards.start();
  try {
    const L = `http://127.0.0.1:${ledger.port}`;
    const C = `http://127.0.0.1:${cards.port}`;
    const bearer = async (roles: Role[]) => ({
      authorization: `Bearer ${await mintToken(cardsConfig, { subject: 'bench', roles })}`,
    });
    // An agent reads cards and the ledger's view of them; an admin opens the account directly.
    const auth = await bearer(['agent']);
    const acc = await json(`${L}/v1/accounts`, {
      method: 'POST',
      headers: await bearer(['admin']),
      body: JSON.stringify({ customerId: 'bench', creditLimit: 100000, aprBps: 1999, billingCycleDay: 5 }),
    });
    let cardId = '';
    await until(async () => {
      cardId =
        (await json(`${C}/v1/accounts/${acc.accountId}/cards`, { headers: auth })).items?.[0]?.cardId ?? '';
      return cardId !== '';
    }, 30000);
    const ledgerSees = async (status: string) =>
      (await json(`${L}/v1/accounts/${acc.accountId}/cards`, { headers: auth })).items.some(
        (c: { cardId: string; status: string }) => c.cardId === cardId && c.status === status,
      );
    await json(`${C}/v1/cards/${cardId}/activate`, { method: 'POST', headers: auth, body: '{}' });
    await until(() => ledgerSees('ACTIVE'), 30000);
    const ours: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await json(`${C}/v1/cards/${cardId}/freeze`, {
        method: 'POST',
        headers: auth,
        body: '{"reason":"bench"}',
      });
      const t0 = Date.now();
      await until(() => ledgerSees('FROZEN'));
      ours.push(Date.now() - t0);
      await json(`${C}/v1/cards/${cardId}/unfreeze`, { method: 'POST', headers: auth, body: '{}' });
      await until(() => ledgerSees('ACTIVE'));
    }
    const hop = await kafkaHop(env.KAFKA_BROKERS?.split(',') ?? [], ROUNDS);
    const row = (p: number): BenchRow => ({
      id: `B4-p${p}`,
      name: `card block reaches authorisation, p${p} (freeze answered → ledger read model FROZEN)`,
      ours: { label: `${ROUNDS} freezes`, value: pct(ours, p), unit: 'ms' },
      reference: { label: 'bare Kafka hop, acks=all', value: pct(hop, p), unit: 'ms' },
      ratio: pct(hop, p) / pct(ours, p),
      target: 0.1,
      note:
        p === 99
          ? `Target: within 10× of one bare Kafka hop, and under the 1 s the cards issue asks for (p99 ${pct(ours, 99)} ms). Our path adds the outbox write's relay claim/ack and the read-model update on the Mongo-wire server.`
          : undefined,
    });
    return [row(50), row(99)];
  } finally {
    await cards.stop();
    await ledger.stop();
  }
}
