import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { z } from 'zod';
import { mintToken, problems, type AuthOptions } from '@cardline/platform';

/** The console's build output (apps/console, `npm run build`), beside the gateway in the repository. */
export const CONSOLE_DIST = path.resolve(__dirname, '..', '..', '..', 'apps', 'console', 'dist', 'web');

/** The roles the console signs in as: the service floor's (docs/adr/0028-agent-console.md). */
export const CONSOLE_ROLES = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent'] as const;

const TokenRequest = z
  .object({
    role: z.enum(CONSOLE_ROLES),
    subject: z
      .string()
      .regex(/^[\w.-]{1,64}$/)
      .optional(),
  })
  .strict();

/** One agent shift; the token rules cap it anyway (docs/adr/0019-token-rules.md). */
const TOKEN_TTL_S = 8 * 3600;

/**
 * Whether this gateway is the local token issuer: the local profile on the
 * HS256 keys, no identity provider. Anywhere else tokens come from the
 * identity provider, and the console's sign-in endpoint does not exist.
 */
export function issuesLocalTokens(auth: AuthOptions): boolean {
  return (auth.CARDLINE_PROFILE ?? 'local') === 'local' && !auth.AUTH_JWKS_URL;
}

/**
 * The agent console at /console: its static build, every other path under it
 * answered with index.html (the app routes in the browser), and, on the local
 * issuer only, POST /console/token minting the token `npm run token` would.
 */
export function consoleRoutes(auth: AuthOptions, dist: string = CONSOLE_DIST): Router {
  const r = Router();
  if (issuesLocalTokens(auth))
    r.post('/console/token', async (req, res, next) => {
      try {
        const parsed = TokenRequest.safeParse(req.body ?? {});
        if (!parsed.success) throw problems.validation(`role is one of ${CONSOLE_ROLES.join(', ')}`);
        const { role, subject = `${role}-console` } = parsed.data;
        const token = await mintToken(auth, { subject, roles: [role], ttlSeconds: TOKEN_TTL_S });
        res.json({
          token,
          role,
          subject,
          expiresAt: new Date(Date.now() + TOKEN_TTL_S * 1000).toISOString(),
        });
      } catch (err) {
        next(err);
      }
    });
  r.use('/console', express.static(dist, { index: 'index.html', maxAge: '1h', fallthrough: true }));
  r.get(['/console', '/console/*'], (_req, res, next) => {
    const index = path.join(dist, 'index.html');
    if (!fs.existsSync(index))
      return next(problems.notFound('the console is not built: run npm run build (apps/console)'));
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
