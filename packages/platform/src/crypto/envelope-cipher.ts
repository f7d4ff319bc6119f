/**
 * Envelope encryption for data sealed at rest (sales' applicant data, the
 * cards vault's numbers; docs/adr/0018-sales-applications-service.md): each
 * record has its own random data key (AES-256-GCM), stored wrapped by a
 * key-encryption key; the key id names which one. The caller's associated
 * data (the application id, the card token) binds both, so a record moved to
 * another owner, or a wrapped key swapped between records, fails to decrypt
 * instead of decrypting as someone else's.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/** What is stored: every field base64 except the key id. */
export interface Sealed {
  keyId: string;
  wrappedKey: string;
  wrapIv: string;
  wrapTag: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`no key-encryption key ${keyId}`);
    this.name = 'UnknownKeyError';
  }
}

const ALG = 'aes-256-gcm';
/**
 * GCM accepts tags as short as 4 bytes unless told otherwise; a stored tag cut
 * short would be checked on fewer bits, so every open insists on the full 16
 * (docs/architecture.md#security-model).
 */
const TAG_BYTES = 16;
const b64 = (b: Buffer) => b.toString('base64');
const raw = (s: string) => Buffer.from(s, 'base64');

function gcmSeal(key: Buffer, plain: Buffer, aad: string) {
  const iv = randomBytes(12);
  const c = createCipheriv(ALG, key, iv).setAAD(Buffer.from(aad, 'utf8'));
  const out = Buffer.concat([c.update(plain), c.final()]);
  return { iv, out, tag: c.getAuthTag() };
}

function gcmOpen(key: Buffer, iv: Buffer, data: Buffer, tag: Buffer, aad: string): Buffer {
  if (tag.length !== TAG_BYTES) throw new Error(`GCM tag must be ${TAG_BYTES} bytes, not ${tag.length}`);
  const d = createDecipheriv(ALG, key, iv, { authTagLength: TAG_BYTES }).setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(tag);
  return Buffer.concat([d.update(data), d.final()]);
}

/**
 * A key-encryption key from a configured secret: scrypt, so a secret that
 * is a passphrase rather than 32 random bytes still costs an attacker a
 * memory-hard derivation per guess; the purpose and the key id salt it.
 */
export function deriveKek(secret: string, keyId: string, purpose = 'sales'): Buffer {
  return scryptSync(secret, `cardline-${purpose}-kek:${keyId}`, 32, {
    N: 1 << 15,
    r: 8,
    p: 1,
    maxmem: 64 << 20,
  });
}

export class EnvelopeCipher {
  private readonly keks: ReadonlyMap<string, Buffer>;

  /**
   * `keys`: key id → secret; `currentKeyId` seals, every listed key opens
   * (rotation). `purpose` keeps one secret from giving two services the same key.
   */
  constructor(
    keys: Readonly<Record<string, string>>,
    private readonly currentKeyId: string,
    purpose = 'sales',
  ) {
    this.keks = new Map(Object.entries(keys).map(([id, secret]) => [id, deriveKek(secret, id, purpose)]));
    if (!this.keks.has(currentKeyId)) throw new UnknownKeyError(currentKeyId);
  }

  seal(plain: Buffer, associatedData: string): Sealed {
    const dataKey = randomBytes(32);
    const kek = this.keks.get(this.currentKeyId) as Buffer;
    const wrap = gcmSeal(kek, dataKey, `${this.currentKeyId}:${associatedData}`);
    const body = gcmSeal(dataKey, plain, associatedData);
    dataKey.fill(0);
    return {
      keyId: this.currentKeyId,
      wrappedKey: b64(wrap.out),
      wrapIv: b64(wrap.iv),
      wrapTag: b64(wrap.tag),
      iv: b64(body.iv),
      tag: b64(body.tag),
      ciphertext: b64(body.out),
    };
  }

  /** Throws on a wrong key id, a tampered record or other associated data. */
  open(s: Sealed, associatedData: string): Buffer {
    const kek = this.keks.get(s.keyId);
    if (!kek) throw new UnknownKeyError(s.keyId);
    const dataKey = gcmOpen(
      kek,
      raw(s.wrapIv),
      raw(s.wrappedKey),
      raw(s.wrapTag),
      `${s.keyId}:${associatedData}`,
    );
    try {
      return gcmOpen(dataKey, raw(s.iv), raw(s.ciphertext), raw(s.tag), associatedData);
    } finally {
      dataKey.fill(0);
    }
  }
}
