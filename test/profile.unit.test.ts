import { ConfigError } from '@cardline/platform';
import { loadLedgerConfig } from '../services/ledger/src/ledger';
import { loadCardsConfig } from '../services/cards/src/cards';
import { loadDisputesConfig } from '../services/disputes/src/disputes';
import { loadTicketingConfig } from '../services/ticketing/src/ticketing';
import { loadCollectionsConfig } from '../services/collections/src/collections';
import { loadSalesConfig } from '../services/sales/src/sales';
import { loadGatewayConfig } from '../services/gateway/src/config';

// Every service refuses the committed development secrets outside the local
// profile, naming the setting (docs/adr/0019-token-rules.md). Loading a config
// connects to nothing.
const servers = { KAFKA_BROKERS: 'k:9092', MONGO_URL: 'mongodb://m', SCHEMA_REGISTRY_URL: 'http://r:8081' };
const realKeys = {
  AUTH_HS256_KEYS: 'k1:a-real-signing-key-that-is-long-enough-1234',
  AUTH_ISSUER: 'https://idp.example/',
  // A Kafka principal of its own (docs/adr/0029-kafka-principals-acls.md).
  KAFKA_SASL_USERNAME: 'svc',
  KAFKA_SASL_PASSWORD: 'a-real-kafka-password',
};
const loaders: [string, (env: NodeJS.ProcessEnv) => unknown][] = [
  ['ledger', loadLedgerConfig],
  ['cards', (env) => loadCardsConfig({ VAULT_SECRET: 'a-real-vault-passphrase', ...env })],
  ['disputes', loadDisputesConfig],
  [
    'ticketing',
    (env) => loadTicketingConfig({ TICKETING_PHONE_KEY: 'a-real-phone-fingerprint-key', ...env }),
  ],
  ['collections', loadCollectionsConfig],
  [
    'sales',
    (env) =>
      loadSalesConfig({
        SALES_KEK: 'a-real-key-encryption-key',
        SALES_ID_HASH_KEY: 'a-real-national-id-hash-key',
        ...env,
      }),
  ],
  ['gateway', loadGatewayConfig],
];

describe.each(loaders)('%s', (_name, load) => {
  it('starts in the local profile (the default) on the development key', () => {
    expect(() => load({ ...servers })).not.toThrow();
  });

  it('refuses the development signing key outside it, naming the setting', () => {
    expect(() => load({ ...servers, CARDLINE_PROFILE: 'production' })).toThrow(ConfigError);
    expect(() => load({ ...servers, CARDLINE_PROFILE: 'production' })).toThrow(
      /AUTH_HS256_SECRET is the committed development signing key/,
    );
  });

  it('refuses a JWKS URL that is not https outside it', () => {
    expect(() =>
      load({ ...servers, CARDLINE_PROFILE: 'production', AUTH_JWKS_URL: 'http://idp/jwks' }),
    ).toThrow(/AUTH_JWKS_URL must be https/);
  });

  it('refuses the development token issuer outside it', () => {
    expect(() =>
      load({ ...servers, CARDLINE_PROFILE: 'production', ...realKeys, AUTH_ISSUER: 'cardline-local' }),
    ).toThrow(/AUTH_ISSUER is the committed development token issuer/);
  });

  it('starts outside it with real keys', () => {
    expect(() => load({ ...servers, CARDLINE_PROFILE: 'production', ...realKeys })).not.toThrow();
  });
});

describe.each(loaders.filter(([name]) => name !== 'gateway'))('%s on Kafka', (_name, load) => {
  const production = { ...servers, CARDLINE_PROFILE: 'production', ...realKeys };

  it('refuses an unauthenticated Kafka outside the local profile, and takes one in it', () => {
    const { KAFKA_SASL_USERNAME: _u, KAFKA_SASL_PASSWORD: _p, ...withoutPrincipal } = production;
    expect(() => load(withoutPrincipal)).toThrow(
      /KAFKA_SASL_USERNAME: CARDLINE_PROFILE=production needs a Kafka principal/,
    );
    expect(() => load({ ...servers })).not.toThrow();
  });

  it('refuses a committed development Kafka password outside the local profile', () => {
    expect(() => load({ ...production, KAFKA_SASL_PASSWORD: 'cardline-dev-ledger' })).toThrow(
      /KAFKA_SASL_PASSWORD is a committed development password/,
    );
    expect(() =>
      load({ ...servers, KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'cardline-dev-ledger' }),
    ).not.toThrow();
  });

  it('refuses a Kafka user without a password in any profile', () => {
    expect(() => load({ ...servers, KAFKA_SASL_USERNAME: 'ledger' })).toThrow(/KAFKA_SASL_PASSWORD/);
  });
});

describe('ticketing', () => {
  it('refuses the development phone fingerprint key outside the local profile', () => {
    const env = { ...servers, CARDLINE_PROFILE: 'production', ...realKeys };
    expect(() => loadTicketingConfig(env)).toThrow(
      /TICKETING_PHONE_KEY is the committed development phone fingerprint key/,
    );
    expect(() =>
      loadTicketingConfig({ ...env, TICKETING_PHONE_KEY: 'a-real-phone-fingerprint-key' }),
    ).not.toThrow();
    // Compose passes it empty when unset.
    expect(() => loadTicketingConfig({ ...servers, TICKETING_PHONE_KEY: '' })).not.toThrow();
  });
});

describe('cards', () => {
  it('refuses the development vault passphrase outside the local profile', () => {
    const env = { ...servers, CARDLINE_PROFILE: 'production', ...realKeys };
    expect(() => loadCardsConfig(env)).toThrow(/VAULT_SECRET is the committed development vault passphrase/);
    expect(() => loadCardsConfig({ ...env, VAULT_SECRET: '' })).toThrow(/VAULT_SECRET/);
    expect(() => loadCardsConfig({ ...servers, VAULT_SECRET: '' })).not.toThrow();
  });
});

describe('sales', () => {
  it('refuses the development key-encryption and id-hash keys outside the local profile', () => {
    const env = { ...servers, CARDLINE_PROFILE: 'production', ...realKeys };
    const real = { SALES_KEK: 'a-real-key-encryption-key', SALES_ID_HASH_KEY: 'a-real-national-id-hash-key' };
    expect(() => loadSalesConfig({ ...env, SALES_ID_HASH_KEY: real.SALES_ID_HASH_KEY })).toThrow(
      /SALES_KEK is the committed development key-encryption key/,
    );
    expect(() => loadSalesConfig({ ...env, SALES_KEK: real.SALES_KEK })).toThrow(
      /SALES_ID_HASH_KEY is the committed development national-id hash key/,
    );
    expect(() => loadSalesConfig({ ...env, ...real })).not.toThrow();
    expect(() => loadSalesConfig({ ...servers })).not.toThrow();
    // Compose passes them empty when unset.
    expect(() => loadSalesConfig({ ...servers, SALES_KEK: '', SALES_ID_HASH_KEY: '' })).not.toThrow();
    expect(() => loadSalesConfig({ ...env, ...real, SALES_KEK: '' })).toThrow(/SALES_KEK/);
  });
});
