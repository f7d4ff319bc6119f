import type { ConsoleRole } from './actions';
import { ApiError } from './api';
import { readProblem } from './problem';

/** The signed-in agent: the token the gateway's local issuer minted and the role it carries. */
export interface Session {
  token: string;
  role: ConsoleRole;
  subject: string;
  expiresAt: string;
}

const KEY = 'cardline.console.session';

/**
 * Signs in with the local token issuer (POST /console/token, which exists on
 * a local gateway only, docs/adr/0028-agent-console.md). A deployment with an
 * identity provider signs in there instead and has no such endpoint.
 */
export async function signIn(
  role: ConsoleRole,
  fetcher: typeof fetch = fetch,
  /** A trainee's own name in the sandbox, so their runs are theirs (docs/adr/0033-console-training-mode.md). */
  subject?: string,
): Promise<Session> {
  const res = await fetcher('/console/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(subject ? { role, subject } : { role }),
  });
  const body = (await res.json().catch(() => null)) as Partial<Session> | null;
  if (!res.ok || !body?.token) throw new ApiError(readProblem(res.status, body, res.statusText));
  return {
    token: body.token,
    role,
    subject: body.subject ?? `${role}-console`,
    expiresAt: body.expiresAt ?? '',
  };
}

/** The session kept for this tab only (a shared floor PC forgets it when the tab closes). */
export function savedSession(storage: Pick<Storage, 'getItem'> = sessionStorage): Session | null {
  try {
    const s = JSON.parse(storage.getItem(KEY) ?? 'null') as Session | null;
    return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function keepSession(
  s: Session | null,
  storage: Pick<Storage, 'setItem' | 'removeItem'> = sessionStorage,
): void {
  if (s) storage.setItem(KEY, JSON.stringify(s));
  else storage.removeItem(KEY);
}
