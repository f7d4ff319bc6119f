import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  HttpRegistryClient,
  RegistryError,
  RegistryUnavailableError,
  isTransient,
  loadConfig,
  registryConfigShape,
  registryOptions,
} from '../src';

// The registry client against a fake Confluent-API server: what it sends,
// in which mode, with which credentials, and how long it waits.

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

type Route = (req: Seen, res: ServerResponse) => void;

let server: Server;
let url: string;
let seen: Seen[] = [];
let route: Route;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      };
      seen.push(s);
      route(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
  route = (_req, res) => json(res, 200, { id: 7 });
});

const schema = { type: 'record', name: 'PingV1', namespace: 'cardline.test', fields: [] };
const subject = 'test.ping-cardline.test.PingV1';
const encoded = encodeURIComponent(subject);

describe('register mode (the local profile)', () => {
  it('registers the schema under its subject and keeps the id', async () => {
    const client = new HttpRegistryClient({ url, mode: 'register' });
    expect(await client.schemaId(subject, schema)).toBe(7);
    expect(await client.schemaId(subject, schema)).toBe(7);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `/subjects/${encoded}/versions`,
        authorization: undefined,
        contentType: 'application/vnd.schemaregistry.v1+json',
        body: JSON.stringify({ schema: JSON.stringify(schema) }),
      },
    ]);
  });

  it('is the default for a bare URL', async () => {
    const client = new HttpRegistryClient(url);
    expect(client.mode).toBe('register');
    await client.schemaId(subject, schema);
    expect(seen[0]?.url).toBe(`/subjects/${encoded}/versions`);
  });
});

describe('lookup mode (production: the release script registers)', () => {
  it('only looks the schema up, never registers it', async () => {
    const client = new HttpRegistryClient({ url, mode: 'lookup' });
    expect(await client.schemaId(subject, schema)).toBe(7);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([`POST /subjects/${encoded}`]);
    expect(seen[0]?.body).toBe(JSON.stringify({ schema: JSON.stringify(schema) }));
  });

  it('fails with 404, naming the subject and the release script, when the schema is not registered', async () => {
    route = (_req, res) => json(res, 404, { error_code: 40403, message: 'Schema not found' });
    const client = new HttpRegistryClient({ url, mode: 'lookup' });
    const err = await client.schemaId(subject, schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ status: 404 });
    expect((err as Error).message).toMatch(new RegExp(`${subject}.*not registered.*release script`));
    expect(seen.some((s) => s.url.endsWith('/versions'))).toBe(false);
    // A failure is not cached: once the release script has run, the next call finds it.
    route = (_req, res) => json(res, 200, { id: 9 });
    expect(await client.schemaId(subject, schema)).toBe(9);
  });
});

describe('authentication', () => {
  it('sends basic credentials on every request', async () => {
    route = (req, res) =>
      req.method === 'GET' ? json(res, 200, { schema: JSON.stringify(schema) }) : json(res, 200, { id: 7 });
    const client = new HttpRegistryClient({
      url,
      auth: { basic: { username: 'svc-cards', password: 's3cret' } },
    });
    await client.schemaId(subject, schema);
    expect(await client.schemaById(7)).toEqual(schema);
    const basic = `Basic ${Buffer.from('svc-cards:s3cret').toString('base64')}`;
    expect(seen.map((s) => s.authorization)).toEqual([basic, basic]);
  });

  it('sends a bearer token', async () => {
    const client = new HttpRegistryClient({ url, auth: { bearer: 'tok-123' } });
    await client.schemaId(subject, schema);
    expect(seen[0]?.authorization).toBe('Bearer tok-123');
  });
});

describe('timeouts', () => {
  it('gives up on a registry that does not answer, with an error the consumer retries', async () => {
    route = () => undefined; // never answers
    const client = new HttpRegistryClient({ url, timeoutMs: 200 });
    const started = Date.now();
    const err = await client.schemaById(1).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(RegistryUnavailableError);
    expect((err as Error).message).toBe('schema registry GET /schemas/ids/1: no answer within 200 ms');
    expect(isTransient(err)).toBe(true);
  });

  it('reports a registry it cannot reach as unavailable, also transient', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await new HttpRegistryClient(`http://127.0.0.1:${port}`)
      .schemaId(subject, schema)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryUnavailableError);
    expect(isTransient(err)).toBe(true);
  });

  it('keeps an error answer as a RegistryError with its status', async () => {
    route = (_req, res) => json(res, 409, { error_code: 409, message: 'incompatible' });
    const err = await new HttpRegistryClient(url).schemaId(subject, schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).not.toBeInstanceOf(RegistryUnavailableError);
    expect(err).toMatchObject({ status: 409 });
  });
});

describe('settings from the environment', () => {
  const base = { SCHEMA_REGISTRY_URL: 'http://registry:8081' };
  const settings = (env: Record<string, string>) =>
    registryOptions(
      loadConfig(registryConfigShape, {
        SERVICE_NAME: 's',
        KAFKA_BROKERS: 'k:9092',
        MONGO_URL: 'm',
        ...base,
        ...env,
      }),
    );

  it('default to register mode, a 5 s timeout and no credentials', () => {
    expect(settings({})).toEqual({
      url: base.SCHEMA_REGISTRY_URL,
      mode: 'register',
      timeoutMs: 5000,
      auth: undefined,
    });
  });

  it('read the mode, the timeout and the credentials', () => {
    expect(
      settings({
        SCHEMA_REGISTRY_MODE: 'lookup',
        SCHEMA_REGISTRY_TIMEOUT_MS: '1500',
        SCHEMA_REGISTRY_USERNAME: 'u',
        SCHEMA_REGISTRY_PASSWORD: 'p',
      }),
    ).toEqual({
      url: base.SCHEMA_REGISTRY_URL,
      mode: 'lookup',
      timeoutMs: 1500,
      auth: { basic: { username: 'u', password: 'p' } },
    });
    expect(settings({ SCHEMA_REGISTRY_BEARER_TOKEN: 't', SCHEMA_REGISTRY_USERNAME: '' }).auth).toEqual({
      bearer: 't',
    });
  });

  it('refuse an unknown mode, half a credential, or two kinds at once', () => {
    expect(() => settings({ SCHEMA_REGISTRY_MODE: 'write' })).toThrow(ConfigError);
    expect(() => settings({ SCHEMA_REGISTRY_USERNAME: 'u' })).toThrow(ConfigError);
    expect(() =>
      settings({
        SCHEMA_REGISTRY_USERNAME: 'u',
        SCHEMA_REGISTRY_PASSWORD: 'p',
        SCHEMA_REGISTRY_BEARER_TOKEN: 't',
      }),
    ).toThrow(ConfigError);
  });
});
