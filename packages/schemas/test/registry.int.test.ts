import { randomUUID } from 'node:crypto';
import { catalog } from '../src';
import { RegistryError, registerAll, registerSchema } from '../scripts/register';

// Against the real registry (SCHEMA_REGISTRY_URL; global compatibility
// BACKWARD_TRANSITIVE is set by the infra). Probe subjects get a random
// suffix and are deleted afterwards, so real subjects stay untouched.
const url = (): string => {
  const u = process.env.SCHEMA_REGISTRY_URL;
  if (!u) throw new Error('SCHEMA_REGISTRY_URL is not set');
  return u.replace(/\/$/, '');
};

const probes: string[] = [];
afterAll(async () => {
  for (const subject of probes) {
    // Confluent API: soft delete first, then permanent.
    await fetch(`${url()}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
    await fetch(`${url()}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
  }
});

describe('schema registry', () => {
  it('registers every schema under its subject, idempotently', async () => {
    const first = await registerAll({ url: url() });
    expect(first.map((r) => r.subject)).toEqual(catalog.map((e) => e.subject));
    for (const r of first) expect(r.id).toEqual(expect.any(Number));
    const second = await registerAll({ url: url() });
    expect(second).toEqual(first);

    const res = await fetch(`${url()}/subjects`);
    const subjects = (await res.json()) as string[];
    expect(subjects).toEqual(expect.arrayContaining(catalog.map((e) => e.subject)));
  });

  it('rejects a breaking version under the same subject with 409, accepts a compatible one', async () => {
    const posted = catalog.find((e) => e.type === 'ledger.transaction.posted.v1');
    if (!posted) throw new Error('posted.v1 missing');
    const subject = `cardline-test.compat-${randomUUID()}-${posted.recordName}`;
    probes.push(subject);
    const v1 = posted.schema;
    const compatible = {
      ...v1,
      fields: [...v1.fields, { name: 'probe', type: ['null', 'string'], default: null }],
    };
    const breaking = { ...v1, fields: [...v1.fields, { name: 'probe', type: 'string' }] };

    const id1 = await registerSchema(url(), subject, v1);
    expect(await registerSchema(url(), subject, v1)).toBe(id1);

    const err = await registerSchema(url(), subject, breaking).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).status).toBe(409);
    expect((err as RegistryError).message).toMatch(/incompatible/i);

    // BACKWARD: a new optional field is fine; then the breaking one still is
    // not, checked against both registered versions (TRANSITIVE).
    expect(await registerSchema(url(), subject, compatible)).not.toBe(id1);
    const again = await registerSchema(url(), subject, breaking).catch((e: unknown) => e);
    expect((again as RegistryError).status).toBe(409);
  });

  it('fails fast with a clear message when the registry cannot be reached', async () => {
    const err = await registerSchema(
      'http://127.0.0.1:1/apis/ccompat/v7',
      'x',
      { type: 'string' },
      { retryForMs: 300 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).message).toMatch(/unreachable/);
  });
});
