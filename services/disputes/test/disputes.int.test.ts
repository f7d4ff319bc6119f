import mongoose from 'mongoose';
import type { SimulatedClock } from '@cardline/platform';
import { eventually, serverEnv } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import { http, openBody, purchaseBody, startTestLedger } from '../../ledger/test/support';
import { startTestCards, tokenFor } from '../../cards/test/support';
import { startTestDisputes } from './support';

// Ledger, cards and disputes as three services that share only Kafka topics.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
let disputes: Awaited<ReturnType<typeof startTestDisputes>>;
let events: TopicCollector;
const tokens: Record<string, string> = {};
const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });

beforeAll(async () => {
  [ledger, cards, disputes] = await Promise.all([startTestLedger(), startTestCards(), startTestDisputes()]);
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), ['disputes.dispute']).start();
  // sales_agent opens accounts in the ledger, card_processor posts to it.
  for (const role of ['agent', 'dispute_analyst', 'admin', 'sales_agent', 'card_processor'] as const)
    tokens[role] = await tokenFor(role);
});

afterAll(async () => {
  await events?.stop();
  await Promise.all([disputes?.stop(), cards?.stop(), ledger?.stop()]);
});

const account = async (id: string) =>
  (await http('GET', `${ledger.url}/v1/accounts/${id}`, undefined, as('agent'))).json;
const transactions = async (accountId: string, limit: number) =>
  (
    await http(
      'GET',
      `${ledger.url}/v1/accounts/${accountId}/transactions?limit=${limit}`,
      undefined,
      as('agent'),
    )
  ).json.items;
const ofType = (disputeId: string, type: string) =>
  events.where((r) => r.headers.ce_subject === disputeId && r.headers.ce_type === type);

async function accountWithActiveCard(): Promise<{ accountId: string; cardId: string }> {
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), as('admin'));
  const card = await eventually(async () => {
    const c = (await http('GET', `${cards.url}/v1/accounts/${acc.accountId}/cards`, undefined, as('agent')))
      .json.items?.[0];
    if (!c) throw new Error('no card yet');
    return c;
  });
  await http('POST', `${cards.url}/v1/cards/${card.cardId}/activate`, {}, as('agent'));
  await eventually(async () => {
    const seen = (
      await http('GET', `${ledger.url}/v1/accounts/${acc.accountId}/cards`, undefined, as('agent'))
    ).json.items;
    if (seen[0]?.status !== 'ACTIVE') throw new Error('ledger has not seen the activation');
  });
  return { accountId: acc.accountId, cardId: card.cardId };
}

async function buy(accountId: string, cardId: string, amount: number): Promise<string> {
  (ledger.clock as SimulatedClock).advance(60_000);
  const r = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    { ...purchaseBody(amount), cardId },
    as('card_processor'),
  );
  expect(r.json.status).toBe('POSTED');
  return r.json.transactionId as string;
}

