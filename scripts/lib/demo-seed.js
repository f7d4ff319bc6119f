// Demo data for sales and collections, made by `npm start` through the gateway
// as the floor would make it (docs/adr/0018-sales-applications-service.md,
// docs/adr/0020-sales-enrolments-service.md). Each step is idempotent across
// restarts (fixed ids and Idempotency-Keys, and a look first), prints one line
// and never fails the start: a refused step says why and the next one runs.
const path = require('node:path');

const salesDist = (file) => path.join(__dirname, '..', '..', 'services', 'sales', 'dist', file);
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The demo applicant: one person per state, told apart by name and fixed customer id. */
const IDENTITY = {
  dateOfBirth: '1988-04-12',
  address: { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' },
};
const INCOME = { annualIncome: 12_000_000, incomeIsIndependent: true };
const FULL_DETAILS = {
  income: INCOME,
  housing: { status: 'RENT', monthlyCost: 150_000 },
  employment: { status: 'EMPLOYED', employer: 'Acme' },
};

/**
 * One demo application per state: what it is submitted with, the bureau
 * outcome its national id must give (null: any), and what follows the submission.
 */
const APPLICATIONS = [
  { state: 'INCOMPLETE', name: 'Ivy Incomplete', outcome: null, details: { income: INCOME }, then: [] },
  { state: 'COMPLETE', name: 'Carl Complete', outcome: null, details: FULL_DETAILS, consent: true, then: [] },
  {
    state: 'APPROVED',
    name: 'Ada Approved',
    outcome: 'APPROVE',
    details: FULL_DETAILS,
    consent: true,
    then: ['decide'],
  },
  {
    state: 'DECLINED',
    name: 'Dan Declined',
    outcome: 'DECLINE',
    details: FULL_DETAILS,
    consent: true,
    then: ['decide'],
  },
  {
    state: 'REFERRED',
    name: 'Rita Referred',
    outcome: 'REFER',
    details: FULL_DETAILS,
    consent: true,
    then: ['decide'],
  },
  {
    state: 'WITHDRAWN',
    name: 'Walt Withdrawn',
    outcome: null,
    details: { income: INCOME },
    then: ['withdraw'],
  },
].map((a) => ({ ...a, customerId: `demo-cus-app-${a.state.toLowerCase()}` }));

/** A US-format national id for a number (the form the sales integration test uses). */
function nationalIdOf(n) {
  return `${String(n).padStart(3, '0').slice(-3)}-${String(n % 100).padStart(2, '0')}-${String(1000 + n).slice(-4)}`;
}

/** The first national id from `from` whose decision is `outcome` (null: the first one); null when none in `tries`. */
function nationalIdGiving(outcome, decide, from = 100, tries = 5000) {
  for (let n = from; n < from + tries; n++) {
    const id = nationalIdOf(n);
    if (outcome === null || decide(id) === outcome) return id;
  }
  return null;
}

/** The submission of a demo application (docs/adr/0018-sales-applications-service.md). */
function applicationBody(a, nationalId) {
  return {
    market: 'US',
    productCode: 'CLASSIC',
    customerId: a.customerId,
    identity: { fullName: a.name, ...IDENTITY, nationalId },
    details: a.details,
    ...(a.consent ? { creditCheckConsent: { channel: 'PHONE' } } : {}),
  };
}

/** The first zone in which `now` is inside the calling hours (`inHours`), or null when none is. */
function zoneInHours(now, zones, inHours) {
  return zones.find((z) => inHours(now, z)) ?? null;
}

/** US zones, east to west, then Guam: together they cover all but about 11:00–12:00 UTC. */
const US_ZONES = [
  'America/New_York',
  'America/Puerto_Rico',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'Pacific/Guam',
];

/** The complete consent record of a trial enrolment, said a minute before `now` (the test's form). */
function enrolBody({ customerId, accountId, offer, last4, recordingRef, now }) {
  const said = new Date(now - MINUTE).toISOString();
  return {
    customerId,
    accountId,
    termsVersion: offer.termsVersion,
    consent: {
      offerId: offer.offerId,
      termsVersionShown: offer.termsVersion,
      priceDisclosed: true,
      optionalDisclosed: true,
      exclusionsRead: true,
      expressYesAt: said,
      channel: 'PHONE',
      scriptVersion: offer.scriptVersion,
      recordingRef,
      conversion: { expressAgreementAt: said, accountLast4: last4, recordingRef },
    },
  };
}

/** The offer with a free trial on an offer sheet, or null. */
function trialOffer(sheet) {
  return (sheet.offers ?? []).find((o) => o.pricing?.freeTrial === true) ?? null;
}

/** A promise of the whole collectable amount (at most 50.00) a week after `now`; null when nothing is owed. */
function promiseBody(collectable, now) {
  if (!(collectable > 0)) return null;
  const dueDate = new Date(now + 7 * DAY).toISOString().slice(0, 10);
  return { instalments: [{ amount: Math.min(collectable, 5_000), dueDate }] };
}

// ---- I/O: the gateway, one call at a time ----

/**
 * Calls through the gateway as one token's holder: `(method, url, body?, key?)`
 * answers the JSON body when the status is one of `ok`, and throws with the
 * status and problem otherwise.
 */
/** fetch, tried again when the connection itself failed (a service still starting, a kept-alive socket closed). */
async function fetchRetrying(url, init, tries = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (attempt >= tries) {
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
        throw new Error(`${init.method} ${url}: ${err instanceof Error ? err.message : String(err)}${cause}`);
      }
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

function client(gateway, token) {
  return async (method, url, body, key, ok = [200, 201]) => {
    // A repeated write is applied once: it carries an Idempotency-Key, or its repeat meets a 409 or the same as-of.
    const r = await fetchRetrying(`${gateway}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!ok.includes(r.status)) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 300)}`);
    return { status: r.status, ...(text ? JSON.parse(text) : {}) };
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The service's own decision for a demo applicant: its hash key, simulated bureau and US CLASSIC policy. */
function salesDecider(name) {
  const { salesConfigShape } = require(salesDist('sales.js'));
  const { simulatedBureauReport } = require(salesDist('domain/credit-bureau.js'));
  const { decideCredit } = require(salesDist('domain/decision.js'));
  const { duplicateKey, nationalIdHash } = require(salesDist('domain/identity.js'));
  const { creditPolicyFor } = require(salesDist('domain/policy.js'));
  // The same schema the service reads SALES_ID_HASH_KEY with: its default when unset.
  const key = salesConfigShape.SALES_ID_HASH_KEY.parse(process.env.SALES_ID_HASH_KEY);
  const policy = creditPolicyFor('US', 'CLASSIC');
  const applicant = { dateOfBirth: IDENTITY.dateOfBirth, ...INCOME, hasCoSigner: false };
  return (nationalId) => {
    const applicantKey = duplicateKey(name, IDENTITY.dateOfBirth, nationalIdHash(nationalId, key));
    // 300_000: the US range of existing debts, as services/sales/src/adapters/bureau/simulated-bureau.ts.
    return decideCredit(applicant, simulatedBureauReport(applicantKey, 300_000), policy, Date.now()).outcome;
  };
}

/** One demo application taken to its state: submitted, then decided or withdrawn. */
async function seedApplication(sales, a) {
  const nationalId = nationalIdGiving(a.outcome, salesDecider(a.name));
  if (!nationalId) throw new Error(`no national id gives ${a.outcome}`);
  const key = `demo-app-${a.state.toLowerCase()}`;
  let app = await sales('POST', '/sales/v1/applications', applicationBody(a, nationalId), key, [201]);
  const at = `/sales/v1/applications/${app.applicationId}`;
  for (const step of a.then)
    app =
      step === 'decide'
        ? await sales('POST', `${at}/decide`, undefined, `${key}-decide`)
        : await sales(
            'POST',
            `${at}/withdraw`,
            { reason: 'the applicant changed their mind' },
            `${key}-withdraw`,
          );
  if (app.status !== a.state) throw new Error(`${app.applicationId} is ${app.status}`);
  return app.applicationId;
}

/** Applications in every state, each under its own customer id; those already there are left alone. */
async function seedApplications(gateway, tokens) {
  const sales = client(gateway, tokens.sales_agent);
  const have = new Set((await sales('GET', '/sales/v1/applications')).items.map((a) => a.customerId));
  const todo = APPLICATIONS.filter((a) => !have.has(a.customerId));
  if (todo.length === 0) return `demo applications: all ${APPLICATIONS.length} states already there`;
  const made = [];
  for (const a of todo)
    try {
      made.push(`${a.state} ${await seedApplication(sales, a)}`);
    } catch (err) {
      made.push(`${a.state} not made (${err instanceof Error ? err.message : String(err)})`);
    }
  // The approved application's account (ledger) and card (cards) follow over Kafka.
  return `demo applications: ${made.join(', ')}`;
}

const TRIAL = {
  customerId: 'demo-cus-sales-trial',
  accountId: 'demo-acc-sales-trial',
  recordingRef: 'rec-demo-trial-1',
};

/** The offer sheet once sales knows the account (404 before) and its card (409 before), or null after `tries` s. */
// A first start has the consumers catching up on every topic: the card can take two minutes.
async function offerSheet(sales, url, tries = 180) {
  for (let i = 0; i < tries; i++) {
    if (i) await sleep(1000);
    const sheet = await sales('GET', url, undefined, undefined, [200, 404, 409]);
    if (sheet.status === 200) return sheet;
  }
  return null;
}

/**
 * Payment protection in its free trial on a demo account opened in a US zone
 * where it is now inside calling hours (an eligibility rule, docs/domain.md#sales).
 */
async function seedEnrolment(gateway, tokens, now = Date.now()) {
  const { customerId, accountId, recordingRef } = TRIAL;
  const [sales, admin] = [client(gateway, tokens.sales_agent), client(gateway, tokens.admin)];
  const records = await client(gateway, tokens.compliance)(
    'GET',
    `/sales/v1/consent-records?customerId=${customerId}`,
  );
  if (records.items.length > 0)
    return `demo enrolment: ${customerId} already enrolled (${records.items[0].enrolmentId})`;

  const { withinCallingHours } = require(salesDist('domain/eligibility.js'));
  const { ADD_ON_POLICIES } = require(salesDist('domain/policy.js'));
  const inHours = (at, zone) => withinCallingHours(at, zone, ADD_ON_POLICIES.US);
  // A restart finds the account of an earlier run, in the zone it was opened in.
  const existing = await admin('GET', `/ledger/v1/accounts/${accountId}`, undefined, undefined, [200, 404]);
  const zone = existing.status === 200 ? existing.timeZone : zoneInHours(now, US_ZONES, inHours);
  if (!zone || !inHours(now, zone))
    return `demo enrolment skipped: ${new Date(now).toISOString()} is outside calling hours (08:00–21:00) in ${zone ?? 'every US zone'}; the next npm start tries again`;
  if (existing.status !== 200) {
    const opening = { accountId, customerId, productCode: 'CLASSIC', market: 'US', currency: 'USD' };
    const terms = { creditLimit: 500_000, aprBps: 2499, billingCycleDay: 5, timeZone: zone };
    await admin('POST', '/ledger/v1/accounts', { ...opening, ...terms }, undefined, [201, 409]);
  }
  const facts = { marketingConsent: true, doNotCall: false, inHardship: false, employmentStatus: 'EMPLOYED' };
  await sales('PUT', `/sales/v1/customers/${customerId}/facts`, facts);

  const sheet = await offerSheet(sales, `/sales/v1/customers/${customerId}/offers?accountId=${accountId}`);
  if (!sheet) throw new Error(`sales knew no card on ${accountId} within 180 s`);
  const offer = trialOffer(sheet);
  if (!offer) throw new Error(`no trial offered on ${accountId}: ${JSON.stringify(sheet.excluded)}`);
  const last4 = sheet.accountLast4;
  const body = enrolBody({ customerId, accountId, offer, last4, recordingRef, now: Date.now() });
  // Keyed by the moment of the yes: a retry of this sale is this sale; a later start makes its own.
  const key = `demo-enrol-${customerId}-${body.consent.expressYesAt}`;
  const enrolled = await sales('POST', '/sales/v1/enrolments', body, key, [201]);
  return `demo enrolment: ${enrolled.enrolmentId} ${enrolled.status} (${offer.termsVersion}) on ${accountId}, customer in ${zone}`;
}

/**
 * Delinquent demo accounts, one per bucket (and one in China): each is a
 * ledger account with one unpaid purchase whose own end-of-day is run ahead
 * of the clock (`POST /ledger/v1/admin/accounts/{id}/end-of-day`, local
 * profile only) until it is the given days past due. The shared clocks stay
 * on the system time every other demo step assumes; collections opens the
 * cases from the ledger's delinquency events as it always does
 * (docs/adr/0025-simulated-delivery-adapter.md).
 */
const DELINQUENT_ACCOUNTS = [
  { days: 5, market: 'US', zone: 'America/New_York' },
  { days: 12, market: 'CN', zone: 'Asia/Shanghai' },
  { days: 35, market: 'US', zone: 'America/Chicago' },
  { days: 65, market: 'US', zone: 'America/Denver' },
  { days: 95, market: 'US', zone: 'America/Los_Angeles' },
  { days: 125, market: 'US', zone: 'America/New_York' },
  { days: 180, market: 'US', zone: 'America/Chicago' },
].map((a) => ({
  ...a,
  accountId: `demo-col-${a.market.toLowerCase()}-${String(a.days).padStart(3, '0')}`,
  customerId: `demo-col-cus-${a.market.toLowerCase()}-${String(a.days).padStart(3, '0')}`,
  currency: a.market === 'CN' ? 'CNY' : 'USD',
}));

/** A statement a day after opening, its minimum due 25 days later, late the day after: about 26 days to day 1. */
const DAYS_TO_FIRST_LATE_DAY = 26;

/** The cycle day that closes the first statement tomorrow (local), kept to the 1st–28th the ledger takes. */
function cycleDayAfter(now, zone) {
  const tomorrow = Number(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, day: 'numeric' }).format(new Date(now + DAY)),
  );
  return tomorrow > 28 ? 1 : tomorrow;
}

/** Late enough: at least its days past due, or charged off (the ledger stops counting there). */
const lateEnough = (view, account) =>
  view.delinquencyBucket === 'CHARGE_OFF' || view.daysPastDue >= account.days;

/** Runs the account's days ahead until it is late enough (a few rounds: the first statement date varies). */
async function runAhead(admin, account, now) {
  const url = `/ledger/v1/admin/accounts/${account.accountId}/end-of-day`;
  let asOf = now + (DAYS_TO_FIRST_LATE_DAY + account.days) * DAY;
  let view = await admin('POST', url, { asOf: new Date(asOf).toISOString() }, undefined, [200]);
  for (let round = 0; round < 5 && !lateEnough(view, account); round++) {
    asOf += (account.days - view.daysPastDue) * DAY;
    view = await admin('POST', url, { asOf: new Date(asOf).toISOString() }, undefined, [200]);
  }
  return view;
}

async function seedDelinquentAccounts(gateway, tokens, waitS = 300) {
  const [admin, collector] = [client(gateway, tokens.admin), client(gateway, tokens.collector)];
  // The ledger's today (the system clock under npm start); the accounts' own days run ahead of it.
  const now = Date.parse((await admin('GET', '/ledger/v1/admin/clock')).now);
  const seeded = [];
  for (const a of DELINQUENT_ACCOUNTS) {
    const existing = await admin(
      'GET',
      `/ledger/v1/accounts/${a.accountId}`,
      undefined,
      undefined,
      [200, 404],
    );
    if (existing.status === 200 && lateEnough(existing, a)) continue;
    if (existing.status !== 200) {
      const opening = { accountId: a.accountId, customerId: a.customerId, productCode: 'CLASSIC' };
      const terms = { market: a.market, currency: a.currency, creditLimit: 500_000, aprBps: 2499 };
      const cycle = { billingCycleDay: cycleDayAfter(now, a.zone), timeZone: a.zone };
      await admin('POST', '/ledger/v1/accounts', { ...opening, ...terms, ...cycle }, undefined, [201, 409]);
    }
    const purchase = {
      kind: 'PURCHASE',
      amount: 120_000 + a.days * 1_000,
      currency: a.currency,
      description: 'Demo purchase',
      merchant: {
        name: 'Demo Electronics',
        mcc: '5732',
        city: a.market === 'CN' ? 'Shanghai' : 'Chicago',
        country: a.market,
      },
    };
    await admin(
      'POST',
      `/ledger/v1/accounts/${a.accountId}/transactions`,
      purchase,
      `demo-col-buy-${a.accountId}`,
      [200, 201],
    );
    const view = await runAhead(admin, a, now);
    seeded.push(`${a.accountId} ${view.delinquencyBucket}`);
  }
  // Collections opens the cases from the ledger's events: wait until each account has one.
  const missing = new Set(DELINQUENT_ACCOUNTS.map((a) => a.accountId));
  for (let i = 0; i < waitS && missing.size > 0; i++) {
    if (i) await sleep(1000);
    for (const id of [...missing]) {
      const c = await collector(
        'GET',
        `/collections/v1/accounts/${id}/case`,
        undefined,
        undefined,
        [200, 404],
      );
      if (c.status === 200) missing.delete(id);
    }
  }
  const what = seeded.length ? `seeded ${seeded.join(', ')}` : 'already seeded';
  return missing.size
    ? `demo delinquent accounts: ${what}; no case yet for ${[...missing].join(', ')} after ${waitS} s`
    : `demo delinquent accounts: ${what}; ${DELINQUENT_ACCOUNTS.length} cases open (1–29 to recovery, US and CN)`;
}

/**
 * On an open case: a promise to pay, and a call the gate refuses because of
 * it, so the decision log shows a refusal. Cases open only from ledger
 * delinquency, which needs the ledger's clock past a due date: under the
 * system clock (npm start's default) no account is past due at seed time.
 */
async function seedCollections(gateway, tokens) {
  const [admin, collector] = [client(gateway, tokens.admin), client(gateway, tokens.collector)];
  const ledgerClock = await admin('GET', '/ledger/v1/admin/clock');
  const c = (await collector('GET', '/collections/v1/cases?status=OPEN')).items[0];
  if (!c)
    return ledgerClock.simulated
      ? 'demo collections: no open case yet; move the ledger clock past a due date, then collections’ (POST /v1/admin/clock {"to": …} on each), to open cases'
      : 'demo collections: no open case, none seeded: the ledger runs on the system clock (CLOCK=system), so no account is past due yet';
  const decisions = await client(gateway, tokens.compliance)(
    'GET',
    `/collections/v1/decisions?accountId=${c.accountId}`,
  );
  if (decisions.items.some((d) => d.allowed === false))
    return `demo collections: case ${c.caseId} already has a gate refusal`;
  const at = `/collections/v1/cases/${c.caseId}`;
  const running = (c.promises ?? []).some((p) => p.status === 'ACTIVE');
  // Due dates count from collections' own today, which a simulated clock may have moved.
  const today = Date.parse((await admin('GET', '/collections/v1/admin/clock')).now);
  const promise = running ? null : promiseBody(c.collectableAmount, today);
  // Keys by the day: a retry the same day is the same request; another day's start makes its own.
  const day = new Date(today).toISOString().slice(0, 10);
  if (promise) await collector('POST', `${at}/promises`, promise, `demo-ptp-${c.caseId}-${day}`, [201]);
  const aCall = { channel: 'CALL', party: 'DEBTOR', contactRef: 'phone:mobile' };
  const attempt = await collector(
    'POST',
    `${at}/contacts`,
    aCall,
    `demo-call-${c.caseId}-${day}`,
    [201, 409],
  );
  const gate = attempt.status === 409 ? `refused by ${attempt.ruleId}` : 'allowed';
  return `demo collections: case ${c.caseId}${promise ? ', a promise to pay' : ''}, a call ${gate}`;
}

/** Every seed step in turn; each prints one line, and a failed one prints why. */
async function seedDemo(gateway, tokens, say) {
  const steps = [
    ['applications', () => seedApplications(gateway, tokens)],
    ['enrolment', () => seedEnrolment(gateway, tokens)],
    [
      'collections',
      async () => {
        const accounts = await seedDelinquentAccounts(gateway, tokens).catch(
          (err) => `demo delinquent accounts not seeded: ${err instanceof Error ? err.message : String(err)}`,
        );
        return `${accounts}\n${await seedCollections(gateway, tokens)}`;
      },
    ],
  ];
  for (const [name, step] of steps)
    try {
      say(await step());
    } catch (err) {
      say(`demo ${name} not seeded: ${err instanceof Error ? err.message : String(err)}`);
    }
}

module.exports = {
  APPLICATIONS,
  US_ZONES,
  nationalIdOf,
  nationalIdGiving,
  applicationBody,
  zoneInHours,
  enrolBody,
  trialOffer,
  promiseBody,
  seedApplications,
  seedEnrolment,
  seedCollections,
  seedDelinquentAccounts,
  DELINQUENT_ACCOUNTS,
  cycleDayAfter,
  seedDemo,
};
