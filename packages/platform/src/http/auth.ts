import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { problems } from './problem';

/** The roles of docs/domain.md#privacy-and-security. */
export const ROLES = [
  'agent',
  'supervisor',
  'dispute_analyst',
  'collector',
  'sales_agent',
  'underwriter',
  'compliance',
  'data_reader',
  'admin',
  // Not a person: the chat bot, IVR and WeChat/email/SMS adapters posting what customers send (ADR 0011).
  'channel_adapter',
  // Not a person: the card processor posting authorisations, payments and refunds to the ledger
  // (the demo traffic generator stands in for it).
  'card_processor',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: every action is attributable to an agent and a role. */
export interface Principal {
  subject: string;
  roles: Role[];
  name?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Settings shared by the gateway and every service that checks tokens. */
export const authConfigShape = {
  /** HS256 key for local and test runs. Production sets AUTH_JWKS_URL instead. */
  AUTH_HS256_SECRET: z.string().min(32).default('cardline-local-development-signing-key-not-for-production'),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().default('cardline-local'),
  AUTH_AUDIENCE: z.string().default('cardline-internal'),
};

export interface AuthOptions {
  AUTH_HS256_SECRET: string;
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}

const Claims = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  name: z.string().optional(),
});

/**
 * Tokens already verified, until they expire (at most a few minutes, so a
 * rotated JWKS key takes effect soon). An agent desktop sends the same token
 * on every call; checking its signature once instead of each time is most of
 * what authentication costs per request. Bounded: the oldest entry goes first.
 */
export class VerifiedTokens {
  private readonly byToken = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  get(token: string, now: number): Principal | undefined {
    const hit = this.byToken.get(token);
    if (!hit) return undefined;
    if (hit.until > now) return hit.principal;
    this.byToken.delete(token);
    return undefined;
  }

  set(token: string, principal: Principal, expiresAt: number, now: number): void {
    if (this.byToken.size >= this.maxEntries) {
      const oldest = this.byToken.keys().next().value;
      if (oldest !== undefined) this.byToken.delete(oldest);
    }
    // Shared by every request that carries this token: nobody may change it.
    Object.freeze(principal.roles);
    this.byToken.set(token, {
      principal: Object.freeze(principal),
      until: Math.min(expiresAt, now + this.maxAgeMs),
    });
  }

  get size(): number {
    return this.byToken.size;
  }
}

/**
 * Verifies `Authorization: Bearer <jwt>` (signature, issuer, audience,
 * expiry) and sets req.principal. Services check tokens themselves even
 * behind the gateway, so a call that bypasses it gains nothing.
 */
export function authenticate(o: AuthOptions): RequestHandler {
  const verify = tokenVerifier(o);
  return (req: Request, _res: Response, next: NextFunction) => {
    let got: Principal | Promise<Principal>;
    try {
      got = verify(req.header('authorization'));
    } catch (err) {
      next(err);
      return;
    }
    if (!(got instanceof Promise)) {
      req.principal = got;
      next();
      return;
    }
    got.then((p) => {
      req.principal = p;
      next();
    }, next);
  };
}

/**
 * The check behind `authenticate`, for callers outside express (the
 * gateway's proxy path): the principal of an `Authorization` header value, or
 * an HttpProblem 401. Answers at once, without a promise, for a token it has
 * already verified.
 */
export function tokenVerifier(
  o: AuthOptions,
): (authorization: string | undefined) => Principal | Promise<Principal> {
  const key: Uint8Array | JWTVerifyGetKey = o.AUTH_JWKS_URL
    ? createRemoteJWKSet(new URL(o.AUTH_JWKS_URL))
    : new TextEncoder().encode(o.AUTH_HS256_SECRET);
  const algorithms = o.AUTH_JWKS_URL ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'];
  const verified = new VerifiedTokens();
  return (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) throw problems.unauthorized('send Authorization: Bearer <token>');
    const token = m[1];
    const known = verified.get(token, Date.now());
    if (known) return known;
    // Two calls because jwtVerify's overloads take a key or a key getter, not their union.
    const verify =
      key instanceof Uint8Array
        ? jwtVerify(token, key, { issuer: o.AUTH_ISSUER, audience: o.AUTH_AUDIENCE, algorithms })
        : jwtVerify(token, key, { issuer: o.AUTH_ISSUER, audience: o.AUTH_AUDIENCE, algorithms });
    return verify.then(
      ({ payload }) => {
        const claims = Claims.safeParse(payload);
        if (!claims.success) throw problems.unauthorized('token lacks a subject or known roles');
        const principal: Principal = {
          subject: claims.data.sub,
          roles: claims.data.roles,
          name: claims.data.name,
        };
        if (payload.exp) verified.set(token, principal, payload.exp * 1000, Date.now());
        return principal;
      },
      (err: unknown) => {
        if (err instanceof joseErrors.JOSEError)
          throw problems.unauthorized(`invalid token: ${err.code.replace(/^ERR_/, '').toLowerCase()}`);
        throw err;
      },
    );
  };
}

/** Per-route role check, declared next to the route: 403 names the roles that may. */
export function requireRole(...allowed: Role[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const p = req.principal;
    if (!p) return next(problems.unauthorized('no authenticated principal'));
    if (p.roles.some((r) => allowed.includes(r))) return next();
    next(
      problems.forbidden(`requires one of the roles ${allowed.join(', ')}; you have ${p.roles.join(', ')}`),
    );
  };
}

/** The role an action is recorded under: the first of the caller's roles the route allowed. */
export function actingRole(p: Principal, allowed: readonly Role[]): Role {
  return p.roles.find((r) => allowed.includes(r)) ?? p.roles[0] ?? 'agent';
}

/** Mints an HS256 token (dev CLI, tests, demo data). Never used with a production key. */
export async function mintToken(
  o: Pick<AuthOptions, 'AUTH_HS256_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>,
  claims: { subject: string; roles: Role[]; name?: string; ttlSeconds?: number },
): Promise<string> {
  return new SignJWT({ roles: claims.roles, ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setIssuer(o.AUTH_ISSUER)
    .setAudience(o.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 3600}s`)
    .sign(new TextEncoder().encode(o.AUTH_HS256_SECRET));
}