it('a stolen-card fraud report with 3 marked transactions opens 3 claims in one case, credited at once; then won, lost and represented', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const legit = await buy(accountId, cardId, 2000);
  const lastUse = (ledger.clock as SimulatedClock).now().toISOString();
  const fraud = [
    await buy(accountId, cardId, 30000),
    await buy(accountId, cardId, 4500),
    await buy(accountId, cardId, 12000),
  ];
  expect((await account(accountId)).balance).toBe(48500);

  await http('POST', `${cards.url}/v1/cards/${cardId}/report-stolen`, { lastUsedAt: lastUse }, as('agent'));
  await eventually(async () => {
    const t = (await http('GET', `${cards.url}/v1/cards/${cardId}/fraud-trace`, undefined, as('agent'))).json;
    if (t.transactions?.length !== 3) throw new Error('trace not complete');
  });
  const report = await http(
    'POST',
    `${cards.url}/v1/cards/${cardId}/fraud-report`,
    { transactionIds: fraud },
    as('agent'),
  );
  expect(report.status).toBe(201);
  const caseId = report.json.reportId as string;

  const claims = await eventually(
    async () => {
      const r = await http('GET', `${disputes.url}/v1/disputes?caseId=${caseId}`, undefined, as('agent'));
      if (r.json.items?.length !== 3) throw new Error(`${r.json.items?.length ?? 0} claims`);
      return r.json.items as { disputeId: string; transactionId: string; disputedAmount: number }[];
    },
    { what: 'three claims' },
  );
  expect(claims.map((c) => c.transactionId).sort()).toEqual([...fraud].sort());
  for (const c of claims)
    expect(c).toMatchObject({
      kind: 'FRAUD',
      reason: 'UNAUTHORISED',
      source: 'FRAUD_REPORT',
      status: 'OPEN',
      protection: 'BILLING_ERROR_PROTECTED',
    });
  expect(claims.map((c) => c.disputedAmount).sort((a, b) => a - b)).toEqual([4500, 12000, 30000]);
  expect(JSON.stringify(claims)).not.toContain(legit);

  // Provisional credit reaches the ledger through the adjustment channel: the balance owed drops by the three amounts.
  await eventually(
    async () => {
      const b = (await account(accountId)).balance;
      if (b !== 2000) throw new Error(`balance ${b}`);
    },
    { what: 'provisional credits in the ledger' },
  );
  // The ledger's transaction list is its own read model: it follows shortly after the balance.
  await eventually(async () => {
    const txs = await transactions(accountId, 20);
    const credits = txs.filter((t: { adjustmentKind: string }) => t.adjustmentKind === 'PROVISIONAL_CREDIT');
    expect(credits).toHaveLength(3);
  });
  // The ledger holds the disputed amounts out of collection while the claims are open.
  await eventually(
    async () => {
      const held = (await account(accountId)).amountInDispute;
      if (held !== 46500) throw new Error(`held ${held}`);
    },
    { what: 'holds in the ledger' },
  );

  const byTx = new Map(claims.map((c) => [c.transactionId, c.disputeId]));
  const won = byTx.get(fraud[0] as string) as string;
  const lost = byTx.get(fraud[1] as string) as string;
  const represented = byTx.get(fraud[2] as string) as string;

  // An agent may not decide; an analyst may, once.
  const resolveWon = {
    outcome: 'CUSTOMER_WON',
    explanation: 'The card was stolen; the customer was abroad.',
  };
  expect(
    (await http('POST', `${disputes.url}/v1/disputes/${won}/resolve`, resolveWon, as('agent'))).status,
  ).toBe(403);
  const w = await http(
    'POST',
    `${disputes.url}/v1/disputes/${won}/resolve`,
    resolveWon,
    as('dispute_analyst'),
  );
  expect(w.status).toBe(200);
  expect(w.json.resolution).toMatchObject({
    outcome: 'CUSTOMER_WON',
    creditAction: 'PROVISIONAL_MADE_PERMANENT',
  });
  expect(
    (await http('POST', `${disputes.url}/v1/disputes/${won}/resolve`, resolveWon, as('dispute_analyst')))
      .status,
  ).toBe(409);

  const l = await http(
    'POST',
    `${disputes.url}/v1/disputes/${lost}/resolve`,
    {
      outcome: 'MERCHANT_WON',
      explanation: 'Signed delivery to the customer’s address; we rebill the amount.',
    },
    as('dispute_analyst'),
  );
  expect(l.json.resolution).toMatchObject({
    outcome: 'MERCHANT_WON',
    creditAction: 'PROVISIONAL_REVERSED',
    amount: 4500,
  });
  await eventually(
    async () => {
      const b = (await account(accountId)).balance;
      if (b !== 6500) throw new Error(`balance ${b}`);
    },
    { what: 'the reversal (rebill) in the ledger' },
  );

  const cb = await http(
    'POST',
    `${disputes.url}/v1/disputes/${represented}/chargeback`,
    {},
    as('dispute_analyst'),
  );
  expect(cb.status).toBe(200);
  expect(cb.json.chargeback).toMatchObject({ stage: 'CHARGEBACK', reasonCode: '10.4', network: 'VISA' });
  // The simulated network: the merchant represents a 120.00 charge after 20 days.
  await http('POST', `${disputes.url}/v1/admin/clock`, { advanceDays: 21 }, as('admin'));
  const rep = await eventually(
    async () => {
      const r = (await http('GET', `${disputes.url}/v1/disputes/${represented}`, undefined, as('agent')))
        .json;
      if (r.chargeback?.stage !== 'REPRESENTMENT') {
        await http('POST', `${disputes.url}/v1/admin/clock`, { advanceDays: 0 }, as('admin'));
        throw new Error(`stage ${r.chargeback?.stage}`);
      }
      return { json: r };
    },
    { what: 'the network to report a representment' },
  );
  expect(rep.json.chargeback).toMatchObject({ stage: 'REPRESENTMENT', issuersMove: true });
  expect(rep.json.clocks.NETWORK_RESPONSE).toMatchObject({ met: false });
  expect(rep.json.history.map((h: { action: string }) => h.action)).toEqual([
    'opened',
    'provisional credit',
    'chargeback filed',
    'chargeback merchant represented',
  ]);
  for (const h of rep.json.history) expect(h.actor.id).toBeTruthy();
  // Two resolved, one in representment: only its amount stays held.
  await eventually(
    async () => {
      const held = (await account(accountId)).amountInDispute;
      if (held !== 12000) throw new Error(`held ${held}`);
    },
    { what: 'holds released at resolution' },
  );

  // Pre-arbitration: the merchant accepts an amount under 500.00 after 15 days, so the customer wins.
  const pre = await http(
    'POST',
    `${disputes.url}/v1/disputes/${represented}/pre-arbitration`,
    {},
    as('dispute_analyst'),
  );
  expect(pre.json.chargeback).toMatchObject({ stage: 'PRE_ARBITRATION', issuersMove: false });
  await http('POST', `${disputes.url}/v1/admin/clock`, { advanceDays: 16 }, as('admin'));
  const done = await eventually(
    async () => {
      const r = (await http('GET', `${disputes.url}/v1/disputes/${represented}`, undefined, as('agent')))
        .json;
      if (r.status !== 'RESOLVED') {
        await http('POST', `${disputes.url}/v1/admin/clock`, { advanceDays: 0 }, as('admin'));
        throw new Error(`status ${r.status}`);
      }
      return r;
    },
    { what: 'the network to accept the pre-arbitration' },
  );
  expect(done.resolution).toMatchObject({
    outcome: 'CUSTOMER_WON',
    creditAction: 'PROVISIONAL_MADE_PERMANENT',
  });
  expect(done.history.map((h: { actor: { id: string } }) => h.actor.id)).toContain('card-network');
  await eventually(
    async () => {
      const held = (await account(accountId)).amountInDispute;
      if (held !== 0) throw new Error(`held ${held}`);
    },
    { what: 'the last hold released' },
  );
});

