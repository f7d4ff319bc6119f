import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_SIGNING_KEY } from '@cardline/platform';
import { DEVELOPMENT_VAULT_PASSPHRASE } from '../services/cards/src/cards';
import { stopAfterFile } from './support/teardown';

// issue 16 item 2: outside the local profile a service refuses to start with
// the committed development signing key or vault passphrase, or a JWKS URL
// that is not https (docs/adr/0019-token-rules.md). Each built entry point
// runs as its own process, as a deployment runs it; none gets past its
// configuration, so no server is needed. The control runs the same settings
// with real values and is not refused, so each refusal is the one setting's.

const root = path.resolve(__dirname, '..');
const SERVICES = ['ledger', 'cards', 'disputes', 'ticketing', 'collections', 'sales', 'gateway'] as const;
type Service = (typeof SERVICES)[number];
const entry = (service: Service) => path.join(root, 'services', service, 'dist', 'main.js');

/** Real-looking values for everything a production process checks; nothing listens at these addresses. */
const production = (service: Service): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  CARDLINE_PROFILE: 'production',
  SERVICE_NAME: service,
  PORT: '0',
  LOG_LEVEL: 'silent',
  KAFKA_BROKERS: '127.0.0.1:1',
  KAFKA_SASL_USERNAME: service,
  KAFKA_SASL_PASSWORD: 'a-deployment-kafka-password-0123456789',
  MONGO_URL: 'mongodb://127.0.0.1:1/cardline',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
  AUTH_ISSUER: 'https://id.example.com/',
  AUTH_HS256_SECRET: 'a-deployment-signing-key-0123456789abcdef',
  VAULT_SECRET: 'a-deployment-vault-passphrase-0123456789',
  SALES_KEK: 'a-deployment-sales-kek-0123456789abcdef',
  SALES_ID_HASH_KEY: 'a-deployment-sales-id-hash-key-0123456789',
});

/** Runs an entry point until it exits or `aliveMs` pass (then stops it): its exit code (null: still running) and stderr. */
function run(service: Service, env: Record<string, string>, aliveMs = 15000) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [entry(service)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    stopAfterFile({ stop: () => child.exitCode === null && child.kill('SIGKILL') }, `${service} process`);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, stderr });
    }, aliveMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const without = (env: Record<string, string>, key: string) => {
  const { [key]: _gone, ...rest } = env;
  return rest;
};

beforeAll(() => {
  for (const s of SERVICES)
    if (!fs.existsSync(entry(s))) throw new Error(`${entry(s)} is not built: run npx tsc -b first`);
});

it.each(SERVICES)('%s refuses to start with the development signing key, naming it', async (service) => {
  // Left unset, the key falls back to the committed one; set to it explicitly, the same.
  for (const env of [
    without(production(service), 'AUTH_HS256_SECRET'),
    { ...production(service), AUTH_HS256_SECRET: DEVELOPMENT_SIGNING_KEY },
  ]) {
    const { code, stderr } = await run(service, env);
    expect({ service, code }).toEqual({ service, code: 1 });
    expect(stderr).toContain(
      'AUTH_HS256_SECRET is the committed development signing key; CARDLINE_PROFILE=production needs a real one',
    );
  }
});

it('cards refuses to start with the development vault passphrase, naming it and nothing else', async () => {
  for (const env of [
    without(production('cards'), 'VAULT_SECRET'),
    { ...production('cards'), VAULT_SECRET: DEVELOPMENT_VAULT_PASSPHRASE },
  ]) {
    const { code, stderr } = await run('cards', env);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'refused configuration: VAULT_SECRET is the committed development vault passphrase; CARDLINE_PROFILE=production needs a real one\n',
    );
  }
});

it.each(['ledger', 'gateway'] as const)(
  '%s refuses to start with a JWKS URL that is not https',
  async (service) => {
    const url = 'http://id.example.com/.well-known/jwks.json';
    const { code, stderr } = await run(service, { ...production(service), AUTH_JWKS_URL: url });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `refused configuration: AUTH_JWKS_URL must be https; CARDLINE_PROFILE=production refuses ${url}\n`,
    );
  },
);

it.each(['cards', 'gateway'] as const)(
  'control: %s with real values (and an https JWKS URL) gets past its configuration',
  async (service) => {
    for (const env of [
      production(service),
      { ...production(service), AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json' },
    ]) {
      // Still starting (its servers do not answer) after 4 s, and nothing refused.
      const { code, stderr } = await run(service, env, 4000);
      expect({ code, stderr }).toEqual({ code: null, stderr: '' });
    }
  },
);
