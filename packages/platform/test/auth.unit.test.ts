import express from 'express';
import request from 'supertest';
import { SignJWT } from 'jose';
import {
  authenticate,
  mintToken,
  problemHandler,
  requireRole,
  VerifiedTokens,
  type AuthOptions,
} from '../src';

const auth = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
} satisfies AuthOptions;

function app() {
  const a = express();
  a.use(authenticate(auth));
  a.get('/cards', requireRole('agent', 'supervisor'), (req, res) => {
    res.json({ principal: req.principal });
  });
  a.use(problemHandler());
  return a;
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('authenticate + requireRole', () => {
  it('lets a caller with an allowed role through, with the principal set', async () => {
    const token = await mintToken(auth, { subject: 'agent-1', roles: ['agent'], name: 'Ann' });
    const res = await request(app()).get('/cards').set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({ subject: 'agent-1', roles: ['agent'], name: 'Ann' });
  });

  it('carries a channel adapter’s channel claim into the principal (docs/adr/0023-least-privilege-operations.md)', async () => {
    const a = express();
    a.use(authenticate(auth));
    a.get('/who', (req, res) => {
      res.json({ principal: req.principal });
    });
    const token = await mintToken(auth, { subject: 'wx', roles: ['channel_adapter'], channel: 'WECHAT' });
    const res = await request(a).get('/who').set(bearer(token));
    expect(res.body.principal).toEqual({ subject: 'wx', roles: ['channel_adapter'], channel: 'WECHAT' });
    const without = await mintToken(auth, { subject: 'wx', roles: ['channel_adapter'] });
    expect((await request(a).get('/who').set(bearer(without))).body.principal).not.toHaveProperty('channel');
  });

  it('answers 401 problem+json without a token, with a malformed header, or a bad signature', async () => {
    const other = await mintToken(
      { ...auth, AUTH_HS256_SECRET: 'another-key-entirely-that-is-long-enough' },
      { subject: 'x', roles: ['admin'] },
    );
    for (const headers of [{}, { authorization: 'Basic abc' }, bearer(other), bearer('not.a.jwt')]) {
      const res = await request(app()).get('/cards').set(headers);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.type).toBe('https://cardline.dev/problems/unauthorized');
    }
  });

  it('answers 401 for an expired token, another audience or issuer, or unknown roles', async () => {
    const key = new TextEncoder().encode(auth.AUTH_HS256_SECRET);
    const base = () =>
      new SignJWT({ roles: ['agent'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('agent-1');
    const tokens = [
      await base().setIssuer(auth.AUTH_ISSUER).setAudience(auth.AUTH_AUDIENCE).setExpirationTime(1).sign(key),
      await base().setIssuer(auth.AUTH_ISSUER).setAudience('elsewhere').setExpirationTime('1h').sign(key),
      await base().setIssuer('someone').setAudience(auth.AUTH_AUDIENCE).setExpirationTime('1h').sign(key),
      await new SignJWT({ roles: ['wizard'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('agent-1')
        .setIssuer(auth.AUTH_ISSUER)
        .setAudience(auth.AUTH_AUDIENCE)
        .setExpirationTime('1h')
        .sign(key),
    ];
    for (const t of tokens) expect((await request(app()).get('/cards').set(bearer(t))).status).toBe(401);
  });

  it('answers 403 naming the roles that may, for a valid token with another role', async () => {
    const token = await mintToken(auth, { subject: 'dt-1', roles: ['data_reader'] });
    const res = await request(app()).get('/cards').set(bearer(token));
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('agent, supervisor');
  });
});

describe('VerifiedTokens (the verified-token cache)', () => {
  const principal = () => ({ subject: 'agent-1', roles: ['agent' as const] });

  it('answers until the token expires, and never past the maximum age', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.set('t1', principal(), 30_000, 0);
    cache.set('t2', principal(), 10 * 60_000, 0);
    expect(cache.get('t1', 29_999)?.subject).toBe('agent-1');
    expect(cache.get('t1', 30_000)).toBeUndefined();
    expect(cache.get('t2', 59_999)).toBeDefined();
    expect(cache.get('t2', 60_000)).toBeUndefined(); // verified again after a minute
    expect(cache.size).toBe(0);
  });

  it('keeps at most its bound, dropping the oldest, and hands out frozen principals', () => {
    const cache = new VerifiedTokens(2, 60_000);
    for (const t of ['a', 'b', 'c']) cache.set(t, principal(), 60_000, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBeDefined();
    expect(cache.size).toBe(2);
    const p = cache.get('b', 1) as { roles: string[] };
    expect(() => p.roles.push('admin')).toThrow();
  });

  it('a cached token still gets its role checked on every route', async () => {
    const a = app();
    const token = await mintToken(auth, { subject: 'dt-2', roles: ['data_reader'] });
    for (let i = 0; i < 2; i++) expect((await request(a).get('/cards').set(bearer(token))).status).toBe(403);
  });
});
