import { networkProblem, readProblem, type ProblemView } from './problem';

/** An API call that did not succeed, carrying what the error panel shows. */
export class ApiError extends Error {
  constructor(readonly problem: ProblemView) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const newKey = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/**
 * The gateway's API as the signed-in agent: every call carries the bearer
 * token and one correlation id per customer call (so the timeline ties what
 * this call caused together, docs/architecture.md); every write an
 * Idempotency-Key, so a retried click is not done twice.
 */
export class Api {
  correlationId: string | null = null;

  constructor(
    private readonly token: string,
    private readonly fetcher: Fetch = (u, i) => fetch(u, i),
    private readonly base = '',
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    if (this.correlationId) headers['x-correlation-id'] = this.correlationId;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = newKey();
    }
    let res: Response;
    try {
      res = await this.fetcher(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ApiError(networkProblem((err as Error).message));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: shown as the detail */
    }
    if (!res.ok) throw new ApiError(readProblem(res.status, parsed, res.statusText));
    return parsed as T;
  }
}

/** `/cards/v1/cards/:cardId` with its parameters filled in, each encoded. */
export function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(v);
  });
}
