/**
 * Minimal client for the Confluent Schema Registry REST API (Apicurio's
 * ccompat API speaks it too). Only what the serde needs: register a schema
 * under a subject and fetch a schema by id, both cached for the process life.
 */
export interface RegistryClient {
  register(subject: string, schema: object): Promise<number>;
  schemaById(id: number): Promise<object>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export class HttpRegistryClient implements RegistryClient {
  private readonly idsBySubjectAndSchema = new Map<string, Promise<number>>();
  private readonly schemasById = new Map<number, Promise<object>>();

  constructor(private readonly baseUrl: string) {}

  register(subject: string, schema: object): Promise<number> {
    const body = JSON.stringify({ schema: JSON.stringify(schema) });
    const key = `${subject}\u0000${body}`;
    let pending = this.idsBySubjectAndSchema.get(key);
    if (!pending) {
      pending = this.post(`/subjects/${encodeURIComponent(subject)}/versions`, body).then((r) => {
        const id = (r as { id?: unknown }).id;
        if (typeof id !== 'number') throw new RegistryError(`registry returned no id for ${subject}`, 500);
        return id;
      });
      // Do not cache failures: the next call should try again.
      pending.catch(() => this.idsBySubjectAndSchema.delete(key));
      this.idsBySubjectAndSchema.set(key, pending);
    }
    return pending;
  }

  schemaById(id: number): Promise<object> {
    let pending = this.schemasById.get(id);
    if (!pending) {
      pending = this.get(`/schemas/ids/${id}`).then(
        (r) => JSON.parse((r as { schema: string }).schema) as object,
      );
      pending.catch(() => this.schemasById.delete(id));
      this.schemasById.set(id, pending);
    }
    return pending;
  }

  private async post(path: string, body: string): Promise<unknown> {
    return this.request(path, { method: 'POST', body, headers: { 'content-type': CONTENT_TYPE } });
  }

  private async get(path: string): Promise<unknown> {
    return this.request(path, { method: 'GET', headers: { accept: CONTENT_TYPE } });
  }

  private async request(path: string, init: RequestInit): Promise<unknown> {
    const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, init);
    const text = await res.text();
    if (!res.ok)
      throw new RegistryError(`schema registry ${init.method} ${path}: ${res.status} ${text}`, res.status);
    return JSON.parse(text) as unknown;
  }
}
