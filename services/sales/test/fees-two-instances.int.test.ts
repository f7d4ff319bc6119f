import { connectMongo } from '@cardline/platform';
import { serverEnv, unique } from '../../../test/support/env';
import { http, startTestLedger } from '../../ledger/test/support';
import { startTestCards } from '../../cards/test/support';
import { feePeriod } from '../src/domain/fee-periods';
import { DAY } from '../src/domain/policy';
import { startTestSales, tokenFor } from './service-support';
import { NOW, enrolInTrial, feesPosted, ledgerPostings, moveClock } from './trial-support';

// Each month's add-on fee is posted exactly once, whatever happens to sales'
// runtime: stopped mid-way and replaced by a new one on the same store, or
// two instances on one store whose trial timers run at the same time. Sales'
// Enrolment aggregate lets each month fall due once (its version guards the
// write; the trial clock is leased), and the ledger posts each request id
// once, recorded under a unique index (docs/adr/0026-sales-exactly-once-by-key.md).

let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let cards: Awaited<ReturnType<typeof startTestCards>>;
const tokens: Record<string, string> = {};
const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });

beforeAll(async () => {
  [ledger, cards] = await Promise.all([startTestLedger(), startTestCards()]);
  for (const role of ['sales_agent', 'admin'] as const) tokens[role] = await tokenFor(role);
});

afterAll(async () => {
  await Promise.all([cards?.stop(), ledger?.stop()]);
});

/** One store and one set of consumer groups, for every sales runtime of a test. */
const sharedStore = () => ({
  MONGO_DB: unique('sales_fees').replace(/-/g, '_'),
  GROUP_SUFFIX: `.${unique('t')}`,
});

const enrolment = async (salesUrl: string, id: string) =>
  (await http('GET', `${salesUrl}/v1/enrolments/${id}`, undefined, as('sales_agent'))).json;

/** The ledger's keyed postings of this enrolment: one record per request id. */
async function keyedPostings(enrolmentId: string): Promise<string[]> {
  const { db, close } = await connectMongo(serverEnv().MONGO_URL, ledger.config.MONGO_DB);
  try {
    const docs = await db
      .collection<{ requestId: string }>('keyed_postings')
      .find({ requestId: { $regex: `^${enrolmentId}:` } })
      .toArray();
    return docs.map((d) => d.requestId).sort();
  } finally {
    await close();
  }
}

/** No more postings arrive later (a redelivery, a second timer). */
async function stillExactly(accountId: string, enrolmentId: string, periods: string[]) {
  await new Promise((r) => setTimeout(r, 2000));
  expect(await ledgerPostings(ledger.url, accountId, `${enrolmentId}:fee:`)).toHaveLength(periods.length);
  expect(await keyedPostings(enrolmentId)).toEqual(periods.map((p) => `${enrolmentId}:fee:${p}`).sort());
}

it('across a restart: a runtime stopped mid-way and a new one on the same store post each month’s fee once', async () => {
  const store = sharedStore();
  const first = await startTestSales(store);
  const { accountId, enrolmentId: id } = await enrolInTrial(ledger.url, first.url, as('sales_agent'));

  // The trial's end: converted, the first month's fee posted.
  await moveClock(first.url, as('admin'), 24);
  await moveClock(first.url, as('admin'), 7);
  const converted = await enrolment(first.url, id);
  expect(converted).toMatchObject({ status: 'ACTIVE' });
  const billingStartsAt = Date.parse(converted.billingStartsAt as string);
  expect(billingStartsAt).toBe(NOW + 30 * DAY);
  const periods = [0, 1, 2].map((n) => feePeriod(billingStartsAt, n).key);
  await feesPosted(ledger.url, accountId, id, periods.slice(0, 1));

  // The second month falls due, and the runtime stops at once: its fee may
  // still be in the outbox, for the next runtime's relay to publish.
  const { now } = await moveClock(first.url, as('admin'), 29);
  await first.stop();

  const second = await startTestSales({ ...store, CLOCK_START: now });
  await moveClock(second.url, as('admin'), 0);
  await feesPosted(ledger.url, accountId, id, periods.slice(0, 2));
  await moveClock(second.url, as('admin'), 31);
  await moveClock(second.url, as('admin'), 0);
  expect((await enrolment(second.url, id)).fees.map((f: { periodKey: string }) => f.periodKey)).toEqual(
    periods,
  );
  await feesPosted(ledger.url, accountId, id, periods);
  await stillExactly(accountId, id, periods);
  await second.stop();
}, 300_000);

it('two instances on one store, their trial timers running at the same time, post each month’s fee once', async () => {
  // Both timers poll every 200 ms besides the drains the clock moves run.
  const store = { ...sharedStore(), CLOCK_POLL_MS: '200' };
  const [a, b] = await Promise.all([startTestSales(store), startTestSales(store)]);
  const { accountId, enrolmentId: id } = await enrolInTrial(ledger.url, a.url, as('sales_agent'));
  // Both clocks move together, so both instances find the same enrolment due at once.
  const both = (days: number) =>
    Promise.all([moveClock(a.url, as('admin'), days), moveClock(b.url, as('admin'), days)]);

  await both(24);
  await both(7);
  const converted = await enrolment(b.url, id);
  expect(converted).toMatchObject({ status: 'ACTIVE', reminderSent: true });
  const billingStartsAt = Date.parse(converted.billingStartsAt as string);
  const periods = [0, 1, 2].map((n) => feePeriod(billingStartsAt, n).key);
  await both(29);
  await both(31);
  await both(0);

  for (const s of [a, b])
    expect((await enrolment(s.url, id)).fees.map((f: { periodKey: string }) => f.periodKey)).toEqual(periods);
  const fees = await feesPosted(ledger.url, accountId, id, periods);
  for (const f of fees) expect(f).toMatchObject({ direction: 'DEBIT', adjustmentKind: 'ADD_ON_FEE' });
  await stillExactly(accountId, id, periods);
  await Promise.all([a.stop(), b.stop()]);
}, 300_000);
