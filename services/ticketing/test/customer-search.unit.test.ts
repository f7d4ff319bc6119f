import request from 'supertest';
import { routeTableSpec } from '@cardline/platform';
import { CaseService, phoneKeys } from '../src/application/case-service';
import { phoneFingerprint } from '../src/application/phone-fingerprint';
import { customerSearchRoute } from '../src/adapters/http/search-route';
import { toProblem } from '../src/adapters/http/routes';

// Customer search by phone: keyed fingerprints of the numbers on file, so the
// index, the query and the logs never hold the number itself.

const KEY = 'a-test-phone-fingerprint-key';

describe('the phone fingerprint', () => {
  it('is the same for one number written any common way, country code or not', () => {
    const a = phoneFingerprint('+1 415 555 0102', KEY);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    for (const other of ['(415) 555-0102', '415.555.0102', '14155550102', '+1-415-555-0102'])
      expect(phoneFingerprint(other, KEY)).toBe(a);
    expect(phoneFingerprint('+1 415 555 0103', KEY)).not.toBe(a);
  });

  it('depends on the key, so the ten-digit space cannot be walked back without it', () => {
    expect(phoneFingerprint('+1 415 555 0102', 'another-key-of-enough-length')).not.toBe(
      phoneFingerprint('+1 415 555 0102', KEY),
    );
  });

  it('is no fingerprint below seven digits', () => {
    expect(phoneFingerprint('555 01', KEY)).toBeNull();
    expect(phoneFingerprint('', KEY)).toBeNull();
  });

  it('gives a case one fingerprint per number on file, phone and SMS alike', () => {
    expect(phoneKeys({ contacts: { SMS: '+1 415 555 0102', PHONE: '(415) 555-0102' } }, KEY)).toEqual([
      phoneFingerprint('4155550102', KEY),
    ]);
    expect(phoneKeys({ contacts: { EMAIL: 'pat@example.com' } }, KEY)).toEqual([]);
  });
});

/** A case store whose queries are recorded: the search must ask by fingerprint only. */
function casesOver(docs: { _id: string; customerId: string; phoneKeys: string[] }[]) {
  const filters: unknown[] = [];
  const collection = {
    find: (filter: { phoneKeys: string }) => {
      filters.push(filter);
      const hits = docs.filter((d) => d.phoneKeys.includes(filter.phoneKeys));
      const cursor = { sort: () => cursor, limit: () => cursor, toArray: async () => hits };
      return cursor;
    },
  };
  const cases = new CaseService(
    { collection } as never,
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    KEY,
  );
  return { cases, filters };
}

describe('finding customers by phone', () => {
  const fp = phoneFingerprint('+1 415 555 0102', KEY) as string;
  const docs = [
    { _id: 'cas-2', customerId: 'cus-1', phoneKeys: [fp] },
    { _id: 'cas-1', customerId: 'cus-1', phoneKeys: [fp] },
    { _id: 'cas-9', customerId: 'cus-2', phoneKeys: [fp] },
    { _id: 'cas-5', customerId: 'cus-3', phoneKeys: ['other'] },
  ];

  it('answers each customer once with the cases holding the number, asking the store by fingerprint only', async () => {
    const { cases, filters } = casesOver(docs);
    await expect(cases.customersByPhone('(415) 555-0102')).resolves.toEqual([
      { customerId: 'cus-1', caseIds: ['cas-2', 'cas-1'] },
      { customerId: 'cus-2', caseIds: ['cas-9'] },
    ]);
    expect(filters).toEqual([{ phoneKeys: fp }]);
    expect(JSON.stringify(filters)).not.toMatch(/4155550102|555/);
  });

  it('POST /v1/customers/search takes the number in the body and refuses what is no number with problem+json', async () => {
    const spec = routeTableSpec({ routes: [customerSearchRoute(casesOver(docs))], toProblem });
    const agent = await spec.bearer('agent');
    const found = await request(spec.app)
      .post('/v1/customers/search')
      .set(agent)
      .send({ phone: '415 555 0102' });
    expect(found.status).toBe(200);
    expect(found.body.items.map((m: { customerId: string }) => m.customerId)).toEqual(['cus-1', 'cus-2']);
    for (const body of [
      { phone: '555-01' },
      { phone: 'call me' },
      { phone: '4155550102', name: 'Pat' },
      {},
    ]) {
      const r = await request(spec.app).post('/v1/customers/search').set(agent).send(body);
      expect(r.status).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.body)).not.toContain('4155550102');
    }
    const adapter = await request(spec.app)
      .post('/v1/customers/search')
      .set(await spec.bearer('channel_adapter'))
      .send({ phone: '4155550102' });
    expect(adapter.status).toBe(403);
  });
});
