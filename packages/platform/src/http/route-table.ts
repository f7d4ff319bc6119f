import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z, AnyZodObject, ZodTypeAny } from 'zod';
import { randomUUID } from 'node:crypto';
import type { EventContext } from '../events/envelope';
import { actingRole, requireRole, type Principal, type Role } from './auth';
import { parse } from './validate';
import { problems } from './problem';
import { auditRequests, customersIn, type AuditTrail } from './audit-trail';

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

/** What mountRoutes sends: a status, a JSON body (none when undefined) and an optional Location. */
export interface RouteResult {
  status: number;
  body: unknown;
  location?: string;
}

/** A success answer: what it means and the zod schema of its JSON body, which the OpenAPI schema comes from. */
export interface Reply<S extends ZodTypeAny = ZodTypeAny> {
  description: string;
  body: S;
}

/** `201: reply('The new account', AccountSchema)` in a route's responses. */
export function reply<S extends ZodTypeAny>(description: string, body: S): Reply<S> {
  return { description, body };
}

/**
 * Status → its answer: a Reply for a success, the description of a refusal
 * (problem+json) otherwise. The route table adds the statuses every route of
 * its kind can answer (openapi.ts).
 */
export type Responses = Readonly<Record<number, Reply | string>>;

/** The body type of a success status: never for a refusal, so a handler cannot answer one. */
export type BodyOf<A> = A extends Reply<infer S> ? z.input<S> : never;

/**
 * One HTTP route, declared once: path, roles, request schemas, responses and
 * the handler. The same declaration mounts the express route (role check,
 * Idempotency-Key, validation) and writes the OpenAPI operation, so the
 * document cannot drift from what the service enforces. The handler's answer
 * is checked against the response schemas: an undeclared status or a missing
 * or mistyped field does not compile; a field the schema lacks fails the
 * response tests (response schemas are strict).
 */
export interface RouteDef<
  P extends AnyZodObject | undefined,
  B extends ZodTypeAny | undefined,
  Q extends AnyZodObject | undefined,
  R extends Responses,
  S extends keyof R,
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
  /** The successes (reply()) and the refusals this route's handler answers. */
  responses: R;
  tags?: string[];
  // S is its own parameter so that TypeScript keeps the handler's status literal (200, not number).
  handle: (
    input: RouteInput<Infer<P>, Infer<B>, Infer<Q>>,
  ) => Promise<{ status: S; body: BodyOf<R[S]>; location?: string }>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteDef = RouteDef<any, any, any, any, any>;

/** Identity with inference: route({...}) types the handler's input and answer from its schemas. */
export function route<
  P extends AnyZodObject | undefined = undefined,
  B extends ZodTypeAny | undefined = undefined,
  Q extends AnyZodObject | undefined = undefined,
  R extends Responses = Responses,
  S extends keyof R = keyof R,
>(def: RouteDef<P, B, Q, R, S>): AnyRouteDef {
  return def as AnyRouteDef;
}

export interface MountOptions {
  /** Stores and replays responses for Idempotency-Key (the platform idempotency middleware). */
  idempotency: RequestHandler;
  /** Maps a service's domain errors to HttpProblems; others pass through. */
  toProblem: (err: unknown) => unknown;
  /** Records every authenticated request, refusals included, with the customers its answer named. */
  audit?: AuditTrail;
}

/**
 * Express router for a route table. Mount it after authenticate(). A known
 * path asked with a method it does not declare answers 405 with `Allow`
 * (HEAD comes with GET; OPTIONS is left to express, which answers with Allow).
 */
export function mountRoutes(routes: readonly AnyRouteDef[], o: MountOptions): Router {
  const router = Router();
  const methods = new Map<string, string[]>();
  for (const r of routes) {
    methods.set(r.path, [...(methods.get(r.path) ?? []), r.method]);
    const handlers: RequestHandler[] = [];
    if (o.audit) handlers.push(auditRequests(o.audit, r.path, (p) => actingRole(p, r.roles)));
    handlers.push(requireRole(...r.roles));
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
        const out = (await r.handle(input)) as RouteResult;
        res.locals.auditCustomers = customersIn(out.body);
        if (out.location) res.location(out.location);
        if (out.body === undefined) res.status(out.status).end();
        else res.status(out.status).json(out.body);
      };
      run().catch((err: unknown) => next(o.toProblem(err)));
    });
    router[r.method](r.path, ...handlers);
  }
  // After every route, so these only see the methods no route of the path took.
  for (const [path, declared] of methods) router.all(path, methodNotAllowed(declared));
  return router;
}

function methodNotAllowed(declared: string[]): RequestHandler {
  const allow = allowHeader(declared);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    res.setHeader('Allow', allow);
    next(problems.methodNotAllowed(`${req.method} is not served on ${req.path}; allowed: ${allow}`));
  };
}

/** The methods a path serves, as the Allow header lists them. */
function allowHeader(declared: readonly string[]): string {
  const methods = declared.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()]));
  return [...new Set(methods)].join(', ');
}

export function eventContext(req: Request): EventContext {
  return {
    correlationId: req.header('x-correlation-id') ?? randomUUID(),
    causationId: req.header('x-request-id') ?? null,
  };
}

export { SHARED_RESPONSES, openApiDocument, orNull, problemResponse } from './openapi';
