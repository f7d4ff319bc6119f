import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { mongo } from 'mongoose';
import { luhnValid } from '@cardline/platform';
import {
  LocalCardVault,
  luhnCheckDigit,
  type VaultEntry,
  type VaultKeys,
} from '../src/adapters/vault/local-vault';
import { binFor, expiryFrom, networkOf } from '../src/domain/products';

describe('card numbers', () => {
  it('the check digit makes any body pass Luhn, and only that digit does', () => {
    for (const body of ['453201123456789', '552433000000000', '622588987654321']) {
      const d = luhnCheckDigit(body);
      expect(luhnValid(body + String(d))).toBe(true);
      expect(luhnValid(body + String((d + 1) % 10))).toBe(false);
    }
    expect(luhnCheckDigit('424242424242424')).toBe(2); // the well-known test card 4242…4242
  });

  it('products map to BINs and BINs to networks', () => {
    expect(networkOf(binFor('CLASSIC'))).toBe('VISA');
    expect(networkOf(binFor('GOLD'))).toBe('MASTERCARD');
    expect(networkOf(binFor('UNIONPAY_CLASSIC'))).toBe('UNIONPAY');
    expect(networkOf('222100')).toBe('MASTERCARD');
    expect(networkOf('300000')).toBe('UNKNOWN');
    expect(binFor('NO_SUCH_PRODUCT')).toBe('453201');
  });

  it('cards expire four years after issue, in the issue month', () => {
    expect(expiryFrom(Date.UTC(2026, 10, 23))).toEqual({ expiryMonth: 11, expiryYear: 2030 });
  });
});

/** Enough of a collection for the vault: _id, token and fingerprint unique, as the indexes make them. */
function fakeEntries(o: { collideFirst?: number } = {}) {
  const docs: VaultEntry[] = [];
  let collisions = o.collideFirst ?? 0;
  const dup = () => Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
  const collection = {
    createIndexes: async () => [],
    listIndexes: () => ({ toArray: async () => [] }),
    find: () => ({ toArray: async () => docs.filter((d) => d.fingerprint === undefined) }),
    updateOne: async (q: { _id: string }, u: { $set: Partial<VaultEntry> }) => {
      Object.assign(docs.find((d) => d._id === q._id) ?? {}, u.$set);
      return { modifiedCount: 1 };
    },
    findOne: async (q: { _id?: string; token?: string }) =>
      docs.find((d) => (q._id !== undefined ? d._id === q._id : d.token === q.token)) ?? null,
    insertOne: async (d: VaultEntry) => {
      if (collisions > 0) {
        collisions--;
        throw dup(); // as if the drawn number were another card's
      }
      if (docs.some((x) => x._id === d._id || x.token === d.token || x.fingerprint === d.fingerprint))
        throw dup();
      docs.push(d);
      return { insertedId: d._id };
    },
  };
  return { docs, collection: collection as unknown as mongo.Collection<VaultEntry> };
}

const keys = (over: Partial<VaultKeys> = {}): VaultKeys => ({
  keys: { v1: 'vault-secret-number-one-123' },
  currentKeyId: 'v1',
  fingerprintSecret: 'vault-fingerprint-secret-123',
  ...over,
});

describe('the vault stand-in (docs/domain.md#privacy-and-security)', () => {
  it('seals each number under the current key id with a keyed fingerprint, and gives it back for its token only', async () => {
    const f = fakeEntries();
    const vault = new LocalCardVault(f.collection, keys());
    const v = await vault.issue('card-1', 'CLASSIC', Date.UTC(2026, 0, 1));
    const entry = f.docs[0] as VaultEntry;
    expect(entry.sealed?.keyId).toBe('v1');
    expect(entry.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain((await vault.detokenize(v.token)) as string);
    const pan = await vault.detokenize(v.token);
    expect(luhnValid(pan as string)).toBe(true);
    expect(pan?.slice(-4)).toBe(v.last4);
    expect(await vault.detokenize('tok_unknown')).toBeNull();
  });

  it('draws another number when the first is already some card’s (unique fingerprint)', async () => {
    const f = fakeEntries({ collideFirst: 2 });
    const vault = new LocalCardVault(f.collection, keys());
    const v = await vault.issue('card-2', 'CLASSIC', Date.UTC(2026, 0, 1));
    expect(f.docs).toHaveLength(1);
    expect(luhnValid((await vault.detokenize(v.token)) as string)).toBe(true);
  });

  it('a sealed number copied onto another card’s entry does not open (card id and token are associated data)', async () => {
    const f = fakeEntries();
    const vault = new LocalCardVault(f.collection, keys());
    await vault.issue('card-a', 'CLASSIC', 0);
    const b = await vault.issue('card-b', 'CLASSIC', 0);
    const [ea, eb] = f.docs as [VaultEntry, VaultEntry];
    eb.sealed = ea.sealed;
    await expect(vault.detokenize(b.token)).rejects.toThrow();
  });

  it('rotates keys by id: the new key seals, the old one still opens, a vault without it cannot', async () => {
    const f = fakeEntries();
    const old = await new LocalCardVault(f.collection, keys()).issue('card-old', 'CLASSIC', 0);
    const rotated = new LocalCardVault(
      f.collection,
      keys({
        keys: { v1: 'vault-secret-number-one-123', v2: 'vault-secret-number-two-456' },
        currentKeyId: 'v2',
      }),
    );
    const fresh = await rotated.issue('card-new', 'CLASSIC', 0);
    expect(f.docs.map((d) => d.sealed?.keyId)).toEqual(['v1', 'v2']);
    expect(luhnValid((await rotated.detokenize(old.token)) as string)).toBe(true);
    expect(luhnValid((await rotated.detokenize(fresh.token)) as string)).toBe(true);
    const retired = new LocalCardVault(
      f.collection,
      keys({ keys: { v2: 'vault-secret-number-two-456' }, currentKeyId: 'v2' }),
    );
    await expect(retired.detokenize(old.token)).rejects.toThrow(/no key-encryption key v1/);
  });

  it('still reads an entry sealed before key ids (AES-GCM under SHA-256 of the secret)', async () => {
    const f = fakeEntries();
    const secret = 'the-old-vault-secret-1234';
    const key = createHash('sha256').update(secret).digest();
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([c.update('4532015112830366', 'utf8'), c.final()]);
    await f.collection.insertOne({
      _id: 'card-legacy',
      token: 'tok_legacy',
      bin: '453201',
      last4: '0366',
      network: 'VISA',
      expiryMonth: 1,
      expiryYear: 2030,
      pan: {
        iv: iv.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      },
      createdAt: new Date(),
    });
    const vault = new LocalCardVault(
      f.collection,
      keys({ legacySecrets: ['another-old-secret-0000', secret] }),
    );
    expect(await vault.detokenize('tok_legacy')).toBe('4532015112830366');
    // Before the unique index exists, the old entry gets its fingerprint, so its number counts too.
    await vault.ensureIndexes();
    expect(f.docs[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
