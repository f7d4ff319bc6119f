import mongoose from 'mongoose';
import { findPans, findStandalonePans, type SimulatedClock } from '@cardline/platform';
import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import {
  http,
  ledgerCallers,
  openBody,
  purchaseBody,
  startTestLedger,
  type LedgerCallers,
} from '../../ledger/test/support';
import { capturedLogs, startTestCards, testLogger, tokenFor } from './support';

// The stolen-card call on the real servers: cards and the ledger as two
// services that only share Kafka topics.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let events: TopicCollector;
let agent: string;
let agent2: string;
let admin: string;
let supervisor: string;
let ledgerAs: LedgerCallers;

const as = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

beforeAll(async () => {
  [ledger, cards] = await Promise.all([
    startTestLedger({ LOG_LEVEL: 'info' }, testLogger('ledger')),
    startTestCards(),
  ]);
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), [
    'cards.card',
    'ledger.transaction',
    'ledger.account',
  ]).start();
  [agent, agent2, admin, supervisor] = await Promise.all([
    tokenFor('agent'),
    tokenFor('agent'),
    tokenFor('admin'),
    tokenFor('supervisor'),
  ]);
  ledgerAs = await ledgerCallers();
});

afterAll(async () => {
  await events?.stop();
  await Promise.all([cards?.stop(), ledger?.stop()]);
});

const cardEvents = (cardId: string, type?: string) =>
  events.where((r) => r.headers.ce_subject === cardId && (!type || r.headers.ce_type === type));

/** What the ledger's own read model says about a card (authorisation sees exactly this). */
async function ledgerSees(accountId: string, cardId: string): Promise<string | undefined> {
  const r = await http('GET', `${ledger.url}/v1/accounts/${accountId}/cards`, undefined, ledgerAs.reader);
  return (r.json.items as { cardId: string; status: string }[]).find((c) => c.cardId === cardId)?.status;
}

async function untilLedgerSees(accountId: string, cardId: string, status: string, timeoutMs = 15000) {
  await eventually(
    async () => {
      const s = await ledgerSees(accountId, cardId);
      if (s !== status) throw new Error(`ledger sees ${s}`);
    },
    { timeoutMs, intervalMs: 20, what: `ledger to see ${cardId} ${status}` },
  );
}

async function buy(accountId: string, cardId: string, amount = 2500) {
  const r = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { ...purchaseBody(amount), cardId },
    ledgerAs.processor,
  );
  expect(r.status).toBe(201);
  return r.json as { status: string; transactionId: string; declineReason?: string };
}

/** An account opened in the ledger, its primary card issued by cards' policy and activated. */
async function accountWithActiveCard(): Promise<{ accountId: string; cardId: string }> {
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), ledgerAs.sales);
  const card = await eventually(
    async () => {
      const r = await http('GET', `${cards.url}/v1/accounts/${acc.accountId}/cards`, undefined, as(agent));
      const c = r.json.items?.[0];
      if (!c) throw new Error('no card yet');
      return c;
    },
    { what: 'the primary card' },
  );
  expect(card).toMatchObject({ status: 'INACTIVE', issueReason: 'NEW_ACCOUNT', network: 'VISA' });
  expect(card.maskedNumber).toMatch(/^4532 01\*\* \*\*\*\* \d{4}$/);
  await untilLedgerSees(acc.accountId, card.cardId, 'INACTIVE');
  const declined = await buy(acc.accountId, card.cardId);
  expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_NOT_ACTIVE' });
  const act = await http('POST', `${cards.url}/v1/cards/${card.cardId}/activate`, {}, as(agent));
  expect(act.status).toBe(200);
  await untilLedgerSees(acc.accountId, card.cardId, 'ACTIVE');
  return { accountId: acc.accountId, cardId: card.cardId };
}

