import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import {
  authenticate,
  mintToken,
  mountRoutes,
  openApiDocument,
  problemHandler,
  problems,
  reply,
  route,
  type AuthOptions,
} from '../src';

const auth: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};

const routes = [
  route({
    method: 'post',
    path: '/v1/things/:id/poke',
    summary: 'Poke a thing',
    roles: ['agent'],
    idempotent: true,
    params: z.object({ id: z.string().regex(/^t\d+$/) }),
    body: z.object({ times: z.number().int().positive() }).strict(),
    responses: {
      200: reply(
        'Poked',
        z
          .object({
            id: z.string(),
            times: z.number().int(),
            actor: z.object({ id: z.string(), role: z.string() }).strict(),
            correlationId: z.string(),
          })
          .strict(),
      ),
      404: 'No such thing',
    },
    handle: async ({ params, body, actor, ctx }) => {
      if (params.id === 't0') throw new Error('gone');
      return {
        status: 200,
        body: { id: params.id, times: body.times, actor, correlationId: ctx.correlationId },
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/things',
    summary: 'List things',
    roles: ['agent', 'data_reader'],
    query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
    responses: { 200: reply('Things', z.object({ limit: z.number().int() }).strict()) },
    handle: async ({ query }) => ({ status: 200, body: { limit: query.limit } }),
  }),
];

function app() {
  const a = express();
  a.use(express.json());
  a.use(authenticate(auth));
  a.use(
    mountRoutes(routes, {
      idempotency: (_req, _res, next) => next(),
      toProblem: (err) => ((err as Error).message === 'gone' ? problems.notFound('thing gone') : err),
    }),
  );
  a.use(problemHandler());
  return a;
}

describe('route table', () => {
  it('validates, checks roles, records the actor and passes the correlation id on', async () => {
    const token = await mintToken(auth, { subject: 'agent-9', roles: ['agent'] });
    const ok = await request(app())
      .post('/v1/things/t1/poke')
      .set({ authorization: `Bearer ${token}`, 'x-correlation-id': 'corr-1' })
      .send({ times: 2 });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      id: 't1',
      times: 2,
      actor: { id: 'agent-9', role: 'agent' },
      correlationId: 'corr-1',
    });
    const bad = await request(app())
      .post('/v1/things/t1/poke')
      .set({ authorization: `Bearer ${token}` })
      .send({ times: 0 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('body.times');
    const gone = await request(app())
      .post('/v1/things/t0/poke')
      .set({ authorization: `Bearer ${token}` })
      .send({ times: 1 });
    expect(gone.status).toBe(404);
    const reader = await mintToken(auth, { subject: 'dr-1', roles: ['data_reader'] });
    expect(
      (
        await request(app())
          .post('/v1/things/t1/poke')
          .set({ authorization: `Bearer ${reader}` })
          .send({ times: 1 })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(app())
          .get('/v1/things?limit=3')
          .set({ authorization: `Bearer ${reader}` })
      ).body,
    ).toEqual({
      limit: 3,
    });
  });

  it('describes every route in OpenAPI 3.1 with its roles, bearer auth and problem responses', () => {
    const doc = openApiDocument(routes, { title: 't', version: '1', description: 'd' }) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const poke = doc.paths['/v1/things/{id}/poke']?.post as Record<string, unknown>;
    expect(poke['x-roles']).toEqual(['agent']);
    expect(poke.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(poke.responses as object).sort()).toEqual([
      '200',
      '401',
      '403',
      '404',
      '409',
      '413',
      '422',
      '500',
    ]);
    expect(JSON.stringify(poke.parameters)).toContain('idempotency-key');
    expect(doc.paths['/v1/things']?.get?.['x-roles']).toEqual(['agent', 'data_reader']);
  });
});
