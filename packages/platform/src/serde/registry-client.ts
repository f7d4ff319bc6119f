/**
 * Minimal client for the Confluent Schema Registry REST API (Apicurio's
 * ccompat API speaks it too). Only what the serde needs: the id of a writer
 * schema under its subject, and a schema by id, both cached for the process
 * life. Every request is bounded by a timeout and carries the configured
 * credentials (docs/architecture.md#schema-registry).
 */
export interface RegistryClient {
  /** The id of `schema` under `subject`: registered first, or only looked up (see RegistryMode). */
  schemaId(subject: string, schema: object): Promise<number>;
  schemaById(id: number): Promise<object>;
}

/**
 * `register`: a service registers its writer schemas at first use (the
 * local profile). `lookup`: it only looks them up, and an unregistered
 * schema is an error; the release script registers them
 * (packages/schemas/scripts/register.js), so production services need no
 * write access to the registry.
 */
export type RegistryMode = 'register' | 'lookup';

export type RegistryAuth = { basic: { username: string; password: string } } | { bearer: string };

export interface RegistryClientOptions {
  url: string;
  mode?: RegistryMode;
  /** Per request, body included (default 5 s). */
  timeoutMs?: number;
  auth?: RegistryAuth;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const DEFAULT_TIMEOUT_MS = 5000;

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** No answer in time, or no connection: the consumer runner retries it as transient. */
export class RegistryUnavailableError extends RegistryError {
  constructor(message: string, cause: unknown) {
    super(message, 0);
    this.name = 'RegistryUnavailableError';
    this.cause = cause;
  }
}

export class HttpRegistryClient implements RegistryClient {
  readonly mode: RegistryMode;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly authorization: string | undefined;
  private readonly idsBySubjectAndSchema = new Map<string, Promise<number>>();
  private readonly schemasById = new Map<number, Promise<object>>();

  /** A bare URL: register mode, default timeout, no credentials (tests, scripts). */
  constructor(options: RegistryClientOptions | string) {
    const o = typeof options === 'string' ? { url: options } : options;
    this.baseUrl = o.url.replace(/\/$/, '');
    this.mode = o.mode ?? 'register';
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.authorization = authorization(o.auth);
  }

  schemaId(subject: string, schema: object): Promise<number> {
    const body = JSON.stringify({ schema: JSON.stringify(schema) });
    const key = `${subject}\u0000${body}`;
    let pending = this.idsBySubjectAndSchema.get(key);
    if (!pending) {
      pending = (this.mode === 'lookup' ? this.lookup(subject, body) : this.register(subject, body)).then(
        (r) => {
          const id = (r as { id?: unknown }).id;
          if (typeof id !== 'number') throw new RegistryError(`registry returned no id for ${subject}`, 500);
          return id;
        },
      );
      // Do not cache failures: the next call should try again.
      pending.catch(() => this.idsBySubjectAndSchema.delete(key));
      this.idsBySubjectAndSchema.set(key, pending);
    }
    return pending;
  }

  schemaById(id: number): Promise<object> {
    let pending = this.schemasById.get(id);
    if (!pending) {
      pending = this.request('GET', `/schemas/ids/${id}`).then(
        (r) => JSON.parse((r as { schema: string }).schema) as object,
      );
      pending.catch(() => this.schemasById.delete(id));
      this.schemasById.set(id, pending);
    }
    return pending;
  }

  private register(subject: string, body: string): Promise<unknown> {
    return this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, body);
  }

  /** Confluent's "is this schema registered under the subject": 404 when it is not. */
  private async lookup(subject: string, body: string): Promise<unknown> {
    try {
      return await this.request('POST', `/subjects/${encodeURIComponent(subject)}`, body);
    } catch (err) {
      if (err instanceof RegistryError && err.status === 404)
        throw new RegistryError(
          `schema for ${subject} is not registered (SCHEMA_REGISTRY_MODE=lookup: the release script registers schemas)`,
          404,
        );
      throw err;
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: CONTENT_TYPE };
    if (body !== undefined) headers['content-type'] = CONTENT_TYPE;
    if (this.authorization) headers.authorization = this.authorization;
    const what = `schema registry ${method} ${path}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: Error };
      if (e.name === 'TimeoutError')
        throw new RegistryUnavailableError(`${what}: no answer within ${this.timeoutMs} ms`, err);
      throw new RegistryUnavailableError(`${what}: ${e.cause?.message ?? e.message}`, err);
    }
    if (!res.ok) throw new RegistryError(`${what}: ${res.status} ${text}`, res.status);
    return JSON.parse(text) as unknown;
  }
}

function authorization(auth: RegistryAuth | undefined): string | undefined {
  if (!auth) return undefined;
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  const { username, password } = auth.basic;
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