it('validates an agent’s dispute against its read model of the ledger: 404 unknown, 422 above the charge', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const tx = await buy(accountId, cardId, 5000);
  const open = (body: Record<string, unknown>) =>
    http('POST', `${disputes.url}/v1/disputes`, body, as('agent'));
  await eventually(async () => {
    const r = await open({ accountId, transactionId: tx, reason: 'WRONG_AMOUNT', disputedAmount: 5001 });
    if (r.status === 404) throw new Error('view behind');
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/above the charge/);
  });
  expect((await open({ accountId, transactionId: 'txn_nope', reason: 'WRONG_AMOUNT' })).status).toBe(404);
  expect((await open({ accountId, transactionId: tx, reason: 'BOGUS' })).status).toBe(422);
  expect(
    (
      await http('POST', `${disputes.url}/v1/disputes`, {
        accountId,
        transactionId: tx,
        reason: 'WRONG_AMOUNT',
      })
    ).status,
  ).toBe(401);
  const ok = await open({ accountId, transactionId: tx, reason: 'WRONG_AMOUNT', disputedAmount: 1500 });
  expect(ok.status).toBe(201);
  expect(ok.json).toMatchObject({
    kind: 'BILLING_ERROR',
    protection: 'BILLING_ERROR_PROTECTED',
    disputedAmount: 1500,
  });

  // Filed with the network, then settled by the analyst: the network's later answer is dropped, not retried.
  const id = ok.json.disputeId as string;
  const cb = await http('POST', `${disputes.url}/v1/disputes/${id}/chargeback`, {}, as('dispute_analyst'));
  expect(cb.json.chargeback).toMatchObject({ reasonCode: '12.5', stage: 'CHARGEBACK' });
  const settle = { outcome: 'CUSTOMER_WON', explanation: 'Merchant refunded the difference directly' };
  expect(
    (await http('POST', `${disputes.url}/v1/disputes/${id}/resolve`, settle, as('dispute_analyst'))).status,
  ).toBe(200);
  // Once the filing has reached the network (its policy consumer), pass the network's answer date.
  const conn = await mongoose.createConnection(serverEnv().MONGO_URL).asPromise();
  try {
    const cases = conn.getClient().db(disputes.config.MONGO_DB).collection('network_cases');
    await eventually(async () => {
      if (!(await cases.findOne({ _id: `${id}:CHARGEBACK` } as never))) throw new Error('not filed yet');
    });
    const moved = await http('POST', `${disputes.url}/v1/admin/clock`, { advanceDays: 31 }, as('admin'));
    expect(moved.status).toBe(200);
    expect(await cases.findOne({ _id: `${id}:CHARGEBACK` } as never)).toMatchObject({
      step: 'MERCHANT_ACCEPTED',
      answerAt: null,
    });
  } finally {
    await conn.close();
  }
  const d = (await http('GET', `${disputes.url}/v1/disputes/${id}`, undefined, as('agent'))).json;
  expect(d.resolution).toMatchObject({ outcome: 'CUSTOMER_WON' });
  expect(d.history.filter((h: { action: string }) => h.action.startsWith('resolved'))).toHaveLength(1);
});

