import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import {
  authenticate,
  mintToken,
  mountRoutes,
  openApiDocument,
  orNull,
  problemHandler,
  problems,
  reply,
  route,
  type AnyRouteDef,
  type AuthOptions,
} from '../src';

const auth: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};

const Owner = z.object({ id: z.string() }).strict().openapi('Owner');
const Thing = z
  .object({
    id: z.string(),
    kind: z.enum(['A', 'B']).nullable(),
    owner: orNull(Owner),
    owners: z.array(Owner),
  })
  .strict()
  .openapi('Thing');
const thing = (id: string) => ({ id, kind: null, owner: null, owners: [] });

const routes: AnyRouteDef[] = [
  route({
    method: 'get',
    path: '/v1/things',
    summary: 'Things',
    roles: ['agent'],
    responses: { 200: reply('Things', z.object({ items: z.array(Thing) }).strict()) },
    handle: async () => ({ status: 200, body: { items: [thing('t1')] } }),
  }),
  route({
    method: 'get',
    path: '/v1/things/:id',
    summary: 'A thing',
    roles: ['agent'],
    params: z.object({ id: z.string() }),
    responses: { 200: reply('The thing', Thing), 404: 'No such thing' },
    handle: async ({ params }) => ({ status: 200, body: thing(params.id) }),
  }),
  route({
    method: 'post',
    path: '/v1/things/:id',
    summary: 'Change a thing',
    roles: ['agent', 'supervisor'],
    idempotent: true,
    params: z.object({ id: z.string() }),
    body: z.object({ kind: z.enum(['A', 'B']) }).strict(),
    responses: { 200: reply('The thing', Thing), 404: 'No such thing', 409: 'Locked' },
    handle: async ({ params, body }) => ({ status: 200, body: { ...thing(params.id), kind: body.kind } }),
  }),
];

type Op = {
  responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content: Record<string, { schema: unknown }> }
  >;
};
const doc = openApiDocument(routes, { title: 't', version: '1', description: 'd' }) as {
  info: { description: string };
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, Record<string, unknown>>; responses: Record<string, unknown> };
};
const op = (path: string, method: string) => doc.paths[path]?.[method] as Op;

describe('the OpenAPI document of a route table', () => {
  it('lists every status a route answers: the route’s own and those of auth, validation, idempotency, body size and errors', () => {
    expect(Object.keys(op('/v1/things', 'get').responses)).toEqual(['200', '401', '403', '500']);
    expect(Object.keys(op('/v1/things/{id}', 'get').responses)).toEqual([
      '200',
      '401',
      '403',
      '404',
      '422',
      '500',
    ]);
    const post = op('/v1/things/{id}', 'post').responses;
    expect(Object.keys(post)).toEqual(['200', '401', '403', '404', '409', '413', '422', '500']);
    expect(post['409']?.description).toBe(
      'Locked; A request with the same Idempotency-Key is still in progress',
    );
    expect(post['422']?.description).toContain('Idempotency-Key reused with another body');
    expect(post['403']?.description).toBe('The caller has none of the roles agent, supervisor');
  });

  it('writes success bodies from their zod schemas and every refusal as the one Problem in problem+json', () => {
    const ok = op('/v1/things/{id}', 'get').responses['200'];
    expect(ok?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } });
    expect(doc.components.schemas.Thing).toMatchObject({
      type: 'object',
      required: ['id', 'kind', 'owner', 'owners'],
      additionalProperties: false,
    });
    expect(op('/v1/things/{id}', 'post').responses['200']?.headers).toHaveProperty('Idempotent-Replayed');
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, o] of Object.entries(item))
        for (const [status, r] of Object.entries(o.responses))
          if (Number(status) >= 400)
            expect({ at: `${method} ${path} ${status}`, content: r.content }).toEqual({
              at: `${method} ${path} ${status}`,
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            });
  });

  it('admits null in a nullable enum and keeps a named schema used as "or null" non-nullable', () => {
    const props = doc.components.schemas.Thing?.properties as Record<string, Record<string, unknown>>;
    expect(props.kind?.enum).toEqual(['A', 'B', null]);
    expect(props.owner).toEqual({ anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] });
    expect(doc.components.schemas.Owner?.type).toBe('object');
  });

  it('documents the 405 with Allow once, for the methods no operation is listed under', () => {
    expect(doc.components.responses.MethodNotAllowed).toMatchObject({
      headers: { Allow: { required: true } },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(doc.info.description).toContain('405');
  });

  it('refuses a success without a body schema and a refusal with one', () => {
    const bare = { method: 'get', path: '/x', summary: 'x', roles: ['agent'], handle: async () => ({}) };
    expect(() =>
      openApiDocument([{ ...bare, responses: { 200: 'OK' } } as unknown as AnyRouteDef], {
        title: 't',
        version: '1',
        description: '',
      }),
    ).toThrow('GET /x: 200 needs a body schema');
    expect(() =>
      openApiDocument([{ ...bare, responses: { 404: reply('gone', Thing) } } as unknown as AnyRouteDef], {
        title: 't',
        version: '1',
        description: '',
      }),
    ).toThrow('GET /x: 404 is a refusal');
  });
});

describe('a method a known path does not serve', () => {
  const app = express();
  app.use(express.json());
  app.use(authenticate(auth));
  app.use(mountRoutes(routes, { idempotency: (_req, _res, next) => next(), toProblem: (e) => e }));
  app.use((req, _res, next) => next(problems.notFound(`no route ${req.method} ${req.path}`)));
  app.use(problemHandler());
  const token = mintToken(auth, { subject: 'agent-1', roles: ['agent'] });
  const as = async () => ({ authorization: `Bearer ${await token}` });

  it('answers 405 problem+json with Allow listing the path’s methods, HEAD with GET', async () => {
    const del = await request(app)
      .delete('/v1/things/t1')
      .set(await as());
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD, POST');
    expect(del.type).toBe('application/problem+json');
    expect(del.body).toMatchObject({
      type: 'https://cardline.dev/problems/method-not-allowed',
      status: 405,
      instance: '/v1/things/t1',
    });
    const put = await request(app)
      .put('/v1/things')
      .set(await as())
      .send({});
    expect([put.status, put.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('still serves the declared methods, HEAD and OPTIONS; a path nobody declares stays 404; no token stays 401', async () => {
    expect(
      (
        await request(app)
          .get('/v1/things/t1')
          .set(await as())
      ).status,
    ).toBe(200);
    expect(
      (
        await request(app)
          .head('/v1/things/t1')
          .set(await as())
      ).status,
    ).toBe(200);
    const options = await request(app)
      .options('/v1/things/t1')
      .set(await as());
    expect([options.status, options.headers.allow]).toEqual([200, 'GET,HEAD,POST']);
    expect(
      (
        await request(app)
          .delete('/v1/nothing')
          .set(await as())
      ).status,
    ).toBe(404);
    expect((await request(app).delete('/v1/things/t1')).status).toBe(401);
  });
});
