import { eventually } from '../../../test/support/env';
import { http, ledgerCallers, openBody, purchaseBody, startTestLedger, type LedgerCallers } from './support';

// Issue 14: a customer who pays exactly what each statement asks stays current. The ledger on the real
// servers with its own simulated clock (2026-01-10T14:00Z, 09:00 in New York); moving the clock runs
// end of day for every account now due.
let ledger: Awaited<ReturnType<typeof startTestLedger>>;
let as: LedgerCallers;

beforeAll(async () => {
  as = await ledgerCallers();
  ledger = await startTestLedger();
});

afterAll(async () => {
  await ledger?.stop();
});

interface AccountView {
  balance: number;
  daysPastDue: number;
  delinquencyBucket: string;
  amountPastDue: number;
  lastStatement: { statementId: string; closedOn: string; minimumDue: number; dueDate: string } | null;
}

it('a customer who pays exactly what each statement asks, three cycles running, stays current with no late fee', async () => {
  const { json: acc } = await http(
    'POST',
    `${ledger.url}/v1/accounts`,
    openBody({ billingCycleDay: 5 }),
    as.sales,
  );
  const accountId = acc.accountId as string;
  const url = `${ledger.url}/v1/accounts/${accountId}`;
  const account = async (): Promise<AccountView> => (await http('GET', url, undefined, as.reader)).json;
  const clock = async (to: string) => {
    const moved = await http('POST', `${ledger.url}/v1/admin/clock`, { to }, as.admin);
    expect(moved.status).toBe(200);
  };
  const post = async (body: Record<string, unknown>, key: string) => {
    const r = await http('POST', `${url}/transactions`, body, { ...as.processor, 'idempotency-key': key });
    expect(r.json).toMatchObject({ status: 'POSTED' });
  };
  /** Pays exactly what the last statement asked; it must be the statement closed on `closedOn`. */
  const payWhatWasAsked = async (closedOn: string, dueDate: string) => {
    const st = (await account()).lastStatement;
    expect(st).toMatchObject({ closedOn, dueDate });
    expect(st?.minimumDue).toBeGreaterThan(0);
    await post({ kind: 'PAYMENT', amount: st?.minimumDue, currency: 'USD' }, `pay-${accountId}-${closedOn}`);
  };
  const current = async () =>
    expect(await account()).toMatchObject({ daysPastDue: 0, delinquencyBucket: 'CURRENT', amountPastDue: 0 });

  await post(purchaseBody(100000), `buy-${accountId}-1`);

  // Cycle 1: statement 5 February, due Monday 2 March; paid on the due date itself.
  await clock('2026-02-06T12:00:00Z');
  await clock('2026-03-02T15:00:00Z');
  await payWhatWasAsked('2026-02-05', '2026-03-02');
  await current();

  // Cycle 2: statement 5 March, due Thursday 2 April (the same day each month); paid the day after the close.
  await clock('2026-03-06T12:00:00Z');
  await current();
  await payWhatWasAsked('2026-03-05', '2026-04-02');
  await post(purchaseBody(20000), `buy-${accountId}-2`);

  // Cycle 3: statement 5 April, due Saturday 2 May; paid on Monday 4 May, the next business day.
  await clock('2026-04-06T12:00:00Z');
  await current();
  await clock('2026-05-04T15:00:00Z');
  await current();
  await payWhatWasAsked('2026-04-05', '2026-05-02');

  // Past the third due date and the next close: still current, and no late fee was ever charged.
  await clock('2026-05-10T12:00:00Z');
  await current();
  expect((await account()).lastStatement?.closedOn).toBe('2026-05-05');
  const statements = await eventually(
    async () => {
      const r = await http('GET', `${url}/statements`, undefined, as.reader);
      if (r.json.items.length < 4) throw new Error(`${r.json.items.length} statements projected`);
      return r.json.items as { fees: number }[];
    },
    { what: 'four statements in the read model' },
  );
  expect(statements.map((s) => s.fees)).toEqual([0, 0, 0, 0]);
  const transactions = await eventually(
    async () => {
      const r = await http('GET', `${url}/transactions?limit=50`, undefined, as.reader);
      const items = r.json.items as { kind: string; feeType: string | null }[];
      // Two purchases and three payments at least (interest may follow the payments of the minimum).
      if (items.filter((t) => t.kind === 'PAYMENT').length < 3) throw new Error(`${items.length} projected`);
      return items;
    },
    { what: 'the payments in the read model' },
  );
  expect(transactions.filter((t) => t.kind === 'FEE' || t.feeType === 'LATE')).toEqual([]);
});