it('clocks fire exactly once each, survive a restart, and breaches are events', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const tx = await buy(accountId, cardId, 8000);
  const opened = await eventually(async () => {
    const r = await http(
      'POST',
      `${disputes.url}/v1/disputes`,
      { accountId, transactionId: tx, reason: 'NOT_RECEIVED' },
      as('agent'),
    );
    if (r.status !== 201) throw new Error(`HTTP ${r.status}`);
    return r.json;
  });
  const id = opened.disputeId as string;
  const move = (advanceDays: number, svc = disputes) =>
    http('POST', `${svc.url}/v1/admin/clock`, { advanceDays }, as('admin'));

  // Day 14: past 10 business days, the provisional credit is issued by the timer (and reaches the ledger).
  await move(14);
  await eventually(async () => {
    if ((await account(accountId)).balance !== 0) throw new Error('credit not posted');
  });
  // Day 31: the acknowledgement deadline (30 days) is breached.
  await move(17);
  await move(0);
  const mid = (await http('GET', `${disputes.url}/v1/disputes/${id}`, undefined, as('agent'))).json;
  expect(mid.clocks.ACKNOWLEDGE).toMatchObject({ breached: true });
  expect(mid.clocks.RESOLVE).toMatchObject({ breached: false });

  // Restart: a new instance on the same store and groups, its clock then moved past the resolution deadline.
  await disputes.stop();
  disputes = await startTestDisputes({
    MONGO_DB: disputes.config.MONGO_DB,
    GROUP_SUFFIX: disputes.config.GROUP_SUFFIX,
    // A day before the resolution deadline, wherever earlier tests left the shared clock.
    CLOCK_START: new Date(Date.parse(mid.clocks.RESOLVE.dueAt) - 86_400_000).toISOString(),
  });
  await move(0);
  await move(10);
  const end = (await http('GET', `${disputes.url}/v1/disputes/${id}`, undefined, as('agent'))).json;
  expect(end.clocks.RESOLVE).toMatchObject({ breached: true });

  await eventually(async () => {
    if (ofType(id, 'disputes.dispute.clock-breached.v1').length < 2) throw new Error('not yet published');
  });
  await new Promise((r) => setTimeout(r, 1000));
  const breaches = ofType(id, 'disputes.dispute.clock-breached.v1');
  expect(breaches).toHaveLength(2); // ACKNOWLEDGE and RESOLVE, once each
  expect(ofType(id, 'disputes.dispute.provisional-credit-issued.v1')).toHaveLength(1);
  expect(ofType(id, 'disputes.dispute.clock-due-soon.v1').length).toBeLessThanOrEqual(2);
});

