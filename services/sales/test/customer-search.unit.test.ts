import request from 'supertest';
import { openApiDocument, routeTableSpec } from '@cardline/platform';
import { NameIndexingSecrets, nameKeys, type NameMatch } from '../src/application/customer-names';
import type { ApplicantSecrets, SecretStore } from '../src/application/ports';
import { customerSearchRoute } from '../src/adapters/http/customer-search-route';
import { toProblem } from '../src/adapters/http/routes';

// Customer search by name: keyed hashes of the name's words, the name itself
// sealed with the applicant's other personal data.

const KEY = 'a-test-national-id-hash-key';

describe('the name keys', () => {
  it('are the same whatever the case, accents, punctuation and spacing', () => {
    const keys = nameKeys('José  O’Neil', KEY);
    expect(keys).toHaveLength(2);
    expect(nameKeys("jose o'neil", KEY)).toEqual(keys);
    expect(nameKeys('JOSE ONEIL', KEY)).toEqual(keys);
    expect(nameKeys('Oneil', KEY)).toEqual([keys[1]]);
  });

  it('hold no word of the name and depend on the key', () => {
    const keys = nameKeys('Ada Approved', KEY);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(keys)).not.toMatch(/ada|approved/i);
    expect(nameKeys('Ada Approved', 'another-key-of-enough-length')).not.toEqual(keys);
  });

  it('are written with every identity the secret store seals, and removed with it', async () => {
    const sealed: string[] = [];
    const indexed: [string, string][] = [];
    const inner: SecretStore = {
      put: async (id) => void sealed.push(id),
      get: async () => null,
      remove: async () => undefined,
    };
    const removed: string[] = [];
    const secrets = new NameIndexingSecrets(inner, {
      put: async (id, name) => void indexed.push([id, name]),
      remove: async (id) => void removed.push(id),
    });
    await secrets.put('app_1', { identity: { fullName: 'Ada Approved' } } as ApplicantSecrets);
    expect(sealed).toEqual(['app_1']);
    expect(indexed).toEqual([['app_1', 'Ada Approved']]);
    // A refused submission's identity is removed, and its name keys with it.
    await secrets.remove('app_1');
    expect(removed).toEqual(['app_1']);
  });
});

describe('POST /v1/customers/search (sales)', () => {
  const asked: string[] = [];
  const ada: NameMatch = { customerId: 'demo-cus-app-approved', market: 'US', accountIds: ['acc-1'] };
  const routes = [
    customerSearchRoute({
      names: {
        find: async (name) => {
          asked.push(name);
          return /ada/i.test(name) ? [ada] : [];
        },
      },
    }),
  ];
  const spec = routeTableSpec({ routes, toProblem });

  it('answers the customers whose name holds the words, ids only, to every floor role', async () => {
    for (const role of ['agent', 'collector', 'sales_agent', 'dispute_analyst'] as const) {
      const r = await request(spec.app)
        .post('/v1/customers/search')
        .set(await spec.bearer(role))
        .send({ name: '  Ada Approved ' });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ items: [ada] });
    }
    expect(asked.at(-1)).toBe('Ada Approved');
  });

  it('refuses what is not a name with problem+json, and a channel adapter with 403', async () => {
    for (const body of [{ name: 'A' }, { name: '4155550102' }, { name: 'Ada', phone: '1' }, {}]) {
      const r = await request(spec.app)
        .post('/v1/customers/search')
        .set(await spec.bearer('agent'))
        .send(body);
      expect(r.status).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const adapter = await request(spec.app)
      .post('/v1/customers/search')
      .set(await spec.bearer('channel_adapter'))
      .send({ name: 'Ada' });
    expect(adapter.status).toBe(403);
  });

  it('is in the OpenAPI document with its body, answer and refusal', () => {
    const doc = openApiDocument(routes, { title: 'sales', version: '0', description: 'test' }) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const op = doc.paths['/v1/customers/search']?.post;
    expect(op?.requestBody).toBeDefined();
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '422', '401', '403']));
  });
});