it('freeze: the ledger declines the next purchase within a second; unfreeze approves again', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  expect((await buy(accountId, cardId)).status).toBe('POSTED');

  const freeze = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/freeze`,
    { reason: 'customer unsure where the card is' },
    as(agent),
  );
  expect(freeze.status).toBe(200);
  expect(freeze.json).toMatchObject({
    status: 'FROZEN',
    freeze: { reason: 'customer unsure where the card is' },
  });
  const frozenAt = Date.now();
  await untilLedgerSees(accountId, cardId, 'FROZEN', 1000);
  const propagationMs = Date.now() - frozenAt;
  expect(await buy(accountId, cardId)).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_BLOCKED' });
  expect(propagationMs).toBeLessThan(1000);

  expect((await http('POST', `${cards.url}/v1/cards/${cardId}/unfreeze`, {}, as(agent))).status).toBe(200);
  await untilLedgerSees(accountId, cardId, 'ACTIVE');
  expect((await buy(accountId, cardId)).status).toBe('POSTED');

  // A second unfreeze is not a transition: 409 naming the state.
  const again = await http('POST', `${cards.url}/v1/cards/${cardId}/unfreeze`, {}, as(agent));
  expect(again.status).toBe(409);
  expect(again.contentType).toContain('application/problem+json');
  expect(again.json).toMatchObject({ currentStatus: 'ACTIVE' });
  expect(again.json.detail).toContain('ACTIVE');
});

it('stolen: blocked at once, replaced with a new number, delivered, the old card declined forever', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const old = (await http('GET', `${cards.url}/v1/cards/${cardId}`, undefined, as(agent))).json;

  const stolen = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/report-stolen`,
    { lastUsedAt: '2026-01-10T13:00:00Z', lastUsedWhere: 'grocery store on 5th' },
    as(agent),
  );
  expect(stolen.status).toBe(200);
  expect(stolen.json).toMatchObject({
    status: 'STOLEN',
    block: { kind: 'STOLEN', lastUsedWhere: 'grocery store on 5th' },
  });
  await untilLedgerSees(accountId, cardId, 'STOLEN');
  expect(await buy(accountId, cardId)).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_BLOCKED' });

  // Then delivery address and speed: an address not on file is a supervisor's call
  // (docs/adr/0023-least-privilege-operations.md).
  const address = { line1: '12 Court St', city: 'Brooklyn', postalCode: '11201', country: 'US' };
  const byAgent = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/replacement`,
    { speed: 'EXPRESS', deliveryAddress: address },
    as(agent),
  );
  expect(byAgent.status).toBe(403);
  const rep = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/replacement`,
    { speed: 'EXPRESS', deliveryAddress: address },
    as(supervisor),
  );
  expect(rep.status).toBe(201);
  const fresh = rep.json.replacement;
  expect(rep.json.replaced).toMatchObject({ cardId, status: 'STOLEN', replacedByCardId: fresh.cardId });
  expect(fresh).toMatchObject({
    status: 'INACTIVE',
    issueReason: 'REPLACES_STOLEN',
    replacesCardId: cardId,
    plastic: { speed: 'EXPRESS', status: 'ORDERED', deliverTo: 'Brooklyn, US (112**)' },
  });
  expect(fresh.cardId).not.toBe(cardId);
  expect(fresh.last4).not.toBe(old.last4);
  const issuedEvent = await eventually(async () => {
    const [e] = cardEvents(fresh.cardId, 'cards.card.issued.v1');
    if (!e) throw new Error('not published yet');
    return e;
  });
  const oldIssued = cardEvents(cardId, 'cards.card.issued.v1')[0];
  expect(issuedEvent.headers.ce_source).toBe('cards');
  // Tokens differ (the Avro payload carries the token as a string).
  const tokenOf = (buf: Buffer | null) => /tok_[0-9a-f]{24}/.exec(buf?.toString('latin1') ?? '')?.[0];
  expect(tokenOf(issuedEvent.message.value)).toBeDefined();
  expect(tokenOf(issuedEvent.message.value)).not.toBe(tokenOf(oldIssued?.message.value ?? null));
  // The address never leaves the service: not in any event.
  for (const e of cardEvents(cardId).concat(cardEvents(fresh.cardId)))
    expect(e.message.value?.toString('latin1')).not.toContain('Court St');

  const second = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/replacement`,
    { speed: 'STANDARD' },
    as(agent),
  );
  expect(second.status).toBe(409);
  expect(second.json.currentStatus).toBe('STOLEN');

  // The simulated carrier: express ships after 2 hours and arrives within a day.
  const clock = await http('POST', `${cards.url}/v1/admin/clock`, { advanceHours: 3 }, as(admin));
  expect(clock.status).toBe(200);
  expect(clock.json.milestones).toBeGreaterThanOrEqual(1);
  await http('POST', `${cards.url}/v1/admin/clock`, { advanceHours: 24 }, as(admin));
  const delivered = (await http('GET', `${cards.url}/v1/cards/${fresh.cardId}`, undefined, as(agent))).json;
  expect(delivered.plastic).toMatchObject({ status: 'DELIVERED', carrier: 'SimPost Express' });
  expect(delivered.plastic.trackingRef).toMatch(/^SP[0-9A-F]{10}$/);
  expect(delivered.status).toBe('INACTIVE');

  const act = await http('POST', `${cards.url}/v1/cards/${fresh.cardId}/activate`, {}, as(agent));
  expect(act.status).toBe(200);
  await untilLedgerSees(accountId, fresh.cardId, 'ACTIVE');
  expect((await buy(accountId, fresh.cardId)).status).toBe('POSTED');
  expect(await buy(accountId, cardId)).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_BLOCKED' });
  for (const action of ['activate', 'unfreeze', 'freeze']) {
    const r = await http('POST', `${cards.url}/v1/cards/${cardId}/${action}`, { reason: 'x' }, as(agent));
    expect(r.status).toBe(409);
    expect(r.json.currentStatus).toBe('STOLEN');
  }
  // Fulfilment events carry the conversation's correlation id on.
  const milestones = await eventually(async () => {
    const m = cardEvents(fresh.cardId).filter((e) => /shipped|delivered/.test(e.headers.ce_type ?? ''));
    if (m.length < 2) throw new Error(`${m.length} milestones`);
    return m;
  });
  expect(new Set(milestones.map((m) => m.headers.correlation_id))).toEqual(
    new Set([cardEvents(cardId, 'cards.card.replacement-ordered.v1')[0]?.headers.correlation_id]),
  );
});

it('fraud trace lists exactly the transactions after the last legitimate use; the report names the marked ones', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const ledgerClock = ledger.clock as SimulatedClock;
  ledgerClock.advance(60_000);
  const legit = await buy(accountId, cardId, 1200);
  const legitAt = ledgerClock.now().toISOString();
  const fraud: string[] = [];
  for (const amount of [45000, 3999, 120000]) {
    ledgerClock.advance(60_000);
    fraud.push((await buy(accountId, cardId, amount)).transactionId);
  }
  const r = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/report-lost`,
    { lastUsedAt: legitAt, lastUsedWhere: 'lunch near the office' },
    as(agent),
  );
  expect(r.status).toBe(200);
  await untilLedgerSees(accountId, cardId, 'LOST');
  const attempt = await buy(accountId, cardId, 700);
  expect(attempt.status).toBe('DECLINED');

  const trace = await eventually(
    async () => {
      const t = await http('GET', `${cards.url}/v1/cards/${cardId}/fraud-trace`, undefined, as(agent));
      if (t.json.transactions.length < 3 || t.json.declinedAttempts.length < 1)
        throw new Error('read model behind');
      return t.json;
    },
    { what: 'the fraud trace' },
  );
  expect(trace.transactions.map((t: { transactionId: string }) => t.transactionId)).toEqual(fraud);
  expect(trace.transactions.map((t: { transactionId: string }) => t.transactionId)).not.toContain(
    legit.transactionId,
  );
  expect(trace.declinedAttempts).toEqual([
    expect.objectContaining({ transactionId: attempt.transactionId, reason: 'CARD_BLOCKED' }),
  ]);

  // Marking the legitimate one is refused; the two the customer does not recognise are reported.
  const wrong = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/fraud-report`,
    { transactionIds: [legit.transactionId] },
    as(agent),
  );
  expect(wrong.status).toBe(422);
  const marked = [fraud[0], fraud[2]] as string[];
  const report = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/fraud-report`,
    { transactionIds: marked },
    as(agent),
  );
  expect(report.status).toBe(201);
  expect(report.json).toMatchObject({ totalAmount: 165000, currency: 'USD' });
  const published = await eventually(async () => {
    const [e] = cardEvents(cardId, 'cards.card.fraud-reported.v1');
    if (!e) throw new Error('not published yet');
    return e;
  });
  const payload = published.message.value?.toString('latin1') ?? '';
  for (const id of marked) expect(payload).toContain(id);
  expect(payload).not.toContain(fraud[1]);
  expect(payload).not.toContain(legit.transactionId);
  expect(published.headers.ce_subject).toBe(cardId);

  const twice = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/fraud-report`,
    { transactionIds: [fraud[0]] },
    as(agent),
  );
  expect(twice.status).toBe(409);
});

it('the same report sent twice with one Idempotency-Key has one effect', async () => {
  const { cardId } = await accountWithActiveCard();
  const body = { lastUsedAt: '2026-01-10T13:00:00Z' };
  const headers = as(agent, { 'idempotency-key': `report-${cardId}` });
  const first = await http('POST', `${cards.url}/v1/cards/${cardId}/report-lost`, body, headers);
  const second = await http('POST', `${cards.url}/v1/cards/${cardId}/report-lost`, body, headers);
  expect(first.status).toBe(200);
  expect(second.status).toBe(200);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  expect(second.json).toEqual(first.json);
  // Without the key the repeat is a 409: the card is already LOST.
  const third = await http('POST', `${cards.url}/v1/cards/${cardId}/report-lost`, body, as(agent));
  expect(third.status).toBe(409);
  await eventually(async () => {
    if (cardEvents(cardId, 'cards.card.reported-lost.v1').length === 0) throw new Error('not yet');
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(cardEvents(cardId, 'cards.card.reported-lost.v1')).toHaveLength(1);
});

it('two agents freezing at once leave one freeze, and the other gets 409 naming the state', async () => {
  const { cardId } = await accountWithActiveCard();
  const [a, b] = await Promise.all([
    http('POST', `${cards.url}/v1/cards/${cardId}/freeze`, { reason: 'first agent' }, as(agent)),
    http('POST', `${cards.url}/v1/cards/${cardId}/freeze`, { reason: 'second agent' }, as(agent2)),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const loser = a.status === 409 ? a : b;
  const winner = a.status === 200 ? a : b;
  expect(loser.json).toMatchObject({ currentStatus: 'FROZEN' });
  const card = (await http('GET', `${cards.url}/v1/cards/${cardId}`, undefined, as(agent))).json;
  expect(card.status).toBe('FROZEN');
  expect(card.freeze.reason).toBe(winner.json.freeze.reason);
  await eventually(async () => {
    if (cardEvents(cardId, 'cards.card.frozen.v1').length === 0) throw new Error('not yet');
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(cardEvents(cardId, 'cards.card.frozen.v1')).toHaveLength(1);
});

it('answers bad input and missing rights with problem+json', async () => {
  const { cardId } = await accountWithActiveCard();
  const url = `${cards.url}/v1/cards/${cardId}/freeze`;
  expect((await http('POST', url, { reason: 'x' })).status).toBe(401);
  const reader = await tokenFor('data_reader');
  const forbidden = await http('POST', url, { reason: 'x' }, as(reader));
  expect(forbidden.status).toBe(403);
  expect(
    (await http('POST', `${cards.url}/v1/cards/${cardId}/close`, { reason: 'x' }, as(agent))).status,
  ).toBe(403);
  const noReason = await http('POST', url, {}, as(agent));
  expect(noReason.status).toBe(422);
  expect(noReason.contentType).toContain('application/problem+json');
  const pan = await http('POST', url, { reason: 'customer read out 4532 0151 1283 0366' }, as(agent));
  expect(pan.status).toBe(422);
  // The middle digits, not four alone: the problem's instance URL carries a random card id.
  expect(JSON.stringify(pan.json)).not.toMatch(/0151.?1283/);
  const badDate = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/report-stolen`,
    { lastUsedAt: 'yesterday' },
    as(agent),
  );
  expect(badDate.status).toBe(422);
  const future = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/report-stolen`,
    { lastUsedAt: '2030-01-01T00:00:00Z' },
    as(agent),
  );
  expect(future.status).toBe(422);
  expect((await http('GET', `${cards.url}/v1/cards/crd_nope`, undefined, as(agent))).status).toBe(404);
  expect(
    (await http('GET', `${cards.url}/v1/cards/${cardId}/fraud-trace`, undefined, as(agent))).status,
  ).toBe(409);
  const doc = (await http('GET', `${cards.url}/openapi.json`)).json;
  expect(doc.paths['/v1/cards/{cardId}/freeze'].post['x-roles']).toEqual(['agent', 'supervisor', 'admin']);
});

// ---- least privilege (docs/adr/0023-least-privilege-operations.md) ------

it('an additional card is a supervisor’s call, goes to the address on file, and whoever issued it cannot activate it', async () => {
  const { accountId } = await accountWithActiveCard();
  const url = `${cards.url}/v1/accounts/${accountId}/cards`;
  expect((await http('POST', url, { speed: 'STANDARD' }, as(agent))).status).toBe(403);
  const elsewhere = { line1: '9 Elsewhere Rd', city: 'Newark', postalCode: '07102', country: 'US' };
  expect((await http('POST', url, { deliveryAddress: elsewhere }, as(supervisor))).status).toBe(422);
  const extra = await http('POST', url, { speed: 'STANDARD' }, as(supervisor));
  expect(extra.status).toBe(201);
  expect(extra.json).toMatchObject({ status: 'INACTIVE', issueReason: 'ADDITIONAL' });
  const activate = (token: string) =>
    http('POST', `${cards.url}/v1/cards/${extra.json.cardId}/activate`, {}, as(token));
  expect((await activate(supervisor)).status).toBe(403);
  expect((await activate(agent)).status).toBe(200);
});

it('a damaged card’s same-number plastic goes to the address on file only; the card stays usable', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const elsewhere = { line1: '9 Elsewhere Rd', city: 'Newark', postalCode: '07102', country: 'US' };
  const damaged = (body: Record<string, unknown>, token: string) =>
    http('POST', `${cards.url}/v1/cards/${cardId}/report-damaged`, body, as(token));
  expect((await damaged({ deliveryAddress: elsewhere }, agent)).status).toBe(422);
  expect((await damaged({ deliveryAddress: elsewhere }, supervisor)).status).toBe(422);
  const onFile = await damaged({ speed: 'EXPRESS' }, agent);
  expect(onFile.status).toBe(200);
  expect(onFile.json).toMatchObject({
    status: 'ACTIVE',
    plastic: { status: 'ORDERED', deliverTo: 'address on file' },
  });
  expect((await buy(accountId, cardId)).status).toBe('POSTED');
});

// Runs last: everything the tests above stored, published and logged.
it('no full card number anywhere: documents, events and logs of the run hold no Luhn-valid 13–19 digit run', async () => {
  const conn = await mongoose.createConnection(serverEnv().MONGO_URL).asPromise();
  try {
    const client = conn.getClient();
    const dump = async (dbName: string) => {
      const db = client.db(dbName);
      const out: string[] = [];
      for (const c of await db.listCollections().toArray())
        for (const d of await db.collection(c.name).find().toArray()) out.push(JSON.stringify(d));
      return out;
    };
    const cardDocs = await dump(cards.config.MONGO_DB);
    const vaultDocs = await dump(cards.config.VAULT_DB as string);
    const ledgerDocs = await dump(ledger.config.MONGO_DB);
    expect(cardDocs.length).toBeGreaterThan(10);
    expect(vaultDocs.length).toBeGreaterThan(5);
    const published = events.records.map(
      (r) => `${r.message.value?.toString('latin1') ?? ''} ${JSON.stringify(r.headers)}`,
    );
    expect(published.length).toBeGreaterThan(20);
    expect(capturedLogs.length).toBeGreaterThan(20);

    // The numbers exist (in the vault, encrypted), so the scan has something to miss.
    const tokens = cardDocs.flatMap((d) => /"token":"(tok_[0-9a-f]+)"/.exec(d)?.slice(1) ?? []);
    expect(tokens.length).toBeGreaterThan(5);
    const pans = (await Promise.all(tokens.map((t) => cards.vault.detokenize(t)))).filter(
      (p): p is string => p !== null,
    );
    expect(pans).toHaveLength(tokens.length);
    for (const p of pans) expect(findPans(p)).toEqual([p]);

    const corpus = { cardDocs, vaultDocs, ledgerDocs, published, logs: capturedLogs };
    for (const [where, texts] of Object.entries(corpus)) {
      const text = texts.join('\n');
      expect({ where, found: findStandalonePans(text) }).toEqual({ where, found: [] });
      for (const p of pans) expect({ where, leaked: text.includes(p) }).toEqual({ where, leaked: false });
    }
  } finally {
    await conn.close();
  }
});
