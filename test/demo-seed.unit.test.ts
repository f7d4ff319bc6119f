import { PromiseBody } from '../services/collections/src/adapters/http/schemas';
import { SubmitBody } from '../services/sales/src/adapters/http/schemas';
import { EnrolBody } from '../services/sales/src/adapters/http/enrolment-schemas';
import { CATALOGUE } from '../services/sales/src/domain/add-on-catalogue';
import { missingConsentElements } from '../services/sales/src/domain/consent';
import { simulatedBureauReport } from '../services/sales/src/domain/credit-bureau';
import { decideCredit } from '../services/sales/src/domain/decision';
import { withinCallingHours } from '../services/sales/src/domain/eligibility';
import { duplicateKey, nationalIdHash } from '../services/sales/src/domain/identity';
import { ADD_ON_POLICIES, creditPolicyFor } from '../services/sales/src/domain/policy';
import { salesConfigShape } from '../services/sales/src/sales';
import { OpenAccountBody, PostTransactionBody } from '../services/ledger/src/adapters/http/schemas';
import {
  APPLICATIONS,
  DELINQUENT_ACCOUNTS,
  US_ZONES,
  cycleDayAfter,
  seedDelinquentAccounts,
  applicationBody,
  enrolBody,
  nationalIdGiving,
  nationalIdOf,
  promiseBody,
  seedCollections,
  seedDemo,
  trialOffer,
  zoneInHours,
  type Tokens,
} from '../scripts/lib/demo-seed';

// `npm start` cannot run in the unit tier; what its demo seed sends can be
// checked against the services' own schemas and rules.
const inHours = (at: number, zone: string) => withinCallingHours(at, zone, ADD_ON_POLICIES.US);
const HOUR = 3_600_000;

/** The service's decision for a demo applicant, with its default hash key (what the seed computes from dist). */
const decider = (name: string) => {
  const key = salesConfigShape.SALES_ID_HASH_KEY.parse(undefined) as string;
  const policy = creditPolicyFor('US', 'CLASSIC');
  if (!policy) throw new Error('no US CLASSIC policy');
  const applicant = {
    dateOfBirth: '1988-04-12',
    annualIncome: 12_000_000,
    incomeIsIndependent: true,
    hasCoSigner: false,
  };
  return (id: string) =>
    decideCredit(
      applicant,
      simulatedBureauReport(duplicateKey(name, applicant.dateOfBirth, nationalIdHash(id, key)), 300_000),
      policy,
      Date.parse('2026-12-01T12:00:00Z'),
    ).outcome;
};

describe('the demo applications', () => {
  it('cover every status an application can have, each under its own customer id', () => {
    expect(APPLICATIONS.map((a) => a.state).sort()).toEqual(
      ['APPROVED', 'COMPLETE', 'DECLINED', 'INCOMPLETE', 'REFERRED', 'WITHDRAWN'].sort(),
    );
    expect(new Set(APPLICATIONS.map((a) => a.customerId)).size).toBe(APPLICATIONS.length);
  });

  it('national ids take the form the sales integration test uses', () => {
    expect(nationalIdOf(100)).toBe('100-00-1100');
    expect(nationalIdOf(7001)).toBe('001-01-8001');
  });

  it('find, for each applicant, a national id the simulated bureau decides as the state needs', () => {
    for (const a of APPLICATIONS) {
      const decide = decider(a.name);
      const id = nationalIdGiving(a.outcome, decide);
      expect({ state: a.state, found: id !== null }).toEqual({ state: a.state, found: true });
      if (a.outcome) expect(decide(id as string)).toBe(a.outcome);
    }
  });

  it('give up with null when no id in range gives the outcome', () => {
    expect(nationalIdGiving('APPROVE', () => 'DECLINE', 100, 10)).toBeNull();
  });

  it('are submissions the sales API accepts, with the credit-check consent only where the state needs it', () => {
    for (const a of APPLICATIONS) {
      const body = applicationBody(a, nationalIdOf(100));
      expect(SubmitBody.safeParse(body).success).toBe(true);
      expect('creditCheckConsent' in body).toBe(a.consent === true);
    }
  });
});

