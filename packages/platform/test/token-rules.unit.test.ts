import { SignJWT } from 'jose';
import { z } from 'zod';
import {
  ConfigError,
  DEVELOPMENT_SIGNING_KEY,
  HttpProblem,
  PLATFORM_AUDIENCE,
  authConfigProblems,
  authConfigShape,
  mintToken,
  tokenVerifier,
  type AuthOptions,
} from '../src';

// The token rules of docs/adr/0019-token-rules.md.
const k1 = 'the-first-signing-key-long-enough-for-hs256';
const k2 = 'the-second-signing-key-long-enough-for-hs256';
const production: AuthOptions = {
  CARDLINE_PROFILE: 'production',
  SERVICE_NAME: 'ledger',
  AUTH_HS256_KEYS: [
    { kid: 'k2', secret: k2 },
    { kid: 'k1', secret: k1 },
  ],
  AUTH_ISSUER: 'cardline-test',
};
const bearer = (t: string) => `Bearer ${t}`;

/** The verifier's answer: the subject, or the 401's detail. */
async function outcome(o: AuthOptions, token: string): Promise<string> {
  try {
    return (await tokenVerifier(o)(bearer(token))).subject;
  } catch (err) {
    if (err instanceof HttpProblem) return `401 ${err.problem.detail ?? ''}`;
    throw err;
  }
}

const now = () => Math.floor(Date.now() / 1000);
const signed = (
  claims: { aud?: string[]; iat?: number; exp?: number },
  secret = k2,
  kid: string | null = 'k2',
) => {
  let jwt = new SignJWT({ roles: ['agent'] })
    .setProtectedHeader({ alg: 'HS256', ...(kid ? { kid } : {}) })
    .setSubject('agent-1')
    .setIssuer('cardline-test')
    .setAudience(claims.aud ?? ['gateway', 'ledger']);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(secret));
};

describe('token lifetime', () => {
  it('refuses a token without exp, without iat, living longer than the maximum age, or issued in the future', async () => {
    const t = now();
    const cases = [
      ['no exp', await signed({ iat: t })],
      ['no iat', await signed({ exp: t + 600 })],
      ['13 h', await signed({ iat: t, exp: t + 13 * 3600 })],
      ['iat in a day', await signed({ iat: t + 86_400, exp: t + 86_400 + 600 })],
    ] as const;
    for (const [what, token] of cases)
      expect({ what, got: await outcome(production, token) }).toEqual({
        what,
        got: expect.stringMatching(/^401/),
      });
    expect(await outcome(production, await signed({ iat: t, exp: t + 12 * 3600 }))).toBe('agent-1');
  });

  it('takes the maximum age from AUTH_MAX_TOKEN_AGE_S, and mintToken refuses to mint past it', async () => {
    const t = now();
    expect(
      await outcome({ ...production, AUTH_MAX_TOKEN_AGE_S: 900 }, await signed({ iat: t, exp: t + 1800 })),
    ).toBe('401 token lives longer than the 900 s allowed');
    await expect(
      mintToken(
        { ...production, AUTH_MAX_TOKEN_AGE_S: 900 },
        { subject: 'a', roles: ['agent'], ttlSeconds: 1800 },
      ),
    ).rejects.toThrow('AUTH_MAX_TOKEN_AGE_S is 900');
  });
});

describe('audience', () => {
  it('a service outside the local profile accepts its own audience only', async () => {
    const t = now();
    const forAud = (aud: string[]) => signed({ aud, iat: t, exp: t + 600 });
    expect(await outcome(production, await forAud(['gateway', 'ledger']))).toBe('agent-1');
    expect(await outcome(production, await forAud(['ledger']))).toBe('agent-1');
    expect(await outcome(production, await forAud(['gateway', 'cards']))).toMatch(
      /^401 invalid token: jwt_claim_validation_failed/,
    );
    expect(await outcome(production, await forAud([PLATFORM_AUDIENCE]))).toMatch(/^401/);
    expect(
      await outcome({ ...production, AUTH_AUDIENCE: 'https://cardline/ledger' }, await forAud(['ledger'])),
    ).toMatch(/^401/);
  });

  it('the local profile also accepts the platform audience, which mintToken uses by default', async () => {
    const local = { ...production, CARDLINE_PROFILE: 'local' as const };
    const token = await mintToken(local, { subject: 'dev-1', roles: ['agent'] });
    expect(await outcome(local, token)).toBe('dev-1');
    expect(await outcome(production, token)).toMatch(/^401/);
    const forLedger = await mintToken(production, {
      subject: 'p-1',
      roles: ['agent'],
      audience: ['gateway', 'ledger'],
    });
    expect(await outcome(production, forLedger)).toBe('p-1');
    expect(await outcome({ ...production, SERVICE_NAME: 'gateway' }, forLedger)).toBe('p-1');
    expect(await outcome({ ...production, SERVICE_NAME: 'cards' }, forLedger)).toMatch(/^401/);
  });
});

