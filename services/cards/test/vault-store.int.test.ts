import crypto from 'node:crypto';
import mongoose, { type mongo } from 'mongoose';
import { serverEnv, unique } from '../../../test/support/env';
import { stopAfterFile } from '../../../test/support/teardown';
import { LocalCardVault, luhnCheckDigit, type VaultEntry } from '../src/adapters/vault/local-vault';

// issue 16 item 6 on the real Mongo-wire server (FerretDB in the local
// servers): the vault's unique fingerprint index really refuses a second card
// with a number already issued, a collision draws another number, a sealed
// number copied onto another card's entry does not open (card id and token
// are its associated data), and a rotated-out key still opens what it sealed
// (docs/adr/0008-cards-lifecycle-vault-and-card-status.md, docs/architecture.md#security-model).

// A 15-digit BIN leaves one number (the check digit is fixed); 14 digits leave ten.
const BINS = { ONE_NUMBER: '453201123456789', TEN_NUMBERS: '45320112345678' };
const keys = (keyId = 'v1') => ({
  keys: { v1: 'vault-store-test-secret-one', v2: 'vault-store-test-secret-two' },
  currentKeyId: keyId,
  fingerprintSecret: 'vault-store-test-fingerprint',
});
const issuedAt = Date.parse('2026-01-12T00:00:00Z');

let conn: mongoose.Connection;
let entries: mongo.Collection<VaultEntry>;
let vault: LocalCardVault;

beforeAll(async () => {
  conn = await mongoose.createConnection(serverEnv().MONGO_URL).asPromise();
  stopAfterFile({ stop: () => conn.close() }, 'vault store connection');
  entries = conn
    .getClient()
    .db(unique('cards_vault_test').replace(/-/g, '_'))
    .collection<VaultEntry>('vault_entries');
  vault = new LocalCardVault(entries, keys(), BINS);
  await vault.ensureIndexes();
});

afterAll(async () => {
  await entries?.drop().catch(() => undefined);
  await conn?.close();
});

afterEach(() => jest.restoreAllMocks());

it('the store holds the fingerprint index as unique and refuses a second entry with the same fingerprint', async () => {
  const indexes = await entries.listIndexes().toArray();
  expect(indexes.find((i) => i.name === 'unique_number')).toMatchObject({
    key: { fingerprint: 1 },
    unique: true,
  });
  await vault.issue(unique('crd'), 'CLASSIC', issuedAt);
  const [first] = await entries.find().limit(1).toArray();
  const copy = { ...(first as VaultEntry), _id: unique('crd'), token: `tok_${unique('copy')}` };
  await expect(entries.insertOne(copy)).rejects.toMatchObject({ code: 11000 });
  expect(await entries.countDocuments({ fingerprint: first?.fingerprint })).toBe(1);
});

it('a number already issued is never issued again: with one number on the BIN, the second card is refused', async () => {
  const firstCard = await vault.issue(unique('crd'), 'ONE_NUMBER', issuedAt);
  const only = BINS.ONE_NUMBER + String(luhnCheckDigit(BINS.ONE_NUMBER));
  expect(firstCard.last4).toBe(only.slice(-4));
  const second = unique('crd');
  await expect(vault.issue(second, 'ONE_NUMBER', issuedAt)).rejects.toThrow(
    `no unused card number on BIN ${BINS.ONE_NUMBER} after 20 tries`,
  );
  expect(await entries.countDocuments({ _id: second })).toBe(0);
  expect(await entries.countDocuments({ bin: BINS.ONE_NUMBER })).toBe(1);
});

it('a forced collision draws another number', async () => {
  // The random digit after the BIN: 3 for the first card, 3 again (taken) then 7 for the second.
  const digits = [3, 3, 7];
  const original = crypto.randomInt.bind(crypto) as (max: number) => number;
  const draws = jest
    .spyOn(crypto, 'randomInt')
    .mockImplementation(((max: number) =>
      max === 10 && digits.length > 0
        ? (digits.shift() as number)
        : original(max)) as typeof crypto.randomInt);
  const numberWith = (d: number) => {
    const body = `${BINS.TEN_NUMBERS}${d}`;
    return body + String(luhnCheckDigit(body));
  };
  const a = await vault.issue(unique('crd'), 'TEN_NUMBERS', issuedAt);
  const b = await vault.issue(unique('crd'), 'TEN_NUMBERS', issuedAt);
  expect(digits).toEqual([]);
  expect(draws).toHaveBeenCalledTimes(3);
  expect(await vault.detokenize(a.token)).toBe(numberWith(3));
  expect(await vault.detokenize(b.token)).toBe(numberWith(7));
  expect(await entries.countDocuments({ bin: BINS.TEN_NUMBERS })).toBe(2);
});

it("a sealed number copied onto another card's entry does not open there; it still opens on its own", async () => {
  const a = await vault.issue(unique('crd'), 'CLASSIC', issuedAt);
  const b = await vault.issue(unique('crd'), 'CLASSIC', issuedAt);
  const numberOfA = await vault.detokenize(a.token);
  expect(numberOfA).toMatch(/^453201\d{10}$/);
  expect(await vault.detokenize(b.token)).toMatch(/^453201\d{10}$/);
  const entryOfA = await entries.findOne({ token: a.token });
  await entries.updateOne({ token: b.token }, { $set: { sealed: entryOfA?.sealed } });
  await expect(vault.detokenize(b.token)).rejects.toThrow(/unable to authenticate data/);
  expect(await vault.detokenize(a.token)).toBe(numberOfA);
});

it('after a key rotation the previous key still opens what it sealed; a vault without it cannot', async () => {
  const sealedUnderV1 = await vault.issue(unique('crd'), 'CLASSIC', issuedAt);
  const number = await vault.detokenize(sealedUnderV1.token);
  const rotated = new LocalCardVault(entries, keys('v2'), BINS);
  expect(await rotated.detokenize(sealedUnderV1.token)).toBe(number);
  const sealedUnderV2 = await rotated.issue(unique('crd'), 'CLASSIC', issuedAt);
  expect((await entries.findOne({ token: sealedUnderV2.token }))?.sealed?.keyId).toBe('v2');
  const onlyV2 = new LocalCardVault(
    entries,
    { keys: { v2: keys().keys.v2 }, currentKeyId: 'v2', fingerprintSecret: keys().fingerprintSecret },
    BINS,
  );
  await expect(onlyV2.detokenize(sealedUnderV1.token)).rejects.toThrow('no key-encryption key v1');
  expect(await onlyV2.detokenize(sealedUnderV2.token)).toMatch(/^453201\d{10}$/);
});