describe('the demo enrolment', () => {
  it('picks New York when it is inside calling hours there', () => {
    expect(zoneInHours(Date.parse('2026-12-01T15:00:00Z'), US_ZONES, inHours)).toBe('America/New_York');
  });

  it('picks a zone further west in the New York evening (21:00 is outside: to is exclusive)', () => {
    // 03:00 UTC in December: 22:00 New York, 23:00 Puerto Rico, 21:00 Chicago, 20:00 Denver.
    expect(zoneInHours(Date.parse('2026-12-02T03:00:00Z'), US_ZONES, inHours)).toBe('America/Denver');
  });

  it('finds a US zone inside calling hours at every minute of the day but from 11:00 to 12:00 UTC', () => {
    for (const day of ['2026-01-15', '2026-07-15'])
      for (let m = 0; m < 24 * 60; m += 15) {
        const at = Date.parse(`${day}T00:00:00Z`) + m * 60_000;
        const zone = zoneInHours(at, US_ZONES, inHours);
        const gap = at % (24 * HOUR) >= 11 * HOUR && at % (24 * HOUR) < 12 * HOUR;
        expect({ at: new Date(at).toISOString(), found: zone !== null }).toEqual({
          at: new Date(at).toISOString(),
          found: !gap,
        });
        if (zone) expect(inHours(at, zone)).toBe(true);
      }
  });

  it('sends a consent record the API accepts and the domain finds complete, with the trial’s conversion agreed', () => {
    const now = Date.parse('2026-12-01T15:00:00Z');
    const terms = CATALOGUE.find((t) => t.termsVersion === 'PP-US-2');
    if (!terms) throw new Error('no PP-US-2');
    const offer = {
      offerId: 'off-1',
      termsVersion: terms.termsVersion,
      scriptVersion: terms.scriptVersion,
      pricing: { freeTrial: true },
    };
    const body = enrolBody({
      customerId: 'demo-cus-sales-trial',
      accountId: 'demo-acc-sales-trial',
      offer,
      last4: '4242',
      recordingRef: 'rec-demo-trial-1',
      now,
    });
    const parsed = EnrolBody.parse(body);
    const c = parsed.consent;
    const record = {
      ...c,
      expressYesAt: c.expressYesAt === null ? null : Date.parse(c.expressYesAt),
      sensitivePiConsentAt: null,
      conversion: c.conversion && {
        ...c.conversion,
        expressAgreementAt:
          c.conversion.expressAgreementAt === null ? null : Date.parse(c.conversion.expressAgreementAt),
      },
    };
    expect(missingConsentElements(record, terms, { market: 'US', accountLast4: '4242' }, now)).toEqual([]);
    expect(c.conversion).toMatchObject({ accountLast4: '4242', recordingRef: 'rec-demo-trial-1' });
  });

  it('takes the offer with a free trial from the sheet, or none', () => {
    const paid = {
      offerId: 'a',
      termsVersion: 'UPG-US-1',
      scriptVersion: 's',
      pricing: { freeTrial: false },
    };
    const trial = { offerId: 'b', termsVersion: 'PP-US-2', scriptVersion: 's', pricing: { freeTrial: true } };
    expect(trialOffer({ offers: [paid, trial] })).toBe(trial);
    expect(trialOffer({ offers: [paid] })).toBeNull();
    expect(trialOffer({})).toBeNull();
  });
});

describe('the demo promise to pay', () => {
  it('is at most 50.00 of the collectable amount, due a week on, and a body the collections API accepts', () => {
    const now = Date.parse('2026-12-01T15:00:00Z');
    expect(promiseBody(2500, now)).toEqual({ instalments: [{ amount: 2500, dueDate: '2026-12-08' }] });
    expect(promiseBody(90_000, now)?.instalments[0]?.amount).toBe(5000);
    expect(PromiseBody.safeParse(promiseBody(2500, now)).success).toBe(true);
  });

  it('is not made when nothing is collectable', () => {
    expect(promiseBody(0, Date.now())).toBeNull();
  });
});

