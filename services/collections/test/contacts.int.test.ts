import { eventually } from '../../../test/support/env';
import { http, openBody, purchaseBody } from '../../ledger/test/support';
import { collectionsStack, type CollectionsStack } from './support';

// The ledger and collections on the real servers, each on its own simulated
// clock. Two US accounts in New York fall 1–29 days past due on 3 March
// (statement of 5 February, 25.00 and 40.00 due on 2 March). Collectors claim
// them from the work queue, the contact gate decides each attempt by the
// debtor's local time, and every decision lands in the decision log.
let stack: CollectionsStack;
let ledger: CollectionsStack['ledger'];
let collections: CollectionsStack['collections'];
let events: CollectionsStack['events'];
let ledgerAs: CollectionsStack['ledgerAs'];
let as: CollectionsStack['as'];

beforeAll(async () => {
  stack = await collectionsStack({
    tokens: {
      alice: { role: 'collector', subject: 'collector-alice' },
      bob: { role: 'collector', subject: 'collector-bob' },
      compliance: { role: 'compliance' },
      admin: { role: 'admin' },
    },
  });
  ({ ledger, collections, events, ledgerAs, as } = stack);
});

afterAll(() => stack?.stop());

interface WorkItem {
  case: { caseId: string; accountId: string; suppressedUntil: string | null };
  claimedBy: string | null;
  claimedUntil: string | null;
}

async function moveClock(url: string, to: string, admin: Record<string, string>) {
  const r = await http('POST', `${url}/v1/admin/clock`, { to }, admin);
  expect(r.status).toBe(200);
}

/** A US account in New York with a purchase: its statement of 5 February asks a minimum by 2 March. */
async function delinquentAccount(purchase: number): Promise<string> {
  const { json: acc } = await http('POST', `${ledger.url}/v1/accounts`, openBody(), ledgerAs.sales);
  const accountId = acc.accountId as string;
  const posted = await http(
    'POST',
    `${ledger.url}/v1/accounts/${accountId}/transactions`,
    purchaseBody(purchase),
    ledgerAs.processor,
  );
  expect(posted.json.status).toBe('POSTED');
  return accountId;
}

const caseIdOf = (accountId: string) =>
  eventually(
    async () => {
      const r = await http('GET', `${collections.url}/v1/accounts/${accountId}/case`, undefined, as('alice'));
      if (r.status !== 200 || r.json.status !== 'OPEN')
        throw new Error(`${r.status} ${JSON.stringify(r.json)}`);
      return r.json.caseId as string;
    },
    { what: `a case for ${accountId}` },
  );

const contactsUrl = (caseId: string) => `${collections.url}/v1/cases/${caseId}/contacts`;
const aCall = { channel: 'CALL', party: 'DEBTOR', contactRef: 'phone:mobile' };

