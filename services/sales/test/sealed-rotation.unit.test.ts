import type { SecretDoc } from '../src/adapters/mongo/secret-store';
import { MongoSecretStore } from '../src/adapters/mongo/secret-store';
import { loadSalesConfig, salesCipher } from '../src/sales';
import { SECRETS } from './fake-applications';
import { memoryCollection } from './memory-collection';

// Applicants' sealed data survives a key rotation: the new key seals, the
// rotated-out one, listed in SALES_PREVIOUS_KEYS, still opens what it sealed
// (docs/architecture.md#security-model).

const OLD = 'the-sales-key-encryption-secret-before';
const NEW = 'the-sales-key-encryption-secret-after';
// Loading a config connects to nothing.
const servers = { KAFKA_BROKERS: 'k:9092', MONGO_URL: 'mongodb://m', SCHEMA_REGISTRY_URL: 'http://r:8081' };
const config = (env: Record<string, string>) => loadSalesConfig({ ...servers, ...env });

describe('sales sealed fields across a key rotation', () => {
  it('open under the rotated-out key once it is listed, and new records seal under the current one', async () => {
    const { collection, docs } = memoryCollection<SecretDoc>();
    const before = new MongoSecretStore(
      collection as never,
      salesCipher(config({ SALES_KEK: OLD, SALES_KEK_ID: 'k1' })),
    );
    await before.put('app_1', SECRETS);

    const after = new MongoSecretStore(
      collection as never,
      salesCipher(config({ SALES_KEK: NEW, SALES_KEK_ID: 'k2', SALES_PREVIOUS_KEYS: `k1:${OLD}` })),
    );
    expect(await after.get('app_1')).toEqual(SECRETS);
    await after.put('app_2', SECRETS);
    expect(docs.get('app_2')?.keyId).toBe('k2');
    expect(await after.get('app_2')).toEqual(SECRETS);
  });

  it('refuse to open once the old key is no longer listed', async () => {
    const { collection } = memoryCollection<SecretDoc>();
    await new MongoSecretStore(
      collection as never,
      salesCipher(config({ SALES_KEK: OLD, SALES_KEK_ID: 'k1' })),
    ).put('app_1', SECRETS);
    const forgotten = new MongoSecretStore(
      collection as never,
      salesCipher(config({ SALES_KEK: NEW, SALES_KEK_ID: 'k2' })),
    );
    await expect(forgotten.get('app_1')).rejects.toThrow('no key-encryption key k1');
  });
});
