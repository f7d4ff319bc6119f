import { z } from 'zod';
import { openApiDocument, orNull, reply, route } from '@cardline/platform';
import { mergeOpenApi } from '../services/gateway/src/openapi';
import { ResponseChecker, type ObservedResponse, type OpenApiDoc } from './support/openapi';

// The checker the response tests rely on refuses what the document does not
// promise: without this, a test that validates nothing would pass.

const Thing = z
  .object({
    id: z.string(),
    kind: z.enum(['A', 'B']).nullable(),
    at: z.string().datetime(),
    owner: orNull(z.object({ id: z.string() }).strict().openapi('Owner')),
  })
  .strict()
  .openapi('Thing');

const routes = [
  route({
    method: 'get',
    path: '/v1/things/:id',
    summary: 'A thing',
    roles: ['agent'],
    params: z.object({ id: z.string() }),
    responses: { 200: reply('The thing', Thing), 404: 'No such thing' },
    handle: async ({ params }) => ({
      status: 200,
      body: { id: params.id, kind: null, at: new Date(0).toISOString(), owner: null },
    }),
  }),
  route({
    method: 'post',
    path: '/v1/things/:id',
    summary: 'Change a thing',
    roles: ['agent'],
    idempotent: true,
    params: z.object({ id: z.string() }),
    body: z.object({ kind: z.enum(['A', 'B']) }).strict(),
    responses: { 200: reply('The thing', Thing) },
    handle: async ({ params, body }) => ({
      status: 200,
      body: { id: params.id, kind: body.kind, at: new Date(0).toISOString(), owner: { id: 'o-1' } },
    }),
  }),
];
const doc = openApiDocument(routes, { title: 't', version: '1', description: '' }) as OpenApiDoc;

const thing = { id: 't-1', kind: 'A', at: '2026-01-01T00:00:00.000Z', owner: { id: 'o-1' } };
const res = (over: Partial<ObservedResponse> & { headers?: Record<string, string> }): ObservedResponse => ({
  method: 'GET',
  path: '/v1/things/t-1',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: thing,
  header: (n) => over.headers?.[n.toLowerCase()] ?? null,
  ...over,
});
const check = (r: ObservedResponse, d: OpenApiDoc = doc) => new ResponseChecker(d).check(r);

describe('the response checker', () => {
  it('passes a response the document promises, null in a nullable enum and a named schema or null included', () => {
    expect(check(res({}))).toEqual([]);
    expect(check(res({ body: { ...thing, kind: null, owner: null } }))).toEqual([]);
    expect(
      check(
        res({
          status: 404,
          contentType: 'application/problem+json',
          body: { type: 'https://x/y', title: 'No', status: 404 },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a field the schema lacks, a missing one, a wrong type or format and a value outside the enum', () => {
    expect(check(res({ body: { ...thing, extra: 1 } })).join()).toContain(
      'must NOT have additional properties',
    );
    const { at: _at, ...noAt } = thing;
    expect(check(res({ body: noAt })).join()).toContain("must have required property 'at'");
    expect(check(res({ body: { ...thing, id: 7 } })).join()).toContain('/id must be string');
    expect(check(res({ body: { ...thing, at: 'yesterday' } })).join()).toContain(
      'must match format "date-time"',
    );
    expect(check(res({ body: { ...thing, kind: 'C' } })).join()).toContain(
      '/kind must be equal to one of the allowed values',
    );
    expect(check(res({ body: { ...thing, owner: { id: 'o', name: 'x' } } })).join()).toContain(
      'additional properties',
    );
  });

  it('refuses a status the operation does not document, and a content type its status does not have', () => {
    expect(check(res({ status: 201 })).join()).toContain('201 is not documented for GET /v1/things/{id}');
    expect(check(res({ contentType: 'text/html' })).join()).toContain('content type "text/html"');
    expect(check(res({ status: 404, body: { type: 'x' } })).join()).toContain(
      'content type "application/json"',
    );
  });

  it('requires a 405 with the path’s methods in Allow for a method the path does not serve', () => {
    const problem = { type: 'https://x/y', title: 'No', status: 405 };
    const p405 = { method: 'DELETE', status: 405, contentType: 'application/problem+json', body: problem };
    expect(check(res({ ...p405, headers: { allow: 'GET, HEAD, POST' } }))).toEqual([]);
    expect(check(res({ ...p405, headers: { allow: 'GET' } })).join()).toContain('Allow is "GET"');
    expect(check(res(p405)).join()).toContain('header Allow is missing');
    expect(check(res({ method: 'DELETE', status: 404 })).join()).toContain('must answer 405');
  });

  it('requires a 404 problem for a path the document does not have', () => {
    const problem = { type: 'https://x/y', title: 'No', status: 404 };
    expect(
      check(
        res({ path: '/v1/nothing', status: 404, contentType: 'application/problem+json', body: problem }),
      ),
    ).toEqual([]);
    expect(check(res({ path: '/v1/nothing', status: 200 })).join()).toContain('has no path /v1/nothing');
  });

  it('requires the headers the document makes required: Retry-After on the gateway’s 429', () => {
    const merged = mergeOpenApi([{ name: 'things', doc }], [], {
      bodyLimitBytes: 1,
      limitPerMinute: 1,
      timeoutMs: 1,
    });
    const limited = res({
      path: '/things/v1/things/t-1',
      status: 429,
      contentType: 'application/problem+json',
      body: { type: 'https://x/y', title: 'Too many', status: 429 },
    });
    expect(check(limited, merged as OpenApiDoc).join()).toContain('header Retry-After is missing');
    expect(
      check({ ...limited, header: (n) => (n === 'Retry-After' ? '3' : null) }, merged as OpenApiDoc),
    ).toEqual([]);
  });

  it('lists the operations no checked response answered', () => {
    const checker = new ResponseChecker(doc);
    checker.check(res({}));
    expect(checker.unchecked()).toEqual(['POST /v1/things/{id}']);
  });
});
