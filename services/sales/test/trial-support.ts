import { eventually } from '../../../test/support/env';
import { asRole, http, openBody } from '../../ledger/test/support';
import { termsByVersion } from '../src/domain/add-on-catalogue';

// The add-on path on the real servers, as services/sales/test/enrolments.int.test.ts
// walks it: an account with its card, an offer, an enrolment into the free
// trial, and the ledger's postings of its fees and refund.

export const NOW = Date.parse('2026-01-10T14:00:00Z'); // the test clocks' start: 09:00 in New York
export const TERMS = 'PP-US-1'; // payment protection in effect in January 2026, with a free trial
export const FEE = 1_299;

export interface Transaction {
  requestId: string | null;
  direction: string;
  amount: number;
  adjustmentKind: string | null;
}

type Headers = Record<string, string>;

export const ledgerPostings = async (
  ledgerUrl: string,
  accountId: string,
  prefix: string,
): Promise<Transaction[]> => {
  const page = await http(
    'GET',
    `${ledgerUrl}/v1/accounts/${accountId}/transactions?limit=200`,
    undefined,
    await asRole('agent'),
  );
  expect(page.status).toBe(200);
  return (page.json.items as Transaction[]).filter((t) => t.requestId?.startsWith(prefix));
};

/** Waits until the ledger holds exactly these fee periods' postings, one each. */
export const feesPosted = (ledgerUrl: string, accountId: string, enrolmentId: string, periods: string[]) =>
  eventually(
    async () => {
      const fees = await ledgerPostings(ledgerUrl, accountId, `${enrolmentId}:fee:`);
      const keys = fees.map((t) => t.requestId?.slice(`${enrolmentId}:fee:`.length)).sort();
      if (JSON.stringify(keys) !== JSON.stringify(periods))
        throw new Error(`fees posted: ${keys.join(', ')}`);
      return fees;
    },
    { what: `the fees of ${periods.join(', ')}`, timeoutMs: 60_000 },
  );

/** A complete consent record for the trial under TERMS, its conversion agreed at the sale. */
export const trialConsent = (offerId: string, last4: string) => {
  const terms = termsByVersion(TERMS);
  if (!terms) throw new Error(`no terms ${TERMS}`);
  const said = new Date(NOW - 60_000).toISOString();
  return {
    offerId,
    termsVersionShown: TERMS,
    priceDisclosed: true,
    optionalDisclosed: true,
    exclusionsRead: true,
    expressYesAt: said,
    channel: 'PHONE',
    scriptVersion: terms.scriptVersion,
    recordingRef: 'rec-int-1',
    conversion: { expressAgreementAt: said, accountLast4: last4, recordingRef: 'rec-int-1' },
  };
};

/** Moves one sales instance's simulated clock; its decision and trial clocks fire what came due. */
export const moveClock = async (salesUrl: string, admin: Headers, advanceDays: number) => {
  const moved = await http('POST', `${salesUrl}/v1/admin/clock`, { advanceDays }, admin);
  expect(moved.status).toBe(200);
  return moved.json as { now: string; decisionClocks: number; trialClocks: number };
};

/**
 * An account opened in the ledger, its card issued by cards, marketing
 * consent on file, and the customer enrolled into the trial through
 * `salesUrl` under the offer it made.
 */
export async function enrolInTrial(ledgerUrl: string, salesUrl: string, agent: Headers) {
  const { json: account, status } = await http(
    'POST',
    `${ledgerUrl}/v1/accounts`,
    openBody(),
    await asRole('admin'),
  );
  expect(status).toBe(201);
  const accountId = account.accountId as string;
  const customerId = account.customerId as string;
  const facts = await http(
    'PUT',
    `${salesUrl}/v1/customers/${customerId}/facts`,
    { marketingConsent: true, doNotCall: false, inHardship: false, employmentStatus: 'EMPLOYED' },
    agent,
  );
  expect(facts.status).toBe(200);
  const sheet = await eventually(
    async () => {
      const r = await http(
        'GET',
        `${salesUrl}/v1/customers/${customerId}/offers?accountId=${accountId}`,
        undefined,
        agent,
      );
      if (r.status !== 200 || r.json.offers.length === 0)
        throw new Error(`offers: ${JSON.stringify(r.json)}`);
      return r.json;
    },
    { what: 'the account and its card in sales’ read models', timeoutMs: 60_000 },
  );
  const offer = sheet.offers.find((o: { termsVersion: string }) => o.termsVersion === TERMS);
  const last4 = sheet.accountLast4 as string;
  const enrolled = await http(
    'POST',
    `${salesUrl}/v1/enrolments`,
    { customerId, accountId, termsVersion: TERMS, consent: trialConsent(offer.offerId, last4) },
    agent,
  );
  expect(enrolled.status).toBe(201);
  expect(enrolled.json).toMatchObject({ status: 'IN_TRIAL' });
  return { accountId, customerId, enrolmentId: enrolled.json.enrolmentId as string };
}
