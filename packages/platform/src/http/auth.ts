import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../runtime/config';
import {
  DEFAULT_MAX_TOKEN_AGE_S,
  PLATFORM_AUDIENCE,
  acceptedAudiences,
  authConfigProblems,
  hs256Keys,
  type AuthOptions,
} from './auth-settings';
import { z } from 'zod';
import { problems } from './problem';

/**
 * The roles of docs/domain.md#privacy-and-security. Frozen: a schema
 * library that edits an enum's value list in place (zod-to-openapi adds null
 * for a nullable enum) would otherwise add a role for every later reader.
 */
export const ROLES = Object.freeze([
  'agent',
  'supervisor',
  'dispute_analyst',
  'collector',
  // Reads the collections contact gate's decision log and sales' consent records (docs/domain.md#privacy-and-security).
  'compliance',
  'sales_agent',
  'underwriter',
  'data_reader',
  'admin',
  // Not a person: the chat bot, IVR and WeChat/email/SMS adapters posting what customers send (ADR 0011).
  'channel_adapter',
  // Not a person: the card processor posting authorisations, payments and refunds to the ledger
  // (the demo traffic generator stands in for it).
  'card_processor',
] as const);
export type Role = (typeof ROLES)[number];

/** Who is calling: every action is attributable to an agent and a role. */
export interface Principal {
  subject: string;
  roles: Role[];
  name?: string;
  /**
   * The one channel a channel adapter's token is for (its `channel` claim):
   * ticketing lets it post and answer surveys there only (docs/adr/0023-least-privilege-operations.md).
   */
  channel?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

const Claims = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  name: z.string().optional(),
  channel: z.string().min(1).optional(),
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
 * The key for a token's header: HS256 by kid (a kid no longer listed is
 * retired and refused; a single AUTH_HS256_SECRET takes any), or the
 * identity provider's JWKS, which jose also picks by kid.
 */
function verificationKey(o: AuthOptions): { key: JWTVerifyGetKey; algorithms: string[] } {
  if (o.AUTH_JWKS_URL)
    return { key: createRemoteJWKSet(new URL(o.AUTH_JWKS_URL)), algorithms: ['RS256', 'ES256', 'EdDSA'] };
  const keys = hs256Keys(o).map((k) => ({ kid: k.kid, key: new TextEncoder().encode(k.secret) }));
  const only = keys.length === 1 ? keys[0] : undefined;
  const single = only && only.kid === undefined ? only.key : undefined;
  return {
    algorithms: ['HS256'],
    key: (header) => {
      const found = single ?? keys.find((k) => k.kid !== undefined && k.kid === header.kid)?.key;
      if (!found) throw new joseErrors.JWKSNoMatchingKey(`no key with kid ${header.kid ?? '(none)'}`);
      return found;
    },
  };
}

/**
 * The check behind `authenticate`, for callers outside express (the
 * gateway's proxy path): the principal of an `Authorization` header value, or
 * an HttpProblem 401. Answers at once, without a promise, for a token it has
 * already verified. Signature, issuer, this service's audience, `exp` and
 * `iat` required, and a lifetime within AUTH_MAX_TOKEN_AGE_S
 * (docs/adr/0019-token-rules.md). Throws a ConfigError for settings the
 * profile refuses, so no service starts with them.
 */
export function tokenVerifier(
  o: AuthOptions,
): (authorization: string | undefined) => Principal | Promise<Principal> {
  const refused = authConfigProblems(o);
  if (refused.length > 0) throw new ConfigError(`refused configuration: ${refused.join('; ')}`);
  const { key, algorithms } = verificationKey(o);
  const maxAge = o.AUTH_MAX_TOKEN_AGE_S ?? DEFAULT_MAX_TOKEN_AGE_S;
  const options = {
    issuer: o.AUTH_ISSUER,
    audience: acceptedAudiences(o),
    algorithms,
    requiredClaims: ['exp', 'iat'],
    // Also refuses an iat in the future, which would stretch a token's life past exp − iat.
    maxTokenAge: maxAge,
    clockTolerance: 30,
  };
  const verified = new VerifiedTokens();
  return (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) throw problems.unauthorized('send Authorization: Bearer <token>');
    const token = m[1];
    const known = verified.get(token, Date.now());
    if (known) return known;
    return jwtVerify(token, key, options).then(
      ({ payload }) => {
        const claims = Claims.safeParse(payload);
        if (!claims.success) throw problems.unauthorized('token lacks a subject or known roles');
        const exp = payload.exp as number;
        if (exp - (payload.iat as number) > maxAge)
          throw problems.unauthorized(`token lives longer than the ${maxAge} s allowed`);
        const principal: Principal = {
          subject: claims.data.sub,
          roles: claims.data.roles,
          name: claims.data.name,
          ...(claims.data.channel ? { channel: claims.data.channel } : {}),
        };
        verified.set(token, principal, exp * 1000, Date.now());
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

/**
 * Mints an HS256 token with the signing key (the first of AUTH_HS256_KEYS,
 * its kid in the header): dev CLI, tests, demo data. By default for this
 * config's own audience, else the platform one (accepted in the local
 * profile only); pass `audience` for the services a token is meant for.
 */
export async function mintToken(
  o: Pick<
    AuthOptions,
    'AUTH_HS256_SECRET' | 'AUTH_HS256_KEYS' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_MAX_TOKEN_AGE_S'
  >,
  claims: {
    subject: string;
    roles: Role[];
    name?: string;
    /** A channel adapter's channel (Principal.channel). */
    channel?: string;
    ttlSeconds?: number;
    audience?: string | string[];
  },
): Promise<string> {
  const signing = hs256Keys(o)[0];
  if (!signing) throw new Error('no HS256 key to sign with: set AUTH_HS256_KEYS or AUTH_HS256_SECRET');
  const ttl = claims.ttlSeconds ?? 3600;
  const maxAge = o.AUTH_MAX_TOKEN_AGE_S ?? DEFAULT_MAX_TOKEN_AGE_S;
  if (ttl > maxAge) throw new Error(`a ${ttl} s token would be refused: AUTH_MAX_TOKEN_AGE_S is ${maxAge}`);
  return new SignJWT({
    roles: claims.roles,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.channel ? { channel: claims.channel } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', ...(signing.kid ? { kid: signing.kid } : {}) })
    .setSubject(claims.subject)
    .setIssuer(o.AUTH_ISSUER)
    .setAudience(claims.audience ?? o.AUTH_AUDIENCE ?? PLATFORM_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(new TextEncoder().encode(signing.secret));
}