it('two collectors never hold the same case; the gate allows 20:59 and refuses 21:00 local, a threat is refused, a promise suppresses contact; the decision log holds every decision', async () => {
  const first = await delinquentAccount(100000);
  const second = await delinquentAccount(160000);
  await moveClock(ledger.url, '2026-03-04T12:00:00Z', ledgerAs.admin);
  const [caseA, caseB] = await Promise.all([caseIdOf(first), caseIdOf(second)]);
  await moveClock(collections.url, '2026-03-04T15:00:00Z', as('admin'));

  // Both are in the queue; claims are leases, one collector per case.
  const queue = await http('GET', `${collections.url}/v1/worklist`, undefined, as('alice'));
  expect(queue.status).toBe(200);
  const queued = (queue.json.items as WorkItem[]).map((i) => i.case.caseId);
  expect(queued).toEqual(expect.arrayContaining([caseA, caseB]));
  const [byAlice, byBob] = await Promise.all([
    http('POST', `${collections.url}/v1/worklist/claim`, undefined, as('alice')),
    http('POST', `${collections.url}/v1/worklist/claim`, undefined, as('bob')),
  ]);
  expect(byAlice.status).toBe(200);
  expect(byAlice.json).toMatchObject({ claimedBy: 'collector-alice' });
  // Bob gets another case, or none when nothing else is free.
  if (byBob.status === 200) {
    expect(byBob.json.claimedBy).toBe('collector-bob');
    expect(byBob.json.case.caseId).not.toBe(byAlice.json.case.caseId);
  } else expect(byBob.status).toBe(404);
  // Claiming again renews the claim held.
  const again = await http('POST', `${collections.url}/v1/worklist/claim`, undefined, as('alice'));
  expect(again.json.case.caseId).toBe(byAlice.json.case.caseId);
  const released = await http(
    'POST',
    `${collections.url}/v1/cases/${byAlice.json.case.caseId as string}/release`,
    undefined,
    as('alice'),
  );
  expect(released.status).toBe(200);
  expect(released.json).toMatchObject({ claimedBy: null, claimedUntil: null });
  const notHers = await http('POST', `${collections.url}/v1/cases/${caseA}/release`, undefined, as('alice'));
  expect(notHers.status).toBe(409);

  // The validation notice went out this morning; the number is not a mobile.
  const facts = await http(
    'POST',
    `${collections.url}/v1/cases/${caseA}/contact-facts`,
    { validationNoticeSentAt: '2026-03-04T14:00:00.000Z', mobile: false },
    as('alice'),
  );
  expect(facts.status).toBe(200);
  expect(facts.json.facts).toMatchObject({ mobile: false, timeZone: 'America/New_York' });

  // 20:59 in New York (EST) is 01:59 UTC: allowed, and the outcome recorded.
  await moveClock(collections.url, '2026-03-05T01:59:00Z', as('admin'));
  // Hours later every 15-minute lease has run out: the cases are free again.
  const lapsed = await http('GET', `${collections.url}/v1/worklist`, undefined, as('bob'));
  expect((lapsed.json.items as WorkItem[]).filter((i) => i.claimedBy !== null)).toEqual([]);
  // The live verdict first: the same gate, nothing recorded (the decision log below holds three decisions only).
  const verdictUrl = `${collections.url}/v1/cases/${caseA}/contact-verdict`;
  const inHours = await http('GET', `${verdictUrl}?channel=CALL`, undefined, as('alice'));
  expect(inHours.status).toBe(200);
  expect(inHours.json).toMatchObject({
    caseId: caseA,
    timeZone: 'America/New_York',
    at: '2026-03-05T01:59:00.000Z',
  });
  expect(inHours.json.items).toEqual([
    expect.objectContaining({ channel: 'CALL', allowed: true, nextAllowedAt: null }),
  ]);
  expect(inHours.json.items[0].ruleIds).toContain('US.CONTACT_HOURS');
  const allowed = await http(
    'POST',
    contactsUrl(caseA),
    aCall,
    as('alice', { 'idempotency-key': `c-${caseA}-1` }),
  );
  expect(allowed.status).toBe(201);
  expect(allowed.json).toMatchObject({ allowed: true, nextAllowedAt: null });
  expect(allowed.json.ruleIds).toContain('US.CONTACT_HOURS');
  const attemptId = allowed.json.attemptId as string;
  const threat = await http(
    'POST',
    `${contactsUrl(caseA)}/${attemptId}/outcome`,
    { outcome: 'RIGHT_PARTY_CONTACT', note: 'told him we will arrest you if you do not pay' },
    as('alice'),
  );
  expect(threat.status).toBe(422);
  expect(threat.contentType).toContain('application/problem+json');
  expect(threat.json.category).toBe('THREAT');
  const recorded = await http(
    'POST',
    `${contactsUrl(caseA)}/${attemptId}/outcome`,
    { outcome: 'NO_ANSWER', recordingRef: 'rec-0001', note: 'left no message' },
    as('alice'),
  );
  expect(recorded.status).toBe(201);
  expect(recorded.json).toMatchObject({
    attemptId,
    outcome: 'NO_ANSWER',
    attemptedAt: '2026-03-05T01:59:00.000Z',
  });

  // 21:00 is refused: the refusal names the rule and 08:00 the next morning (13:00 UTC).
  await moveClock(collections.url, '2026-03-05T02:00:00Z', as('admin'));
  const lateVerdict = await http('GET', verdictUrl, undefined, as('alice'));
  expect(lateVerdict.status).toBe(200);
  expect((lateVerdict.json.items as { channel: string }[]).find((v) => v.channel === 'CALL')).toMatchObject({
    allowed: false,
    ruleIds: ['US.CONTACT_HOURS'],
    nextAllowedAt: '2026-03-05T13:00:00.000Z',
  });
  const badVerdict = await http('GET', `${verdictUrl}?channel=PIGEON`, undefined, as('alice'));
  expect(badVerdict.status).toBe(422);
  expect(badVerdict.contentType).toContain('application/problem+json');
  const late = await http('POST', contactsUrl(caseA), aCall, as('alice'));
  expect(late.status).toBe(409);
  expect(late.contentType).toContain('application/problem+json');
  expect(late.json).toMatchObject({ ruleId: 'US.CONTACT_HOURS', nextAllowedAt: '2026-03-05T13:00:00.000Z' });

  // A text with a threat is refused before the gate: nothing is recorded.
  const text = await http(
    'POST',
    contactsUrl(caseA),
    { channel: 'SMS', hasOptOut: true, message: 'Pay now or you go to jail' },
    as('alice'),
  );
  expect(text.status).toBe(422);
  expect(text.json.category).toBe('THREAT');
  // A raw number is not a contact reference.
  const raw = await http('POST', contactsUrl(caseA), { ...aCall, contactRef: '+12125550142' }, as('alice'));
  expect(raw.status).toBe(422);

  // A promise of 10.00 by 10 March: contact on the debt waits until the grace ends (13 March, New York).
  const promised = await http(
    'POST',
    `${collections.url}/v1/cases/${caseA}/promises`,
    { instalments: [{ amount: 1000, dueDate: '2026-03-10' }] },
    as('alice'),
  );
  expect(promised.status).toBe(201);
  await moveClock(collections.url, '2026-03-05T15:00:00Z', as('admin'));
  const suppressed = await http('POST', contactsUrl(caseA), aCall, as('alice'));
  expect(suppressed.status).toBe(409);
  expect(suppressed.json).toMatchObject({
    ruleId: 'ALL.PROMISE_SUPPRESSION',
    nextAllowedAt: '2026-03-13T12:00:00.000Z',
  });
  const after = await http('GET', `${collections.url}/v1/worklist`, undefined, as('bob'));
  expect((after.json.items as WorkItem[]).map((i) => i.case.caseId)).not.toContain(caseA);

  // The decision log, for compliance: three decisions on the account, in time order.
  const log = await http(
    'GET',
    `${collections.url}/v1/decisions?accountId=${first}`,
    undefined,
    as('compliance'),
  );
  expect(log.status).toBe(200);
  expect(
    log.json.items.map((d: { allowed: boolean; ruleIds: string[]; decidedAt: string }) => ({
      allowed: d.allowed,
      rule: d.allowed ? 'ALLOWED' : d.ruleIds[0],
      decidedAt: d.decidedAt,
    })),
  ).toEqual([
    { allowed: true, rule: 'ALLOWED', decidedAt: '2026-03-05T01:59:00.000Z' },
    { allowed: false, rule: 'US.CONTACT_HOURS', decidedAt: '2026-03-05T02:00:00.000Z' },
    { allowed: false, rule: 'ALL.PROMISE_SUPPRESSION', decidedAt: '2026-03-05T15:00:00.000Z' },
  ]);
  const window = await http(
    'GET',
    `${collections.url}/v1/decisions?accountId=${first}&from=2026-03-05T02:00:00Z&to=2026-03-05T03:00:00Z`,
    undefined,
    as('compliance'),
  );
  expect(window.json.items).toHaveLength(1);
  expect((await http('GET', `${collections.url}/v1/decisions`, undefined, as('alice'))).status).toBe(403);

  // The verdicts were reads: each is in collections' audit trail, naming the collector and the customer.
  const customerId = inHours.json.customerId as string;
  const audited = await eventually(async () => {
    const r = await http(
      'GET',
      `${collections.url}/v1/audit?customerId=${customerId}`,
      undefined,
      as('compliance'),
    );
    expect(r.status).toBe(200);
    const reads = (
      r.json.items as { route: string; method: string; subject: string; status: number }[]
    ).filter((i) => i.route === '/v1/cases/:caseId/contact-verdict');
    if (reads.length < 2) throw new Error(`${reads.length} verdict reads audited`);
    return reads;
  });
  expect(audited.filter((i) => i.status === 200)).toEqual(
    expect.arrayContaining([expect.objectContaining({ method: 'GET', subject: 'collector-alice' })]),
  );

  // Every decision and the contact were published on the case's topic.
  await eventually(async () => {
    const of = (type: string) =>
      events.where((r) => r.headers.ce_subject === caseA && r.headers.ce_type === type).length;
    if (of('collections.case.contact-decided.v1') !== 3 || of('collections.case.contact-attempted.v1') !== 1)
      throw new Error('not all published yet');
    expect(of('collections.case.contact-facts-changed.v1')).toBe(1);
  });
});
