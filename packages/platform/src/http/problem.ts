import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';
import type { DomainErrorCode } from '../domain/domain-error';

/** RFC 9457 problem details; `type` is a stable URI clients may switch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const BASE = 'https://cardline.dev/problems/';

export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
  }
}

export const problems = {
  validation: (detail: string, errors: unknown[] = []) =>
    new HttpProblem({
      type: `${BASE}validation`,
      title: 'Request is not valid',
      status: 422,
      detail,
      errors,
    }),
  notFound: (detail: string) =>
    new HttpProblem({ type: `${BASE}not-found`, title: 'Resource not found', status: 404, detail }),
  conflict: (detail: string, ext: Record<string, unknown> = {}) =>
    new HttpProblem({
      type: `${BASE}conflict`,
      title: 'Conflicts with the current state',
      status: 409,
      detail,
      ...ext,
    }),
  unauthorized: (detail: string) =>
    new HttpProblem({ type: `${BASE}unauthorized`, title: 'Authentication required', status: 401, detail }),
  forbidden: (detail: string) =>
    new HttpProblem({ type: `${BASE}forbidden`, title: 'Not allowed for this role', status: 403, detail }),
  idempotencyMismatch: (detail: string) =>
    new HttpProblem({
      type: `${BASE}idempotency-key-reused`,
      title: 'Idempotency-Key reused with another request',
      status: 422,
      detail,
    }),
  inProgress: (detail: string) =>
    new HttpProblem({
      type: `${BASE}request-in-progress`,
      title: 'Same request still in progress',
      status: 409,
      detail,
    }),
  payloadTooLarge: (detail: string) =>
    new HttpProblem({
      type: `${BASE}payload-too-large`,
      title: 'Request body too large',
      status: 413,
      detail,
    }),
  methodNotAllowed: (detail: string) =>
    new HttpProblem({
      type: `${BASE}method-not-allowed`,
      title: 'Method not allowed on this path',
      status: 405,
      detail,
    }),
  internal: () => new HttpProblem({ type: `${BASE}internal`, title: 'Internal error', status: 500 }),
};

/**
 * The JSON Schema of a problem body, for OpenAPI documents. Open to
 * extensions (RFC 9457 §3.2): a refusal may add members, e.g. cards'
 * `currentStatus`.
 */
export const PROBLEM_SCHEMA = {
  type: 'object' as const,
  description: 'RFC 9457 problem details; `type` is stable',
  properties: {
    type: { type: 'string' as const, format: 'uri' },
    title: { type: 'string' as const },
    status: { type: 'integer' as const },
    detail: { type: 'string' as const },
    instance: { type: 'string' as const },
    errors: {
      type: 'array' as const,
      description: 'On a 422: each invalid field',
      items: {
        type: 'object' as const,
        properties: {
          path: { type: 'string' as const, description: 'e.g. body.amount' },
          message: { type: 'string' as const },
          code: { type: 'string' as const },
        },
        required: ['path', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
};

/**
 * The HTTP meaning of a domain refusal, by the codes the services' deciders
 * use: unknown → 404, exists or not allowed in this state → 409, not this
 * caller's to decide → 403, invalid → 422.
 */
export function domainProblem(
  code: DomainErrorCode,
  detail: string,
  ext: Record<string, unknown> = {},
): HttpProblem {
  switch (code) {
    case 'NOT_FOUND':
      return problems.notFound(detail);
    case 'ALREADY_EXISTS':
    case 'INVALID_STATE':
      return problems.conflict(detail, ext);
    case 'FORBIDDEN':
      return problems.forbidden(detail);
    case 'INVALID':
      return problems.validation(detail);
  }
}

export function fromZod(err: ZodError, where: 'body' | 'query' | 'params'): HttpProblem {
  return problems.validation(
    `invalid ${where}`,
    err.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message, code: i.code })),
  );
}

export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/** Last middleware: everything becomes problem+json; internals are logged, not leaked. */
export function problemHandler() {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof HttpProblem) return sendProblem(res, { ...err.problem, instance: req.originalUrl });
    const e = err as { type?: string; status?: number; message?: string };
    // express.json() errors: malformed JSON and oversized bodies.
    if (e.type === 'entity.parse.failed')
      return sendProblem(res, {
        ...problems.validation(`malformed JSON: ${e.message}`).problem,
        instance: req.originalUrl,
      });
    // A body in an encoding or charset the server does not read is the client's to fix, not a fault.
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return sendProblem(res, {
        type: 'https://cardline.dev/problems/unsupported-media-type',
        title: 'Unsupported media type',
        status: 415,
        detail: String(e.message),
        instance: req.originalUrl,
      });
    if (e.type === 'entity.too.large')
      return sendProblem(res, {
        ...problems.payloadTooLarge(String(e.message)).problem,
        instance: req.originalUrl,
      });
    req.log?.error({ err }, 'unhandled error');
    sendProblem(res, { ...problems.internal().problem, instance: req.originalUrl });
  };
}