describe('key rotation by kid', () => {
  it('signs with the first key, verifies with every listed one, and refuses a retired or missing kid', async () => {
    const t = now();
    const minted = await mintToken(production, { subject: 'a-1', roles: ['agent'], audience: 'ledger' });
    expect(JSON.parse(Buffer.from(minted.split('.')[0] as string, 'base64url').toString())).toEqual({
      alg: 'HS256',
      kid: 'k2',
    });
    const byOldKey = await signed({ iat: t, exp: t + 600 }, k1, 'k1');
    expect(await outcome(production, byOldKey)).toBe('agent-1');
    const retired = { ...production, AUTH_HS256_KEYS: [{ kid: 'k2', secret: k2 }] };
    expect(await outcome(retired, byOldKey)).toBe('401 invalid token: jwks_no_matching_key');
    expect(await outcome(production, await signed({ iat: t, exp: t + 600 }, k2, null))).toMatch(/^401/);
    // A listed kid with another key's signature is a bad signature, not a key change.
    expect(await outcome(production, await signed({ iat: t, exp: t + 600 }, k1, 'k2'))).toMatch(
      /^401 invalid token: jws_signature_verification_failed/,
    );
  });

  it('reads AUTH_HS256_KEYS as kid:secret pairs, newest first, and refuses malformed lists', () => {
    const shape = z.object(authConfigShape);
    expect(shape.parse({ AUTH_HS256_KEYS: `k2:${k2},k1:${k1}` }).AUTH_HS256_KEYS).toEqual([
      { kid: 'k2', secret: k2 },
      { kid: 'k1', secret: k1 },
    ]);
    for (const bad of ['k2:short', `k2:${k2},k2:${k1}`, `:${k2}`, k2])
      expect(shape.safeParse({ AUTH_HS256_KEYS: bad }).success).toBe(false);
    expect(shape.parse({ AUTH_HS256_KEYS: '' }).AUTH_HS256_KEYS).toBeUndefined();
  });
});

describe('development settings outside the local profile', () => {
  // The identity provider's issuer unless a case says otherwise: the development one is refused too.
  const load = (env: Record<string, string>) =>
    authConfigProblems({
      SERVICE_NAME: 'ledger',
      ...z.object(authConfigShape).parse({ AUTH_ISSUER: 'https://idp.example/', ...env }),
    });

  it('the local profile (the default) runs on the committed development key', () => {
    expect(load({})).toEqual([]);
    expect(load({ AUTH_JWKS_URL: 'http://idp.local/jwks' })).toEqual([]);
  });

  it.each([
    [{}, 'AUTH_HS256_SECRET is the committed development signing key'],
    [
      { AUTH_HS256_SECRET: DEVELOPMENT_SIGNING_KEY },
      'AUTH_HS256_SECRET is the committed development signing key',
    ],
    [
      { AUTH_HS256_KEYS: `k2:${k2},k1:${DEVELOPMENT_SIGNING_KEY}` },
      'AUTH_HS256_KEYS: kid k1 is the committed development signing key',
    ],
    [{ AUTH_JWKS_URL: 'http://idp.example/jwks' }, 'AUTH_JWKS_URL must be https'],
    [
      { AUTH_HS256_SECRET: k1, AUTH_ISSUER: 'cardline-local' },
      'AUTH_ISSUER is the committed development token issuer',
    ],
    [{ AUTH_HS256_SECRET: k1, AUTH_ISSUER: '' }, 'AUTH_ISSUER is the committed development token issuer'],
  ])('refuses %j, naming the setting', (env, problem) => {
    const found = load({ CARDLINE_PROFILE: 'production', ...env });
    expect(found).toEqual([expect.stringContaining(problem)]);
    expect(found[0]).toContain('CARDLINE_PROFILE=production');
  });

  it('accepts real keys or an https JWKS URL (the development key then verifies nothing)', () => {
    expect(load({ CARDLINE_PROFILE: 'production', AUTH_HS256_SECRET: k1 })).toEqual([]);
    expect(load({ CARDLINE_PROFILE: 'production', AUTH_HS256_KEYS: `k1:${k1}` })).toEqual([]);
    expect(load({ CARDLINE_PROFILE: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toEqual([]);
  });

  it('a token verifier refuses to exist with them, so no service can start with them', () => {
    expect(() =>
      tokenVerifier({
        CARDLINE_PROFILE: 'production',
        SERVICE_NAME: 'ledger',
        AUTH_HS256_SECRET: DEVELOPMENT_SIGNING_KEY,
        AUTH_ISSUER: 'i',
      }),
    ).toThrow(ConfigError);
  });
});