describe('the collections seed, against a fake gateway', () => {
  const tokens: Tokens = { sales_agent: 's', admin: 'a', compliance: 'c', collector: 'k' };
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  /** A gateway answering by method and path; records every call. */
  const fake = (answer: (method: string, path: string) => [number, unknown]) => {
    const calls: string[] = [];
    global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const u = new URL(String(url));
      const method = init?.method ?? 'GET';
      const key = new Headers(init?.headers).get('idempotency-key');
      calls.push(`${method} ${u.pathname}${key ? ` [${key}]` : ''}`);
      const [status, body] = answer(method, u.pathname);
      return new Response(JSON.stringify(body), { status });
    }) as typeof fetch;
    return calls;
  };
  const clock = { now: '2026-12-01T15:00:00.000Z', simulated: false };

  it('on an open case makes a promise, then a call the gate refuses, each under a key of the day', async () => {
    const calls = fake((method, path) => {
      if (path.endsWith('/admin/clock')) return [200, clock];
      if (path === '/collections/v1/cases')
        return [
          200,
          { items: [{ caseId: 'case_1', accountId: 'acc_1', collectableAmount: 2500, promises: [] }] },
        ];
      if (path === '/collections/v1/decisions') return [200, { items: [] }];
      if (path.endsWith('/promises')) return [201, {}];
      return [409, { ruleId: 'ALL.PROMISE_SUPPRESSION' }];
    });
    await expect(seedCollections('http://gw', tokens)).resolves.toBe(
      'demo collections: case case_1, a promise to pay, a call refused by ALL.PROMISE_SUPPRESSION',
    );
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([
      'POST /collections/v1/cases/case_1/promises [demo-ptp-case_1-2026-12-01]',
      'POST /collections/v1/cases/case_1/contacts [demo-call-case_1-2026-12-01]',
    ]);
  });

  it('makes nothing when the decision log already holds a refusal on the case', async () => {
    const calls = fake((_m, path) => {
      if (path.endsWith('/admin/clock')) return [200, clock];
      if (path === '/collections/v1/cases')
        return [200, { items: [{ caseId: 'case_1', accountId: 'acc_1' }] }];
      return [200, { items: [{ allowed: false }] }];
    });
    await expect(seedCollections('http://gw', tokens)).resolves.toContain('already has a gate refusal');
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('says why there is no case under the system clock', async () => {
    fake((_m, path) => (path.endsWith('/admin/clock') ? [200, clock] : [200, { items: [] }]));
    await expect(seedCollections('http://gw', tokens)).resolves.toContain(
      'the ledger runs on the system clock',
    );
  });

  it('a refused step prints why and the others still run', async () => {
    fake(() => [503, { title: 'Service unavailable' }]);
    const said: string[] = [];
    await seedDemo('http://gw', tokens, (l) => said.push(l));
    expect(said).toHaveLength(3);
    for (const l of said) expect(l).toMatch(/^demo \w+ not seeded: .*503/);
  });
});