// Last: it moves the ledger's clock by weeks (statements and late fees for every account of this file).
it('a first late fee in 12 months is waived by policy: the ledger reverses the fee', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  await buy(accountId, cardId, 100000);
  // Past the statement (5 Feb) and its due date (2 Mar) without a payment: a late fee.
  const moved = await http(
    'POST',
    `${ledger.url}/v1/admin/clock`,
    { to: '2026-03-03T12:00:00Z' },
    as('admin'),
  );
  expect(moved.status).toBe(200);
  const fee = await eventually(async () => {
    const txs = await transactions(accountId, 10);
    const f = txs.find((t: { feeType: string }) => t.feeType === 'LATE');
    if (!f) throw new Error('no late fee in the read model yet');
    return f;
  });
  const owed = (await account(accountId)).balance;

  const opened = await eventually(async () => {
    const r = await http(
      'POST',
      `${disputes.url}/v1/disputes`,
      { accountId, transactionId: fee.transactionId, reason: 'LATE_FEE' },
      as('agent'),
    );
    if (r.status === 404) throw new Error('view behind');
    return r;
  });
  expect(opened.status).toBe(201);
  expect(opened.json).toMatchObject({
    kind: 'FEE',
    status: 'RESOLVED',
    goodwill: { decision: 'WAIVED', decidedBy: 'POLICY' },
    resolution: { outcome: 'CUSTOMER_WON', creditAction: 'CREDITED', amount: fee.amount },
  });
  await eventually(
    async () => {
      const a = await account(accountId);
      if (a.balance !== owed - fee.amount) throw new Error(`balance ${a.balance}`);
      expect(a.amountInDispute).toBe(0);
    },
    { what: 'the fee reversed in the ledger' },
  );
  // The transaction list is the ledger's read model: it follows the balance shortly after.
  await eventually(async () => {
    const after = await transactions(accountId, 10);
    expect(after.find((t: { adjustmentKind: string }) => t.adjustmentKind === 'FEE_WAIVER')).toMatchObject({
      direction: 'CREDIT',
      amount: fee.amount,
      relatedTransactionId: fee.transactionId,
    });
  });
});

// After the waiver test (the ledger clock is at 3 March): a first late fee is waived by policy; a
// second within 12 months is declined and stays open, so it is held: not asked for, not past due.
it('a disputed late fee that stays open is neither collected nor counted in days past due', async () => {
  const { accountId, cardId } = await accountWithActiveCard();
  const post = (body: Record<string, unknown>) =>
    http(
      'POST',
      `${ledger.url}/v1/accounts/${accountId}/transactions`,
      { currency: 'USD', ...body },
      as('card_processor'),
    );
  const openDispute = (transactionId: string, reason: string) =>
    eventually(async () => {
      const r = await http(
        'POST',
        `${disputes.url}/v1/disputes`,
        { accountId, transactionId, reason },
        as('agent'),
      );
      if (r.status === 404) throw new Error('view behind');
      expect(r.status).toBe(201);
      return r.json;
    });
  await buy(accountId, cardId, 100000);
  const clock = (to: string) => http('POST', `${ledger.url}/v1/admin/clock`, { to }, as('admin'));
  const lateFees = async () =>
    (await transactions(accountId, 50)).filter((t: { feeType: string }) => t.feeType === 'LATE');
  const payPastDue = async () => {
    const pastDue = (await account(accountId)).amountPastDue;
    expect(pastDue).toBeGreaterThan(0);
    await post({ kind: 'PAYMENT', amount: pastDue });
    expect(await account(accountId)).toMatchObject({ amountPastDue: 0, daysPastDue: 0 });
  };
  // First statement 5 March, due 30 March, not paid: a first late fee, waived by policy (docs/domain.md#disputes).
  await clock('2026-03-31T12:00:00Z');
  const first = await eventually(async () => {
    const [f] = await lateFees();
    if (!f) throw new Error('no late fee yet');
    return f;
  });
  await payPastDue();
  expect(await openDispute(first.transactionId, 'LATE_FEE')).toMatchObject({
    status: 'RESOLVED',
    goodwill: { decision: 'WAIVED', decidedBy: 'POLICY' },
  });

  // Statement 5 April, due 30 April, not paid: a second late fee within 12 months.
  await clock('2026-05-01T12:00:00Z');
  const late = await eventually(async () => {
    const f = (await lateFees()).find(
      (t: { transactionId: string }) => t.transactionId !== first.transactionId,
    );
    if (!f) throw new Error('no second late fee yet');
    return f;
  });
  await payPastDue();

  // The second late fee is disputed: policy declines it (a late fee earlier in 12 months), the dispute stays open and held.
  const d = await openDispute(late.transactionId, 'LATE_FEE');
  expect(d).toMatchObject({ status: 'OPEN', goodwill: { decision: 'DECLINED', decidedBy: 'POLICY' } });
  await eventually(
    async () => {
      const held = (await account(accountId)).amountInDispute;
      if (held !== late.amount) throw new Error(`held ${held}`);
    },
    { what: 'the late fee held in the ledger' },
  );

  // Next statement (5 May) asks for a minimum that leaves the fee out; paying exactly that by the due date…
  await clock('2026-05-06T12:00:00Z');
  const st = (await account(accountId)).lastStatement;
  expect(st.closedOn).toBe('2026-05-05');
  await post({ kind: 'PAYMENT', amount: st.minimumDue });
  await clock('2026-06-03T12:00:00Z');
  // …keeps the account current with no further late fee, while the fee itself stays unpaid and held.
  const after = await account(accountId);
  expect(after).toMatchObject({
    daysPastDue: 0,
    amountPastDue: 0,
    delinquencyBucket: 'CURRENT',
    amountInDispute: late.amount,
  });
  await eventually(async () => {
    expect(await lateFees()).toHaveLength(2);
  });
});

