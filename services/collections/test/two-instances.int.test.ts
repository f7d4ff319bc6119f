import { eventually, serverEnv, unique } from '../../../test/support/env';
import { TopicCollector } from '../../../test/support/kafka';
import {
  http,
  ledgerCallers,
  openBody,
  purchaseBody,
  startTestLedger,
  type LedgerCallers,
} from '../../ledger/test/support';
import { variantFor } from '../src/domain/strategies';
import { DEFAULT_STRATEGIES } from '../src/domain/strategy-config';
import { startTestCollections, tokenFor } from './support';

// Two collections runtimes on one store and one set of consumer groups (as
// two replicas would run), the strategy runner on in both: one worklist, no
// case claimed by two collectors, and no contact made twice when both
// instances' runners fire on the same cases at the same instant
// (docs/adr/0025-simulated-delivery-adapter.md).
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let a: Awaited<ReturnType<typeof startTestCollections>>;
let b: Awaited<ReturnType<typeof startTestCollections>>;
let events: TopicCollector;
let ledgerAs: LedgerCallers;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const COLLECTORS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
const ACCOUNTS = 4;

beforeAll(async () => {
  const shared = {
    MONGO_DB: unique('collections_two').replace(/-/g, '_'),
    GROUP_SUFFIX: `.${unique('two')}`,
    STRATEGY_RUNNER: 'on',
    DELIVERY_ADAPTER: 'on',
  };
  [ledger, a, b] = await Promise.all([
    startTestLedger(),
    startTestCollections(shared),
    startTestCollections(shared),
  ]);
  events = await new TopicCollector(serverEnv().KAFKA_BROKERS.split(','), [
    'collections.case',
    'collections.delivery',
  ]).start();
  for (const c of COLLECTORS) tokens[c] = await tokenFor('collector', `collector-${c}`);
  tokens.admin = await tokenFor('admin');
  tokens.compliance = await tokenFor('compliance');
  ledgerAs = await ledgerCallers();
});

afterAll(async () => {
  await events?.stop();
  await Promise.all([a?.stop(), b?.stop(), ledger?.stop()]);
});

/** Accounts of this run in the US early champion, so each has an SMS due on day 3. */
function championIds(n: number): string[] {
  const prefix = unique('acc-two');
  const ids: string[] = [];
  for (let i = 0; ids.length < n; i++)
    if (variantFor(`${prefix}-${i}`, DEFAULT_STRATEGIES.US.DPD_1_29).variantId === 'CHAMPION')
      ids.push(`${prefix}-${i}`);
  return ids;
}

const moveClock = async (url: string, to: string, headers: Record<string, string>) => {
  const r = await http('POST', `${url}/v1/admin/clock`, { to }, headers);
  expect(r.status).toBe(200);
  return r.json as Record<string, number | string>;
};

it('one worklist across both instances; six collectors on four cases get four distinct cases; no contact is made twice', async () => {
  const accountIds = championIds(ACCOUNTS);
  for (const accountId of accountIds) {
    const opened = await http('POST', `${ledger.url}/v1/accounts`, openBody({ accountId }), ledgerAs.sales);
    expect(opened.status).toBe(201);
    const posted = await http(
      'POST',
      `${ledger.url}/v1/accounts/${accountId}/transactions`,
      purchaseBody(100000),
      ledgerAs.processor,
    );
    expect(posted.json.status).toBe('POSTED');
  }
  await moveClock(ledger.url, '2026-03-04T12:00:00Z', ledgerAs.admin);
  // Both clocks at 10:00 New York on 4 March (1 or 2 days past due: no treatment due yet).
  await Promise.all([a, b].map((s) => moveClock(s.url, '2026-03-04T15:00:00Z', as('admin'))));

  // Whichever instance consumed the ledger's events, both see every case, in the same order.
  const queueOf = async (url: string) => {
    const r = await http('GET', `${url}/v1/worklist`, undefined, as('c1'));
    expect(r.status).toBe(200);
    return (r.json.items as { case: { caseId: string; accountId: string } }[])
      .filter((i) => accountIds.includes(i.case.accountId))
      .map((i) => i.case.caseId);
  };
  const fromA = await eventually(
    async () => {
      const q = await queueOf(a.url);
      if (q.length !== ACCOUNTS) throw new Error(`${q.length} of ${ACCOUNTS} cases queued`);
      return q;
    },
    { what: 'every case in the worklist' },
  );
  expect(await queueOf(b.url)).toEqual(fromA);

  // Six collectors claim at once, three through each instance: four cases, each held by one.
  const claims = await Promise.all(
    COLLECTORS.map((c, i) => http('POST', `${(i % 2 ? b : a).url}/v1/worklist/claim`, undefined, as(c))),
  );
  const held = claims
    .filter((r) => r.status === 200)
    .map((r) => r.json as { case: { caseId: string }; claimedBy: string })
    .filter((h) => fromA.includes(h.case.caseId));
  expect(claims.every((r) => r.status === 200 || r.status === 404)).toBe(true);
  expect(new Set(held.map((h) => h.case.caseId)).size).toBe(held.length);
  expect(new Set(held.map((h) => h.claimedBy)).size).toBe(held.length);
  expect(held.length).toBe(ACCOUNTS);
  const both = await Promise.all([a, b].map((s) => http('GET', `${s.url}/v1/worklist`, undefined, as('c1'))));
  for (const r of both)
    for (const item of r.json.items as { case: { caseId: string }; claimedBy: string | null }[])
      if (fromA.includes(item.case.caseId))
        expect(item.claimedBy).toBe(held.find((h) => h.case.caseId === item.case.caseId)?.claimedBy);

  // Both runners fire at the same instant on the same cases (7 March, 10:00 New York: the day-3 SMS).
  await Promise.all([a, b].map((s) => moveClock(s.url, '2026-03-07T15:00:00Z', as('admin'))));
  await Promise.all([a, b].map((s) => moveClock(s.url, '2026-03-07T15:05:00Z', as('admin'))));

  // One allowed SMS per case in the decision log, one treatment each, one delivery report per attempt.
  const perCase = await Promise.all(
    accountIds.map(async (accountId) => {
      const r = await http(
        'GET',
        `${a.url}/v1/decisions?accountId=${accountId}`,
        undefined,
        as('compliance'),
      );
      return (r.json.items as { attemptId: string; allowed: boolean; requestedBy: { id: string } }[]).filter(
        (d) => d.requestedBy.id === 'strategy-runner' && d.allowed,
      );
    }),
  );
  for (const sent of perCase) expect(sent).toHaveLength(1);
  const attemptIds = perCase.flat().map((d) => d.attemptId);
  await eventually(
    async () => {
      for (const id of attemptIds) {
        const reports = events.where(
          (r) => r.topic === 'collections.delivery' && r.headers.ce_subject === id,
        );
        if (reports.length !== 1) throw new Error(`${reports.length} reports of ${id}`);
      }
    },
    { what: 'one delivery report per attempt' },
  );
  await eventually(
    async () => {
      for (const caseId of fromA) {
        const applied = events.where(
          (r) =>
            r.headers.ce_subject === caseId && r.headers.ce_type === 'collections.case.treatment-applied.v1',
        );
        if (applied.length !== 1) throw new Error(`${applied.length} treatments on ${caseId}`);
      }
    },
    { what: 'one treatment per case' },
  );
});
