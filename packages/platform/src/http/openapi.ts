import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z, type ZodTypeAny } from 'zod';
import { PROBLEM_SCHEMA } from './problem';
import type { AnyRouteDef } from './route-table';

extendZodWithOpenApi(z);

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** A problem+json answer with one description per cause. */
export function problemResponse(description: string, headers?: Record<string, unknown>) {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: PROBLEM_REF } },
  };
}

/** Shared answers, in `components.responses`: the 405 has no operation of its own to be listed under. */
export const SHARED_RESPONSES = {
  MethodNotAllowed: problemResponse('The path exists, the method does not: `Allow` lists those it serves', {
    Allow: { description: 'e.g. GET, HEAD, POST', required: true, schema: { type: 'string' } },
  }),
};

/**
 * A schema or null. zod-to-openapi 7 writes `.nullable()` of a named schema
 * into the shared component (every use of it would then admit null); a
 * union with null keeps the component as it is.
 */
export function orNull<S extends ZodTypeAny>(schema: S) {
  return z.union([schema, z.null()]);
}

/**
 * Every status a route can answer: its declared successes and refusals, and
 * those the route table itself answers (authentication, role check,
 * validation, Idempotency-Key, body size, the error handler). Causes that
 * share a status share its description.
 */
function responsesOf(r: AnyRouteDef): Record<string, unknown> {
  const where = `${r.method.toUpperCase()} ${r.path}`;
  const successes: Record<string, unknown> = {};
  const refusals = new Map<number, string[]>();
  const refuse = (status: number, why: string) =>
    refusals.set(status, [...(refusals.get(status) ?? []), why]);
  const takesBody = r.method === 'post' || r.method === 'put';
  for (const [key, answer] of Object.entries(r.responses as Record<string, unknown>)) {
    const status = Number(key);
    if (typeof answer === 'string') {
      if (status < 400)
        throw new Error(`${where}: ${status} needs a body schema: reply(description, schema)`);
      refuse(status, answer);
      continue;
    }
    if (status >= 400) throw new Error(`${where}: ${status} is a refusal; describe it with a string`);
    const { description, body } = answer as { description: string; body: ZodTypeAny };
    successes[key] = {
      description,
      ...(r.idempotent ? { headers: { 'Idempotent-Replayed': REPLAYED } } : {}),
      content: { 'application/json': { schema: body } },
    };
  }
  refuse(401, 'No or invalid bearer token');
  refuse(403, `The caller has none of the roles ${r.roles.join(', ')}`);
  if (r.params || r.query || r.body) refuse(422, 'Request is not valid (`errors` names each field)');
  if (takesBody) refuse(422, 'Malformed JSON body');
  if (r.idempotent) {
    refuse(409, 'A request with the same Idempotency-Key is still in progress');
    refuse(422, 'Idempotency-Key reused with another body, or longer than 200 characters');
  }
  if (takesBody) refuse(413, 'Body over the size limit');
  refuse(500, 'Unexpected error (logged under the x-request-id)');
  const out: Record<string, unknown> = { ...successes };
  for (const [status, causes] of [...refusals].sort(([a], [b]) => a - b))
    out[String(status)] = problemResponse([...new Set(causes)].join('; '));
  return out;
}

const REPLAYED = {
  description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};

/** OpenAPI 3.1 for a route table, with bearer auth, each operation's roles (x-roles) and every status it answers. */
export function openApiDocument(
  routes: readonly AnyRouteDef[],
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const reg = new OpenAPIRegistry();
  reg.registerComponent('schemas', 'Problem', PROBLEM_SCHEMA);
  for (const [name, response] of Object.entries(SHARED_RESPONSES))
    reg.registerComponent('responses', name, response as never);
  const bearer = reg.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const r of routes) {
    reg.registerPath({
      method: r.method,
      path: r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
      summary: r.summary,
      description: `Roles: ${r.roles.join(', ')}.${r.idempotent ? ' Accepts Idempotency-Key.' : ''}`,
      tags: r.tags,
      security: [{ [bearer.name]: [] }],
      // Only the parts a route has: the generator walks every key it is given.
      request: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.idempotent ? { headers: z.object({ 'idempotency-key': z.string().max(200).optional() }) } : {}),
        ...(r.body ? { body: { content: { 'application/json': { schema: r.body } } } } : {}),
      },
      responses: responsesOf(r) as never,
      'x-roles': [...r.roles],
    } as never);
  }
  const doc = new OpenApiGeneratorV31(reg.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      ...info,
      description: `${info.description}\n\nA method a path does not serve answers 405 with \`Allow\` (components.responses.MethodNotAllowed).`,
    },
  });
  return nullInNullableEnums(doc) as Record<string, unknown>;
}

/**
 * zod-to-openapi 7 writes a nullable enum as `type: [string, null]` with an
 * `enum` that lacks null, which JSON Schema then refuses null for; and a
 * union with null lists `{type: null}` twice. Both mended in place.
 */
function nullInNullableEnums(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(nullInNullableEnums);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const types = Array.isArray(o.type) ? o.type : [o.type];
    if (Array.isArray(o.enum) && types.includes('null') && !o.enum.includes(null)) o.enum = [...o.enum, null]; // a new list: the schema's own values are shared with zod (and frozen for ROLES)
    if (Array.isArray(o.anyOf)) {
      const seen = new Set<string>();
      o.anyOf = o.anyOf.filter((s) => !seen.has(JSON.stringify(s)) && seen.add(JSON.stringify(s)));
    }
    Object.values(o).forEach(nullInNullableEnums);
  }
  return node;
}
