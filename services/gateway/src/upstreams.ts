import { z } from 'zod';
import { services } from '@cardline/schemas';

/**
 * A service behind the gateway, reached under its prefix (`/ledger/…`) with
 * the prefix stripped. Every service verifies the bearer token and declares
 * its roles next to its routes; the gateway forwards the token and their
 * 401/403 passes through.
 */
export interface Upstream {
  name: string;
  /** `/ledger`: the first path segment the gateway routes on. */
  prefix: string;
  url: string;
}

/**
 * Every service of packages/schemas/services.json, its URL from its own
 * setting (LEDGER_URL …) or, unset, its `npm start` port, so adding a
 * service adds its upstream (docs/architecture.md, "Adding a service").
 */
export const upstreamsSchema = z
  .object(
    Object.fromEntries(
      services.map((s) => [s.gateway.urlEnv, z.string().url().default(`http://127.0.0.1:${s.port}`)]),
    ),
  )
  .transform((urls): Upstream[] =>
    services.map((s) => ({ name: s.name, prefix: s.gateway.prefix, url: urls[s.gateway.urlEnv] as string })),
  );