describe('the delinquent demo accounts, against a fake gateway', () => {
  const tokens: Tokens = { sales_agent: 's', admin: 'a', compliance: 'c', collector: 'k' };
  const DAY = 86_400_000;
  const NOW = Date.parse('2026-12-01T15:00:00.000Z');

  /** A ledger whose accounts are late 26 days after opening, as a statement the next day makes them. */
  function ledgerFake() {
    const accounts = new Map<string, { daysPastDue: number }>();
    const calls: { method: string; path: string; body: unknown; key: string | null }[] = [];
    global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const path = new URL(String(url)).pathname;
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path, body, key: new Headers(init?.headers).get('idempotency-key') });
      const reply = (status: number, b: unknown) => new Response(JSON.stringify(b), { status });
      if (path === '/ledger/v1/admin/clock') return reply(200, { now: new Date(NOW).toISOString() });
      const id = path.split('/')[path.includes('/admin/') ? 5 : 4] ?? '';
      if (method === 'POST' && path === '/ledger/v1/accounts') {
        accounts.set(body.accountId, { daysPastDue: 0 });
        return reply(201, {});
      }
      if (path.endsWith('/end-of-day')) {
        const a = accounts.get(id);
        if (!a) return reply(404, {});
        // The first late day lands a day later than the seed's estimate: the seed runs on.
        a.daysPastDue = Math.max(a.daysPastDue, Math.floor((Date.parse(body.asOf) - NOW) / DAY) - 27);
        return reply(200, { accountId: id, daysPastDue: a.daysPastDue, delinquencyBucket: 'DPD' });
      }
      if (path.endsWith('/transactions')) return reply(201, { status: 'POSTED' });
      if (path.startsWith('/ledger/v1/accounts/'))
        return accounts.has(id) ? reply(200, accounts.get(id)) : reply(404, {});
      if (path.startsWith('/collections/v1/accounts/')) return reply(200, { caseId: `case-${id}` });
      return reply(500, {});
    }) as typeof fetch;
    return { accounts, calls };
  }

  it('covers every bucket from 1–29 to recovery, and one account in China', () => {
    const days = DELINQUENT_ACCOUNTS.map((a) => a.days);
    for (const [from, to] of [
      [1, 29],
      [30, 59],
      [60, 89],
      [90, 119],
      [120, 179],
      [180, 400],
    ])
      expect(days.some((d) => d >= (from ?? 0) && d <= (to ?? 0))).toBe(true);
    expect(DELINQUENT_ACCOUNTS.filter((a) => a.market === 'CN').map((a) => a.currency)).toEqual(['CNY']);
  });

  it('opens each account, posts one purchase under a fixed key, and runs its own days ahead until it is late enough', async () => {
    const { accounts, calls } = ledgerFake();
    await expect(seedDelinquentAccounts('http://gw', tokens, 1)).resolves.toContain(
      `${DELINQUENT_ACCOUNTS.length} cases open`,
    );
    for (const a of DELINQUENT_ACCOUNTS)
      expect(accounts.get(a.accountId)?.daysPastDue).toBeGreaterThanOrEqual(a.days);
    const bodies = calls.filter((c) => c.method === 'POST');
    for (const c of bodies.filter((b) => b.path === '/ledger/v1/accounts'))
      expect(OpenAccountBody.safeParse(c.body).success).toBe(true);
    for (const c of bodies.filter((b) => b.path.endsWith('/transactions'))) {
      expect(PostTransactionBody.safeParse(c.body).success).toBe(true);
      expect(c.key).toMatch(/^demo-col-buy-demo-col-/);
    }
    // Never past the ledger route's bound of 400 days ahead.
    for (const c of bodies.filter((b) => b.path.endsWith('/end-of-day')))
      expect(Date.parse((c.body as { asOf: string }).asOf) - NOW).toBeLessThanOrEqual(400 * DAY);
    // The shared clock is only read, never moved.
    expect(calls.filter((c) => c.path.endsWith('/admin/clock') && c.method === 'POST')).toEqual([]);
  });

  it('does nothing for accounts already late enough on a restart', async () => {
    const { calls } = ledgerFake();
    await seedDelinquentAccounts('http://gw', tokens, 1);
    calls.length = 0;
    await expect(seedDelinquentAccounts('http://gw', tokens, 1)).resolves.toContain('already seeded');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('closes the first statement tomorrow, on a cycle day the ledger takes (1–28)', () => {
    expect(cycleDayAfter(Date.parse('2026-12-01T15:00:00Z'), 'America/New_York')).toBe(2);
    expect(cycleDayAfter(Date.parse('2026-12-28T15:00:00Z'), 'America/New_York')).toBe(1);
    // 1 December 23:30 UTC is already 2 December in Shanghai: tomorrow there is the 3rd.
    expect(cycleDayAfter(Date.parse('2026-12-01T23:30:00Z'), 'Asia/Shanghai')).toBe(3);
  });
});
