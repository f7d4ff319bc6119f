import { Api, ApiError, fill } from '../src/api';
import { nothingAcknowledged, enrolBody, stillMissing, type Offer } from '../src/enrolment';
import { bothTimes, day, money, remaining, timeIn } from '../src/format';
import { readProblem } from '../src/problem';
import { chains, type TimelineEntry } from '../src/timeline';

describe('money and times as the agent reads them', () => {
  it('shows minor units in the currency, in either language', () => {
    expect(money(123456, 'USD', 'en')).toBe('$1,234.56');
    expect(money(5000, 'CNY', 'zh')).toBe('¥50.00');
    expect(money(null, 'USD', 'en')).toBe('—');
  });

  it('shows an instant in the customer’s zone, and the agent’s beside it only when it differs', () => {
    const at = '2026-12-02T01:55:00Z';
    expect(timeIn(at, 'America/New_York', 'en')).toMatch(/Dec 1, 2026.*20:55.*EST/);
    const both = bothTimes(at, 'America/New_York', 'Asia/Shanghai', 'en');
    expect(both.customer).toMatch(/20:55/);
    expect(both.agent).toMatch(/09:55/);
    expect(bothTimes(at, 'UTC', 'UTC', 'en').agent).toBeNull();
  });

  it('shows a due date as the day it names, and time left or overdue', () => {
    expect(day('2026-12-25')).toBe('2026-12-25');
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(remaining('2026-12-03T04:00:00Z', now)).toEqual({ text: '2 d 4 h', overdue: false });
    expect(remaining('2026-11-30T23:15:00Z', now)).toEqual({ text: '-45 min', overdue: true });
  });
});

describe('API problems as the console shows them', () => {
  it('names the contact gate’s refusing rule and when to try again', () => {
    const p = readProblem(409, {
      type: 'https://cardline.dev/problems/conflict',
      title: 'Conflicts with the current state',
      status: 409,
      detail: 'outside the calling hours at the debtor’s location',
      ruleId: 'US.FDCPA.TIME_OF_DAY',
      nextAllowedAt: '2026-12-02T13:00:00Z',
    });
    expect(p).toMatchObject({
      title: 'Conflicts with the current state',
      detail: 'outside the calling hours at the debtor’s location',
      rules: ['US.FDCPA.TIME_OF_DAY'],
      nextAllowedAt: '2026-12-02T13:00:00Z',
    });
  });

  it('lists sales’ failing rules and missing consent elements, and validation errors', () => {
    const p = readProblem(422, {
      title: 'Request is not valid',
      failing: ['MARKETING_CONSENT'],
      missing: ['expressYesAt'],
      errors: [{ path: ['consent', 'channel'], message: 'Required' }],
    });
    expect(p.rules).toEqual(['MARKETING_CONSENT']);
    expect(p.missing).toEqual(['expressYesAt', 'consent.channel: Required']);
  });

  it('still has a title when the answer is not problem+json', () => {
    expect(readProblem(502, '<html>bad gateway</html>', 'Bad Gateway')).toMatchObject({
      title: 'Bad Gateway',
      detail: '<html>bad gateway</html>',
    });
    expect(readProblem(500, null).title).toBe('HTTP 500');
  });
});

describe('the API client', () => {
  it('sends the token and the call’s correlation id, a key on writes, and throws the problem on refusal', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const api = new Api('tok', async (url, init) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ title: 'Not allowed for this role', status: 403 }), {
        status: 403,
        headers: { 'content-type': 'application/problem+json' },
      });
    });
    api.correlationId = 'call-1';
    const err = await api.post('/cards/v1/cards/c1/freeze', { reason: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).problem.title).toBe('Not allowed for this role');
    const headers = seen[0]?.init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer tok');
    expect(headers['x-correlation-id']).toBe('call-1');
    expect(headers['idempotency-key']).toBeTruthy();
  });

  it('turns an unreachable gateway into a problem too', async () => {
    const api = new Api('tok', async () => {
      throw new Error('ECONNREFUSED');
    });
    const err = (await api.get('/ledger/v1/accounts/a').catch((e: unknown) => e)) as ApiError;
    expect(err.problem).toMatchObject({ status: 0, detail: 'ECONNREFUSED' });
  });

  it('fills and encodes path parameters', () => {
    expect(fill('/v1/cases/:caseId/contacts/:attemptId/outcome', { caseId: 'c 1', attemptId: 'a' })).toBe(
      '/v1/cases/c%201/contacts/a/outcome',
    );
    expect(() => fill('/v1/cards/:cardId', {})).toThrow(/cardId/);
  });
});