// ---- separation of duties (docs/adr/0023-least-privilege-operations.md) ----

it('who opened or credited a dispute cannot resolve it, and a credit above the second-approver amount waits for someone else', async () => {
  const analystA = { authorization: `Bearer ${await tokenFor('dispute_analyst', 'analyst-a')}` };
  const analystB = { authorization: `Bearer ${await tokenFor('dispute_analyst', 'analyst-b')}` };
  const { accountId, cardId } = await accountWithActiveCard();
  const tx = await buy(accountId, cardId, 60_000);
  const opened = await eventually(async () => {
    const r = await http(
      'POST',
      `${disputes.url}/v1/disputes`,
      { accountId, transactionId: tx, reason: 'WRONG_AMOUNT', disputedAmount: 60_000 },
      analystA,
    );
    if (r.status === 404) throw new Error('view behind');
    expect(r.status).toBe(201);
    return r.json;
  });
  const at = (verb: string) => `${disputes.url}/v1/disputes/${opened.disputeId}/${verb}`;
  const win = { outcome: 'CUSTOMER_WON', explanation: 'The merchant charged the wrong amount.' };
  expect((await http('POST', at('resolve'), win, analystA)).status).toBe(403);

  // $600.00 is above the US figure ($500.00): the credit waits, nothing is asked of the ledger.
  const asked = await http('POST', at('provisional-credit'), { amount: 60_000 }, analystB);
  expect(asked.status).toBe(200);
  expect(asked.json.pendingCredit).toMatchObject({ action: 'PROVISIONAL_CREDIT', amount: 60_000 });
  expect(asked.json.provisionalCredit).toBeNull();
  expect((await http('POST', at('credit-approval'), { approve: true }, analystB)).status).toBe(403);
  const approved = await http('POST', at('credit-approval'), { approve: true }, as('dispute_analyst'));
  expect(approved.status).toBe(200);
  expect(approved.json.provisionalCredit).toMatchObject({ amount: 60_000 });
  await eventually(async () => {
    if (ofType(opened.disputeId, 'disputes.dispute.provisional-credit-issued.v1').length !== 1)
      throw new Error('credit not published yet');
  });
  // analyst-b credited it (the requester), so may not resolve it either; a third person may.
  expect((await http('POST', at('resolve'), win, analystB)).status).toBe(403);
  const resolved = await http('POST', at('resolve'), win, as('dispute_analyst'));
  expect(resolved.status).toBe(200);
  expect(resolved.json.resolution).toMatchObject({ creditAction: 'PROVISIONAL_MADE_PERMANENT' });
});
