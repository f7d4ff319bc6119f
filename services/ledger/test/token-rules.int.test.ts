import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { DEVELOPMENT_ISSUER, PLATFORM_AUDIENCE } from '@cardline/platform';
import { stopAfterFile } from '../../../test/support/teardown';
import { http, startTestLedger } from './support';

// issue 16 item 2 on a running service (docs/adr/0019-token-rules.md): a
// token must carry exp, live no longer than AUTH_MAX_TOKEN_AGE_S, name this
// service's audience, and be signed by a key whose kid is still listed
// (AUTH_HS256_KEYS) or published (the identity provider's JWKS). Every
// refusal has a twin that differs in that one respect and is accepted.

const MAX_AGE_S = 600;
const current = { kid: 'k2', secret: randomBytes(32).toString('hex') };
const previous = { kid: 'k1', secret: randomBytes(32).toString('hex') };
const retired = { kid: 'k0', secret: randomBytes(32).toString('hex') };

let byKeys: Awaited<ReturnType<typeof startTestLedger>>;
let byJwks: Awaited<ReturnType<typeof startTestLedger>>;
let jwksServer: Server;
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwks: { current: PrivateKey; previous: PrivateKey; unpublished: PrivateKey };

const now = () => Math.floor(Date.now() / 1000);

/** Claims of an agent's token for the ledger; `over` replaces or (undefined) drops any of them. */
function claims(over: Partial<Record<keyof JWTPayload | 'roles', unknown>> = {}): JWTPayload {
  const c: Record<string, unknown> = {
    sub: `agent-${randomBytes(4).toString('hex')}`,
    roles: ['agent'],
    iss: DEVELOPMENT_ISSUER,
    aud: 'ledger',
    iat: now(),
    exp: now() + 300,
    ...over,
  };
  for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  return c as JWTPayload;
}

const hs256 = (key: { kid: string; secret: string }, c: JWTPayload) =>
  new SignJWT(c)
    .setProtectedHeader({ alg: 'HS256', kid: key.kid })
    .sign(new TextEncoder().encode(key.secret));

const es256 = (kid: string, key: PrivateKey, c: JWTPayload) =>
  new SignJWT(c).setProtectedHeader({ alg: 'ES256', kid }).sign(key);

/** What the ledger answers a read with this token: 404 (no such account) once the token is accepted. */
async function read(ledger: { url: string }, token: string) {
  const r = await http('GET', `${ledger.url}/v1/accounts/acc-none/cards`, undefined, {
    authorization: `Bearer ${token}`,
  });
  return { status: r.status, detail: r.json?.detail as string | undefined };
}

beforeAll(async () => {
  const [cur, prev, unpublished] = await Promise.all([
    generateKeyPair('ES256'),
    generateKeyPair('ES256'),
    generateKeyPair('ES256'),
  ]);
  jwks = { current: cur.privateKey, previous: prev.privateKey, unpublished: unpublished.privateKey };
  // The identity provider publishes its current key and the one it rotated away from.
  const body = JSON.stringify({
    keys: [
      { ...(await exportJWK(cur.publicKey)), kid: 'idp-2', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(prev.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' },
    ],
  });
  jwksServer = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(body),
  );
  stopAfterFile({ stop: () => new Promise((r) => jwksServer.close(r)) }, 'jwks server');
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  const { port } = jwksServer.address() as { port: number };
  // http is allowed in the local profile only (the production profile refuses it: test/production-profile.int.test.ts).
  [byKeys, byJwks] = await Promise.all([
    startTestLedger({
      AUTH_HS256_KEYS: `${current.kid}:${current.secret},${previous.kid}:${previous.secret}`,
      AUTH_MAX_TOKEN_AGE_S: String(MAX_AGE_S),
    }),
    startTestLedger({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks` }),
  ]);
});

afterAll(async () => {
  await Promise.all([byKeys?.stop(), byJwks?.stop()]);
});

it('a token without exp is refused with 401; the same token with exp is accepted', async () => {
  expect(await read(byKeys, await hs256(current, claims({ exp: undefined })))).toEqual({
    status: 401,
    detail: expect.stringMatching(/^invalid token: jwt_claim_validation_failed/),
  });
  expect((await read(byKeys, await hs256(current, claims()))).status).toBe(404);
});

it('a token living longer than the maximum age is refused with 401, one within it accepted', async () => {
  const tooLong = claims({ exp: now() + MAX_AGE_S + 60 });
  expect(await read(byKeys, await hs256(current, tooLong))).toEqual({
    status: 401,
    detail: `token lives longer than the ${MAX_AGE_S} s allowed`,
  });
  expect((await read(byKeys, await hs256(current, claims({ exp: now() + MAX_AGE_S - 60 })))).status).toBe(
    404,
  );
});

it("a token for another service's audience is refused with 401; a list naming the ledger is accepted", async () => {
  for (const aud of ['cards', ['gateway', 'cards']])
    expect(await read(byKeys, await hs256(current, claims({ aud })))).toEqual({
      status: 401,
      detail: expect.stringMatching(/^invalid token: jwt_claim_validation_failed/),
    });
  expect(await read(byKeys, await hs256(current, claims({ aud: ['gateway', 'ledger'] })))).toMatchObject({
    status: 404,
  });
  // The platform audience is the local profile's (docs/adr/0019-token-rules.md).
  expect((await read(byKeys, await hs256(current, claims({ aud: PLATFORM_AUDIENCE })))).status).toBe(404);
});

it('HS256 rotation: the previous kid still verifies, a retired kid and a wrong secret do not', async () => {
  expect((await read(byKeys, await hs256(previous, claims()))).status).toBe(404);
  expect(await read(byKeys, await hs256(retired, claims()))).toEqual({
    status: 401,
    detail: 'invalid token: jwks_no_matching_key',
  });
  // The previous kid with another secret: the kid picks the key, the signature must match it.
  expect(await read(byKeys, await hs256({ kid: previous.kid, secret: retired.secret }, claims()))).toEqual({
    status: 401,
    detail: 'invalid token: jws_signature_verification_failed',
  });
});

it('JWKS rotation: a token signed with the previous, still published key is accepted; an unknown kid refused', async () => {
  expect((await read(byJwks, await es256('idp-2', jwks.current, claims()))).status).toBe(404);
  expect((await read(byJwks, await es256('idp-1', jwks.previous, claims()))).status).toBe(404);
  expect(await read(byJwks, await es256('idp-0', jwks.unpublished, claims()))).toEqual({
    status: 401,
    detail: 'invalid token: jwks_no_matching_key',
  });
  // A published kid on another key's signature, and the shared-secret kind of token: both refused.
  expect((await read(byJwks, await es256('idp-1', jwks.unpublished, claims()))).status).toBe(401);
  expect((await read(byJwks, await hs256(current, claims()))).status).toBe(401);
});