describe('the add-on disclosure gate', () => {
  const offer: Offer = {
    offerId: 'off-1',
    addOn: 'PAYMENT_PROTECTION',
    termsVersion: 'PP-US-3',
    name: 'Payment protection',
    pricing: { kind: 'MONTHLY', monthlyFee: 995, freeTrial: true, feeBps: null, minimumFee: null },
    currency: 'USD',
    exclusions: ['Pre-existing conditions'],
    scriptVersion: 'S-7',
    script: ['It is optional.', 'It costs $9.95 a month.'],
  };
  /** Every disclosure acknowledged: the trial agreed at 15:00:00, the yes said at 15:00:30. */
  const everything = {
    script: new Set([0, 1]),
    price: true,
    optional: true,
    exclusions: true,
    conversion: Date.parse('2026-12-01T15:00:00Z'),
    expressYes: Date.parse('2026-12-01T15:00:30Z'),
    recordingRef: 'rec-1',
  };

  it('keeps Enroll closed until every statement, the price, the exclusions, the trial, the recording and the yes are given', () => {
    const ack = nothingAcknowledged();
    expect(stillMissing(offer, ack, 'US')).toEqual([
      'enrol.missing.script:1',
      'enrol.missing.script:2',
      'enrol.missing.price',
      'enrol.missing.optional',
      'enrol.missing.exclusions',
      'enrol.missing.conversion',
      'enrol.missing.recording',
      'enrol.missing.expressYes',
    ]);
    const all = { ...ack, ...everything };
    expect(stillMissing(offer, all, 'US')).toEqual([]);
    expect(stillMissing(offer, all, 'CN')).toEqual(['enrol.missing.sensitivePi']);
    expect(stillMissing(offer, { ...all, recordingRef: ' ' }, 'US')).toEqual(['enrol.missing.recording']);
    const transfer = { ...offer, addOn: 'BALANCE_TRANSFER' };
    expect(stillMissing(transfer, all, 'US')).toEqual(['enrol.missing.transferAmount']);
    expect(stillMissing(transfer, { ...all, transferAmount: 50000 }, 'US')).toEqual([]);
    expect(stillMissing(offer, { ...all, script: new Set([0]) }, 'US')).toEqual(['enrol.missing.script:2']);
  });

  it('sends the consent record with the offer, the script version, the recording and each time said', () => {
    const all = { ...nothingAcknowledged(), ...everything };
    const body = enrolBody(
      { customerId: 'cus', accountId: 'acc', accountLast4: '4242', market: 'US' },
      offer,
      all,
    );
    expect(body).toEqual({
      customerId: 'cus',
      accountId: 'acc',
      termsVersion: 'PP-US-3',
      consent: {
        offerId: 'off-1',
        termsVersionShown: 'PP-US-3',
        priceDisclosed: true,
        optionalDisclosed: true,
        exclusionsRead: true,
        expressYesAt: '2026-12-01T15:00:30.000Z',
        channel: 'PHONE',
        scriptVersion: 'S-7',
        recordingRef: 'rec-1',
        conversion: {
          expressAgreementAt: '2026-12-01T15:00:00.000Z',
          accountLast4: '4242',
          recordingRef: 'rec-1',
        },
      },
      transferAmount: null,
    });
  });
});

describe('the timeline’s correlated chains', () => {
  const e = (
    id: string,
    at: string,
    correlationId: string,
    causationId: string | null,
    source = 'cards',
  ): TimelineEntry => ({
    eventId: id,
    at,
    type: `${source}.x.v1`,
    source,
    subject: 's',
    accountId: 'a',
    customerId: 'c',
    summary: id,
    correlationId,
    causationId,
  });

  it('groups one call’s events across services, oldest first, each under its cause; newest chain first', () => {
    const out = chains([
      e('dispute', '2026-12-01T10:02:00Z', 'call-1', 'report', 'disputes'),
      e('other', '2026-12-01T09:00:00Z', 'call-0', null, 'ledger'),
      e('stolen', '2026-12-01T10:00:00Z', 'call-1', null),
      e('report', '2026-12-01T10:01:00Z', 'call-1', 'stolen'),
    ]);
    expect(out.map((c) => c.correlationId)).toEqual(['call-1', 'call-0']);
    expect(out[0]?.entries.map((x) => [x.eventId, x.depth])).toEqual([
      ['stolen', 0],
      ['report', 1],
      ['dispute', 2],
    ]);
    expect(out[0]?.services).toEqual(['cards', 'disputes']);
  });
});
