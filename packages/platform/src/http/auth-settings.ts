import { z } from 'zod';
import { profileConfigShape, refuseDevelopmentValue, type Profile } from '../runtime/profile';

/** The committed HS256 key: only the local profile accepts it (docs/adr/0019-token-rules.md). */
export const DEVELOPMENT_SIGNING_KEY = 'cardline-local-development-signing-key-not-for-production';

/**
 * The issuer `npm run token` and the tests sign as: outside the local profile
 * a service needs its identity provider's own (docs/adr/0019-token-rules.md),
 * or anyone holding a development token's shape would pass the issuer check.
 */
export const DEVELOPMENT_ISSUER = 'cardline-local';

/**
 * The audience every service accepts in the local profile besides its own,
 * the one `npm run token` and the test helpers mint for. Outside the local
 * profile a service accepts only its own (docs/adr/0019-token-rules.md).
 */
export const PLATFORM_AUDIENCE = 'cardline-internal';

/** One HS256 key and its id; the first of a list signs, every listed one verifies. */
export interface Hs256Key {
  kid: string;
  secret: string;
}

// Compose files and shells pass VAR= to leave a setting unset.
const unsetIfEmpty = <T extends z.ZodTypeAny>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s);

/** `kid1:secret1,kid2:secret2`: the keys in use, newest first; a kid left out is retired. */
const hs256KeyList = z
  .string()
  .optional()
  .transform((v, ctx): Hs256Key[] | undefined => {
    if (v === undefined) return undefined;
    const keys = v.split(',').map((entry) => {
      const at = entry.indexOf(':');
      return at < 1
        ? { kid: '', secret: '' }
        : { kid: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
    });
    const bad = keys.filter((k) => !/^[\w.-]+$/.test(k.kid) || k.secret.length < 32);
    if (keys.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'a list kid:secret,… with ids of letters, digits, . _ - and secrets of at least 32 characters',
      });
      return z.NEVER;
    }
    if (new Set(keys.map((k) => k.kid)).size !== keys.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a kid appears twice' });
      return z.NEVER;
    }
    return keys;
  });

/** Longest lifetime (exp − iat) a token may declare by default: 12 h, one agent shift with its overlap. */
export const DEFAULT_MAX_TOKEN_AGE_S = 12 * 3600;

/** Settings shared by the gateway and every service that checks tokens. */
export const authConfigShape = {
  ...profileConfigShape,
  /** One HS256 key without a kid (local and test runs). AUTH_HS256_KEYS, when set, replaces it. */
  AUTH_HS256_SECRET: unsetIfEmpty(z.string().min(32).default(DEVELOPMENT_SIGNING_KEY)),
  AUTH_HS256_KEYS: unsetIfEmpty(hs256KeyList),
  /** The identity provider's key set; when set, only its asymmetric keys verify. */
  AUTH_JWKS_URL: unsetIfEmpty(z.string().url().optional()),
  AUTH_ISSUER: unsetIfEmpty(z.string().min(1).default(DEVELOPMENT_ISSUER)),
  /** This service's own audience; by default its SERVICE_NAME. */
  AUTH_AUDIENCE: unsetIfEmpty(z.string().min(1).optional()),
  AUTH_MAX_TOKEN_AGE_S: z.coerce.number().int().positive().default(DEFAULT_MAX_TOKEN_AGE_S),
};

export interface AuthOptions {
  CARDLINE_PROFILE?: Profile;
  /** The audience when AUTH_AUDIENCE is unset. */
  SERVICE_NAME?: string;
  AUTH_HS256_SECRET?: string;
  AUTH_HS256_KEYS?: Hs256Key[];
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE?: string;
  AUTH_MAX_TOKEN_AGE_S?: number;
}

/** The HS256 keys that verify, the signing one first. */
export function hs256Keys(o: AuthOptions): { kid?: string; secret: string }[] {
  if (o.AUTH_HS256_KEYS) return o.AUTH_HS256_KEYS;
  return o.AUTH_HS256_SECRET ? [{ secret: o.AUTH_HS256_SECRET }] : [];
}

/** The audiences a service accepts: its own, and the platform one in the local profile only. */
export function acceptedAudiences(o: AuthOptions): string[] {
  const own = o.AUTH_AUDIENCE ?? o.SERVICE_NAME;
  const local = (o.CARDLINE_PROFILE ?? 'local') === 'local';
  return [...(own ? [own] : []), ...(local && own !== PLATFORM_AUDIENCE ? [PLATFORM_AUDIENCE] : [])];
}

const signingKeyCheck = refuseDevelopmentValue('AUTH_HS256_SECRET', DEVELOPMENT_SIGNING_KEY, 'signing key');
const issuerCheck = refuseDevelopmentValue('AUTH_ISSUER', DEVELOPMENT_ISSUER, 'token issuer');

/**
 * What a profile other than local refuses in the token settings: the
 * development signing key wherever it would verify, a JWKS URL that is not
 * https, the development issuer, and no audience of its own. Run by loadConfig and again by every
 * token verifier, so no service starts without it.
 */
export function authConfigProblems(o: AuthOptions): string[] {
  const profile = o.CARDLINE_PROFILE ?? 'local';
  if (profile === 'local') return [];
  const problems: string[] = [];
  if (o.AUTH_JWKS_URL) {
    if (!o.AUTH_JWKS_URL.startsWith('https://'))
      problems.push(`AUTH_JWKS_URL must be https; CARDLINE_PROFILE=${profile} refuses ${o.AUTH_JWKS_URL}`);
  } else if (o.AUTH_HS256_KEYS) {
    for (const k of o.AUTH_HS256_KEYS)
      if (k.secret === DEVELOPMENT_SIGNING_KEY)
        problems.push(
          `AUTH_HS256_KEYS: kid ${k.kid} is the committed development signing key; CARDLINE_PROFILE=${profile} needs a real one`,
        );
  } else {
    problems.push(...signingKeyCheck(o));
  }
  problems.push(...issuerCheck(o));
  if (!o.AUTH_AUDIENCE && !o.SERVICE_NAME)
    problems.push(`AUTH_AUDIENCE: CARDLINE_PROFILE=${profile} needs this service's own audience`);
  return problems;
}
