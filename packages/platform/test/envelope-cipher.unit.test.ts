import { EnvelopeCipher, UnknownKeyError, previousKeysSetting } from '../src';

// docs/adr/0018-sales-applications-service.md: a data key per record, wrapped
// by the key-encryption key; the application id is the associated data.

const secret = 'a-local-key-encryption-secret-for-tests';
const cipher = new EnvelopeCipher({ 'k-1': secret }, 'k-1');
const plain = Buffer.from(JSON.stringify({ nationalId: '123-45-6789', annualIncome: 9_600_000 }));

describe('the envelope cipher of applicant data', () => {
  it('opens what it sealed, and the sealed record holds neither value in clear', () => {
    const sealed = cipher.seal(plain, 'app_1');
    expect(cipher.open(sealed, 'app_1').equals(plain)).toBe(true);
    const stored = JSON.stringify(sealed);
    // Whole values: the random key, iv and ciphertext hold any four digits now and then.
    expect(stored).not.toContain('123-45-6789');
    expect(stored).not.toContain('9600000');
    expect(sealed.keyId).toBe('k-1');
  });

  it('gives every record its own data key and nonce', () => {
    const [a, b] = [cipher.seal(plain, 'app_1'), cipher.seal(plain, 'app_1')];
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a record opened as another application’s (other associated data)', () => {
    expect(() => cipher.open(cipher.seal(plain, 'app_1'), 'app_2')).toThrow();
  });

  it('refuses a tampered ciphertext, tag or wrapped key', () => {
    const sealed = cipher.seal(plain, 'app_1');
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      b[0] = (b[0] as number) ^ 1;
      return b.toString('base64');
    };
    expect(() => cipher.open({ ...sealed, ciphertext: flip(sealed.ciphertext) }, 'app_1')).toThrow();
    expect(() => cipher.open({ ...sealed, tag: flip(sealed.tag) }, 'app_1')).toThrow();
    expect(() => cipher.open({ ...sealed, wrappedKey: flip(sealed.wrappedKey) }, 'app_1')).toThrow();
  });

  it('refuses a wrapped key swapped in from another record', () => {
    const [a, b] = [cipher.seal(plain, 'app_1'), cipher.seal(plain, 'app_2')];
    const swapped = { ...a, wrappedKey: b.wrappedKey, wrapIv: b.wrapIv, wrapTag: b.wrapTag };
    expect(() => cipher.open(swapped, 'app_1')).toThrow();
  });

  it('refuses a key id it does not hold, and a record relabelled with another key id', () => {
    const sealed = cipher.seal(plain, 'app_1');
    expect(() => cipher.open({ ...sealed, keyId: 'k-9' }, 'app_1')).toThrow(UnknownKeyError);
    const both = new EnvelopeCipher({ 'k-1': secret, 'k-2': 'another-key-encryption-secret' }, 'k-2');
    expect(() => both.open({ ...sealed, keyId: 'k-2' }, 'app_1')).toThrow();
  });

  it('opens records sealed under an older key after rotation, and seals under the current one', () => {
    const old = cipher.seal(plain, 'app_1');
    const rotated = new EnvelopeCipher({ 'k-1': secret, 'k-2': 'another-key-encryption-secret' }, 'k-2');
    expect(rotated.open(old, 'app_1').equals(plain)).toBe(true);
    expect(rotated.seal(plain, 'app_1').keyId).toBe('k-2');
  });

  it('refuses a wrong secret under the same key id', () => {
    const other = new EnvelopeCipher({ 'k-1': 'not-the-same-secret-at-all-123' }, 'k-1');
    expect(() => other.open(cipher.seal(plain, 'app_1'), 'app_1')).toThrow();
  });

  it('refuses a tag cut short, even to a prefix of the right one', () => {
    const sealed = cipher.seal(plain, 'app_1');
    const cut = (b64: string, n: number) => Buffer.from(b64, 'base64').subarray(0, n).toString('base64');
    for (const n of [4, 8, 12, 15]) {
      expect(() => cipher.open({ ...sealed, tag: cut(sealed.tag, n) }, 'app_1')).toThrow(/16 bytes/);
      expect(() => cipher.open({ ...sealed, wrapTag: cut(sealed.wrapTag, n) }, 'app_1')).toThrow(/16 bytes/);
    }
  });

  it('reads rotated-out keys from a `kid:secret,…` setting, and refuses a short secret', () => {
    const setting = previousKeysSetting('SALES_PREVIOUS_KEYS');
    expect(setting.parse('')).toEqual({});
    expect(setting.parse(`k-0:${secret},k-00:another-key-encryption-secret`)).toEqual({
      'k-0': secret,
      'k-00': 'another-key-encryption-secret',
    });
    expect(setting.safeParse('k-0:short').success).toBe(false);
    expect(setting.safeParse(`:${secret}`).success).toBe(false);
  });
});
