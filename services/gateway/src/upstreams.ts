import type { Role } from '@cardline/platform';

/** A service behind the gateway, reached under /<name>/… with the prefix stripped. */
export interface Upstream {
  name: string;
  url: string;
  /**
   * Roles the gateway itself requires, per method and path pattern, for a
   * service that does not check tokens (the ledger). Services that verify
   * the bearer token declare their roles next to their routes; the gateway
   * forwards the token and their 403 passes through.
   */
  roles?: { method: string; path: RegExp; roles: Role[] }[];
}

const READ: Role[] = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent', 'admin'];

/** The ledger's routes as the gateway guards them. */
export const LEDGER_ROLES: NonNullable<Upstream['roles']> = [
  { method: 'GET', path: /^\/v1\/admin\//, roles: ['admin'] },
  { method: 'POST', path: /^\/v1\/admin\//, roles: ['admin'] },
  { method: 'GET', path: /^\/v1\/accounts\//, roles: READ },
  // Opening accounts and posting transactions is the processor's and sales' work, not the floor's.
  { method: 'POST', path: /^\/v1\/accounts$/, roles: ['sales_agent', 'admin'] },
  { method: 'POST', path: /^\/v1\/accounts\/[^/]+\/transactions$/, roles: ['admin'] },
];

/** The roles a request needs at the gateway, or null when the upstream decides (or no rule matches: admin only). */
export function gatewayRoles(u: Upstream, method: string, path: string): Role[] | null {
  if (!u.roles) return null;
  return u.roles.find((r) => r.method === method && r.path.test(path))?.roles ?? ['admin'];
}
