/**
 * The one harness for a service's route-table test: the table mounted as
 * ServiceRuntime.serveApi mounts it (bearer auth on /v1, the routes,
 * problem+json), tokens per role, and the two questions every such test asks
 * — are the roles declared next to each route the ones the service means,
 * and does the role check let exactly those through (every other role 403
 * naming those that may)? Node built-ins and express only, like the decider
 * specification, so the platform needs no test framework: the test asserts
 * what it returns.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ROLES, authenticate, mintToken, type Role } from '../http/auth';
import type { AuthOptions } from '../http/auth-settings';
import { problemHandler } from '../http/problem';
import { mountRoutes, type AnyRouteDef, type MountOptions } from '../http/route-table';

/** `METHOD /path/:param` → the roles that may call it. */
export type RolesByRoute = Readonly<Record<string, readonly Role[]>>;

/** How a request came out of the role check. */
export type RoleCheck = 'let through' | 'forbidden' | 'unauthenticated';

export interface RoleCheckRow {
  key: string;
  role: Role;
  got: RoleCheck;
  /** A 403's detail names the roles that may call the route. */
  namesAllowed?: boolean;
}

export interface RouteTableSpecOptions {
  routes: readonly AnyRouteDef[];
  toProblem: MountOptions['toProblem'];
  /** Values for the path's `:params` (an id that exists, or none that does). */
  params?: Readonly<Record<string, string>>;
  auth?: AuthOptions;
}

/** The signing settings every route-table test verifies tokens with. */
export const TEST_AUTH: AuthOptions = {
  AUTH_HS256_SECRET: 'a-test-signing-key-that-is-long-enough-123',
  AUTH_ISSUER: 'cardline-test',
  AUTH_AUDIENCE: 'cardline-internal',
};

/** The status, the body read so the connection is free again. */
const statusOf = async (res: Promise<Response>) => {
  const r = await res;
  await r.text();
  return r.status;
};

const sorted = (t: RolesByRoute) => Object.fromEntries(Object.entries(t).map(([k, r]) => [k, [...r].sort()]));

/** The table's routes with their declared roles, each list sorted. */
export function declaredRoles(routes: readonly AnyRouteDef[]): Record<string, Role[]> {
  return sorted(Object.fromEntries(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.roles])));
}

export function routeTableSpec(o: RouteTableSpecOptions) {
  const auth = o.auth ?? TEST_AUTH;
  const app = express();
  app.use(express.json());
  app.use('/v1', authenticate(auth));
  app.use(mountRoutes(o.routes, { idempotency: (_req, _res, next) => next(), toProblem: o.toProblem }));
  app.use(problemHandler());

  const tokens = new Map<Role, Promise<string>>();
  const bearer = async (role: Role): Promise<{ authorization: string }> => {
    if (!tokens.has(role)) tokens.set(role, mintToken(auth, { subject: `${role}-1`, roles: [role] }));
    return { authorization: `Bearer ${await tokens.get(role)}` };
  };

  const urlOf = (key: string) => {
    const [method, path] = key.split(' ') as [string, string];
    return { method, path: path.replace(/:([A-Za-z]+)/g, (m, name: string) => o.params?.[name] ?? m) };
  };

  /** Runs `f` against the app on an ephemeral port, then closes it. */
  async function served<T>(
    f: (call: (key: string, headers?: Record<string, string>) => Promise<Response>) => Promise<T>,
  ) {
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      return await f((key, headers = {}) => {
        const { method, path } = urlOf(key);
        return fetch(`${base}${path}`, { method, headers });
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  return {
    app,
    bearer,
    /** The table as the test states it, each list sorted (compare with declaredRoles). */
    expectedRoles: (table: RolesByRoute) => sorted(table),

    /** Every route without a token (`none`) and with a bad one (`bad`): 401 expected for both. */
    unauthenticated: (table: RolesByRoute) =>
      served(async (call) => {
        const rows: { key: string; none: number; bad: number }[] = [];
        for (const key of Object.keys(table)) {
          const none = await statusOf(call(key));
          const bad = await statusOf(call(key, { authorization: 'Bearer nope' }));
          rows.push({ key, none, bad });
        }
        return rows;
      }),

    /**
     * Every route with a token of every role: what the check did (past it,
     * the stand-ins answer whatever they answer), and what the table says it
     * should have done. The two lists are equal when the check is right.
     */
    roleChecks: (table: RolesByRoute) =>
      served(async (call) => {
        const observed: RoleCheckRow[] = [];
        const expected: RoleCheckRow[] = [];
        for (const [key, allowed] of Object.entries(table))
          for (const role of ROLES) {
            const res = await call(key, await bearer(role));
            const body = await res.text();
            const got: RoleCheck =
              res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthenticated' : 'let through';
            const names = `requires one of the roles ${allowed.join(', ')}`;
            const detail =
              got === 'forbidden' ? String((JSON.parse(body) as { detail?: string }).detail) : '';
            observed.push({
              key,
              role,
              got,
              ...(got === 'forbidden' && { namesAllowed: detail.includes(names) }),
            });
            const want = allowed.includes(role);
            expected.push({
              key,
              role,
              got: want ? 'let through' : 'forbidden',
              ...(!want && { namesAllowed: true }),
            });
          }
        return { observed, expected };
      }),
  };
}
