import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import type { mongo } from 'mongoose';
import {
  ROLES,
  AuditTrail,
  notWritten,
  auditRoutes,
  openApiDocument,
  authenticate,
  createLogger,
  customersIn,
  mintToken,
  mountRoutes,
  problemHandler,
  reply,
  route,
  type AuditRecord,
  type AuthOptions,
} from '../src';

const auth: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};
const logger = createLogger('audit-test', 'silent');

/** What the trail needs of a collection: insertMany that can be made to fail once. */
function fakeCollection() {
  const stored: AuditRecord[] = [];
  let failNext = false;
  const collection = {
    insertMany: async (docs: AuditRecord[]) => {
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('pool cleared'), { name: 'MongoPoolClearedError' });
      }
      stored.push(...docs);
      return { insertedCount: docs.length };
    },
    deleteMany: async () => ({ deletedCount: 0 }),
  } as unknown as mongo.Collection<AuditRecord>;
  return { collection, stored, failOnce: () => (failNext = true) };
}

const routes = [
  route({
    method: 'get',
    path: '/v1/accounts/:accountId',
    summary: 'One account',
    roles: ['agent', 'supervisor'],
    params: z.object({ accountId: z.string() }),
    responses: {
      200: reply('The account', z.object({ accountId: z.string(), customerId: z.string() }).strict()),
    },
    handle: async ({ params }) => ({
      status: 200,
      body: { accountId: params.accountId, customerId: 'cus-7' },
    }),
  }),
];

function app(trail: AuditTrail) {
  const a = express();
  a.use(express.json());
  a.use('/v1', authenticate(auth));
  a.use(mountRoutes(routes, { idempotency: (_q, _s, next) => next(), toProblem: (e) => e, audit: trail }));
  a.use(problemHandler());
  return a;
}

const token = (roles: ('agent' | 'card_processor')[]) => mintToken(auth, { subject: 'u-1', roles });

describe('the audit trail', () => {
  it('records a read with who, the role acted in, the ids asked for, the customer answered about and the correlation id', async () => {
    const f = fakeCollection();
    const trail = new AuditTrail(f.collection, { service: 'ledger', logger });
    await request(app(trail))
      .get('/v1/accounts/acc-1')
      .set('authorization', `Bearer ${await token(['agent'])}`)
      .set('x-correlation-id', 'corr-1')
      .expect(200);
    await trail.flush();
    expect(f.stored).toHaveLength(1);
    expect(f.stored[0]).toMatchObject({
      service: 'ledger',
      subject: 'u-1',
      roles: ['agent'],
      actingRole: 'agent',
      method: 'GET',
      route: '/v1/accounts/:accountId',
      resource: { accountId: 'acc-1' },
      customerIds: ['cus-7'],
      status: 200,
      correlationId: 'corr-1',
    });
    const kept = f.stored[0]!.expiresAt.getTime() - f.stored[0]!.at.getTime();
    expect(kept).toBeGreaterThanOrEqual(730 * 86_400_000);
  });

  it('records a refused look (403) without an acting role, and nothing for an unauthenticated one (no one to name)', async () => {
    const f = fakeCollection();
    const trail = new AuditTrail(f.collection, { service: 'ledger', logger });
    await request(app(trail))
      .get('/v1/accounts/acc-2')
      .set('authorization', `Bearer ${await token(['card_processor'])}`)
      .expect(403);
    await request(app(trail)).get('/v1/accounts/acc-3').expect(401);
    await trail.flush();
    expect(f.stored).toHaveLength(1);
    expect(f.stored[0]).toMatchObject({ status: 403, actingRole: null, resource: { accountId: 'acc-2' } });
  });

  it('keeps records whose write failed and writes them on the next flush: none lost', async () => {
    const f = fakeCollection();
    const trail = new AuditTrail(f.collection, { service: 'ledger', logger });
    const a = app(trail);
    const bearer = `Bearer ${await token(['agent'])}`;
    await request(a).get('/v1/accounts/a1').set('authorization', bearer).expect(200);
    f.failOnce();
    await trail.flush();
    expect(f.stored).toHaveLength(0);
    await request(a).get('/v1/accounts/a2').set('authorization', bearer).expect(200);
    await trail.flush();
    expect(f.stored.map((r) => r.resource.accountId)).toEqual(['a1', 'a2']);
  });

  it('refuses a retention under two years', () => {
    expect(
      () => new AuditTrail(fakeCollection().collection, { service: 's', logger, retentionDays: 729 }),
    ).toThrow(/730 days/);
  });

  it('names the customers of an answer: its own customerId or its items’, at most 50', () => {
    expect(customersIn({ customerId: 'c1', other: 1 })).toEqual(['c1']);
    expect(
      customersIn({ items: [{ customerId: 'c1' }, { customerId: 'c2' }, { customerId: 'c1' }] }),
    ).toEqual(['c1', 'c2']);
    expect(
      customersIn({ items: Array.from({ length: 80 }, (_, i) => ({ customerId: `c${i}` })) }),
    ).toHaveLength(50);
    expect(customersIn(undefined)).toEqual([]);
    expect(customersIn('text')).toEqual([]);
  });

  it('documenting the audit route leaves the role list as it was (the generator adds null to a nullable enum’s values)', () => {
    const before = [...ROLES];
    const doc = openApiDocument(auditRoutes({} as AuditTrail, 'ledger'), {
      title: 't',
      version: '1',
      description: 'd',
    });
    expect(JSON.stringify(doc)).toContain('actingRole');
    expect([...ROLES]).toEqual(before);
    expect(Object.isFrozen(ROLES)).toBe(true);
  });

  it('after a failed write keeps exactly what did not land: everything when no document is named, a duplicate counted as written', () => {
    const batch = ['a', 'b', 'c'].map((id) => ({ _id: id }) as AuditRecord);
    const down = Object.assign(new Error('server selection timed out'), { writeErrors: [] });
    expect(notWritten(batch, down).map((r) => r._id)).toEqual(['a', 'b', 'c']);
    expect(notWritten(batch, new Error('socket timeout')).map((r) => r._id)).toEqual(['a', 'b', 'c']);
    const partial = Object.assign(new Error('bulk'), {
      writeErrors: [
        { index: 1, code: 11000 },
        { index: 2, code: 2 },
      ],
    });
    expect(notWritten(batch, partial).map((r) => r._id)).toEqual(['c']);
  });

  it('records only plain query id names: a caller cannot write a field name the store refuses', async () => {
    const f = fakeCollection();
    const trail = new AuditTrail(f.collection, { service: 'ledger', logger });
    await request(app(trail))
      .get('/v1/accounts/acc-9?customerId=cus-1&a.bId=x&%24xId=y&limit=5')
      .set('authorization', `Bearer ${await token(['agent'])}`)
      .expect(200);
    await trail.flush();
    expect(f.stored[0]?.resource).toEqual({ accountId: 'acc-9', customerId: 'cus-1' });
  });
});
