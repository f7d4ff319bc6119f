import mongoose from 'mongoose';
import type { SimulatedClock } from '@cardline/platform';
import { eventually, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { asRole, http, openBody, startTestLedger } from '../../ledger/test/support';
import { startTestCards, tokenFor } from './support';

// Two cards instances on one store and one set of consumer groups: issuance,
// replacement policies, the outbox relay and the carrier timer must each act once.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let a: Awaited<ReturnType<typeof startTestCards>>;
let b: Awaited<ReturnType<typeof startTestCards>>;
let events: TopicCollector;
let agent: string;

beforeAll(async () => {
  const db = unique('cards_scale').replace(/-/g, '_');
  const shared = {
    MONGO_DB: db,
    VAULT_DB: `${db}_vault`,
    GROUP_SUFFIX: `.${unique('t')}`,
    CONSUME_FROM: new Date(Date.now() - 5000).toISOString(),
  };
  ledger = await startTestLedger();
  a = await startTestCards(shared);
  b = await startTestCards(shared);
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), ['cards.card']).start();
  agent = await tokenFor('agent');
});

afterAll(async () => {
  await events?.stop();
  await Promise.all([a?.stop(), b?.stop(), ledger?.stop()]);
});

const auth = () => ({ authorization: `Bearer ${agent}` });
const ofType = (type: string, cardIds: Set<string>) =>
  events.where((r) => r.headers.ce_type === type && cardIds.has(r.headers.ce_subject ?? ''));

it('issues one card per account, one replacement per order and reports each carrier milestone once', async () => {
  const accounts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await http('POST', `${ledger.url}/v1/accounts`, openBody(), await asRole('admin'));
    accounts.push(r.json.accountId as string);
  }
  const cardOf = new Map<string, string>();
  await eventually(
    async () => {
      for (const acc of accounts) {
        const r = await http('GET', `${a.url}/v1/accounts/${acc}/cards`, undefined, auth());
        if (r.json.items.length !== 1) throw new Error(`${acc} has ${r.json.items.length} cards`);
        cardOf.set(acc, r.json.items[0].cardId as string);
      }
    },
    { what: 'a card per account' },
  );
  const primaries = new Set(cardOf.values());
  await eventually(async () => {
    if (ofType('cards.card.issued.v1', primaries).length < primaries.size)
      throw new Error('not all published');
  });

  // Replacements ordered half through each instance.
  const replacements = new Set<string>();
  let n = 0;
  for (const cardId of [...primaries].slice(0, 4)) {
    const svc = n++ % 2 === 0 ? a : b;
    const stolen = await http(
      'POST',
      `${svc.url}/v1/cards/${cardId}/report-stolen`,
      { lastUsedAt: '2026-01-11T10:00:00Z' },
      auth(),
    );
    expect(stolen.status).toBe(200);
    const rep = await http('POST', `${svc.url}/v1/cards/${cardId}/replacement`, { speed: 'EXPRESS' }, auth());
    expect(rep.status).toBe(201);
    replacements.add(rep.json.replacement.cardId as string);
  }
  const all = new Set([...primaries, ...replacements]);
  // Both instances' carriers wait for the dispatch of every plastic, then race to report milestones.
  const conn = await mongoose.createConnection(serverEnv().MONGO_URL).asPromise();
  try {
    const shipments = conn.getClient().db(a.config.MONGO_DB).collection('carrier_shipments');
    await eventually(
      async () => {
        const n = await shipments.countDocuments({ cardId: { $in: [...all] } });
        if (n < all.size) throw new Error(`${n} of ${all.size} dispatched`);
      },
      { what: 'every plastic dispatched' },
    );
    expect(await shipments.countDocuments({ cardId: { $in: [...all] } })).toBe(all.size);
  } finally {
    await conn.close();
  }
  for (const svc of [a, b]) (svc.clock as SimulatedClock).set(new Date('2026-01-20T00:00:00Z'));
  await Promise.all([a.carrier.drain(), b.carrier.drain(), a.carrier.drain(), b.carrier.drain()]);

  await eventually(
    async () => {
      if (ofType('cards.card.delivered.v1', all).length < all.size) throw new Error('not all delivered');
    },
    { what: 'delivered events' },
  );
  await new Promise((r) => setTimeout(r, 1500)); // let any duplicate surface
  const count = (type: string, ids: Set<string>) => {
    const per = new Map<string, number>();
    for (const e of ofType(type, ids))
      per.set(e.headers.ce_subject ?? '', (per.get(e.headers.ce_subject ?? '') ?? 0) + 1);
    return [...ids].map((id) => per.get(id) ?? 0);
  };
  expect(count('cards.card.issued.v1', all)).toEqual([...all].map(() => 1));
  expect(count('cards.card.shipped.v1', all)).toEqual([...all].map(() => 1));
  expect(count('cards.card.delivered.v1', all)).toEqual([...all].map(() => 1));
  expect(count('cards.card.replacement-ordered.v1', primaries).filter((c) => c > 0)).toEqual([1, 1, 1, 1]);
  // Every published event id is unique: the two relays never published one twice.
  const ids = events.records.filter((r) => all.has(r.headers.ce_subject ?? '')).map((r) => r.headers.ce_id);
  expect(new Set(ids).size).toBe(ids.length);
});
