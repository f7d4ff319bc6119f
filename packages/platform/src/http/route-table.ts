import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z, type AnyZodObject, type ZodTypeAny } from 'zod';
import { randomUUID } from 'node:crypto';
import type { EventContext } from '../events/envelope';
import { actingRole, requireRole, type Principal, type Role } from './auth';
import { parse } from './validate';
import { PROBLEM_SCHEMA } from './problem';

extendZodWithOpenApi(z);

type Infer<T> = T extends ZodTypeAny ? z.infer<T> : undefined;

export interface RouteInput<P, B, Q> {
  params: P;
  body: B;
  query: Q;
  principal: Principal;
  /** Who the action is recorded as: the caller and the role the route let them act in. */
  actor: { id: string; role: Role };
  /** Correlation from the caller (the gateway) or a new one; this request is the cause. */
  ctx: EventContext;
  req: Request;
}

export interface RouteResult {
  status: number;
  body: unknown;
  location?: string;
}

/**
 * One HTTP route, declared once: path, roles, request schemas, responses and
 * the handler. The same declaration mounts the express route (role check,
 * Idempotency-Key, validation) and writes the OpenAPI operation, so the
 * document cannot drift from what the service enforces.
 */
export interface RouteDef<
  P extends AnyZodObject | undefined,
  B extends ZodTypeAny | undefined,
  Q extends AnyZodObject | undefined,
> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express style: /v1/cards/:cardId */
  path: string;
  summary: string;
  roles: readonly Role[];
  params?: P;
  body?: B;
  query?: Q;
  /** Commands: a retry with the same Idempotency-Key replays the first answer. */
  idempotent?: boolean;
  /** Status → description; 401/403/422 are added for every route. */
  responses: Record<number, string>;
  tags?: string[];
  handle: (input: RouteInput<Infer<P>, Infer<B>, Infer<Q>>) => Promise<RouteResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteDef = RouteDef<any, any, any>;

/** Identity with inference: route({...}) types the handler's input from its schemas. */
export function route<
  P extends AnyZodObject | undefined = undefined,
  B extends ZodTypeAny | undefined = undefined,
  Q extends AnyZodObject | undefined = undefined,
>(def: RouteDef<P, B, Q>): AnyRouteDef {
  return def as AnyRouteDef;
}

export interface MountOptions {
  /** Stores and replays responses for Idempotency-Key (the platform idempotency middleware). */
  idempotency: RequestHandler;
  /** Maps a service's domain errors to HttpProblems; others pass through. */
  toProblem: (err: unknown) => unknown;
}

/** Express router for a route table. Mount it after authenticate(). */
export function mountRoutes(routes: readonly AnyRouteDef[], o: MountOptions): Router {
  const router = Router();
  for (const r of routes) {
    const handlers: RequestHandler[] = [requireRole(...r.roles)];
    if (r.idempotent) handlers.push(o.idempotency);
    handlers.push((req: Request, res: Response, next: NextFunction) => {
      const run = async () => {
        const principal = req.principal as Principal;
        const input = {
          params: r.params ? parse(r.params, req, 'params') : undefined,
          body: r.body ? parse(r.body, req, 'body') : undefined,
          query: r.query ? parse(r.query, req, 'query') : undefined,
          principal,
          actor: { id: principal.subject, role: actingRole(principal, r.roles) },
          ctx: eventContext(req),
          req,
        };
        const out = await r.handle(input);
        if (out.location) res.location(out.location);
        if (out.body === undefined) res.status(out.status).end();
        else res.status(out.status).json(out.body);
      };
      run().catch((err: unknown) => next(o.toProblem(err)));
    });
    router[r.method](r.path, ...handlers);
  }
  return router;
}

export function eventContext(req: Request): EventContext {
  return {
    correlationId: req.header('x-correlation-id') ?? randomUUID(),
    causationId: req.header('x-request-id') ?? null,
  };
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** OpenAPI 3.1 for a route table, with bearer auth and each operation's roles (x-roles). */
export function openApiDocument(
  routes: readonly AnyRouteDef[],
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const reg = new OpenAPIRegistry();
  reg.registerComponent('schemas', 'Problem', PROBLEM_SCHEMA);
  const bearer = reg.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const problem = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: PROBLEM_REF } },
  });
  for (const r of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(r.responses)) {
      responses[status] =
        Number(status) >= 400
          ? problem(description)
          : { description, content: { 'application/json': { schema: {} } } };
    }
    responses['401'] ??= problem('No or invalid bearer token');
    responses['403'] ??= problem(`Caller lacks the role (needs one of: ${r.roles.join(', ')})`);
    responses['422'] ??= problem('Request is not valid');
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
      responses: responses as never,
      'x-roles': [...r.roles],
    } as never);
  }
  const doc: unknown = new OpenApiGeneratorV31(reg.definitions).generateDocument({ openapi: '3.1.0', info });
  return doc as Record<string, unknown>;
}
