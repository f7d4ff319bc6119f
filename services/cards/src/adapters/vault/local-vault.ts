import { createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { mongo } from 'mongoose';
import { EnvelopeCipher, deriveKek, ensureIndexes, type Sealed } from '@cardline/platform';
import type { Vaulted } from '../../domain/card';
import { binFor, expiryFrom, networkOf } from '../../domain/products';
import type { CardVault } from '../../application/ports';

interface VaultEntry {
  _id: string; // cardId
  token: string;
  bin: string;
  last4: string;
  network: Vaulted['network'];
  expiryMonth: number;
  expiryYear: number;
  /** The card number sealed under its own data key, the key id named, the card id and token as associated data. */
  sealed?: Sealed;
  /** HMAC-SHA256 of the number under the fingerprint key: unique, so no number is issued twice. */
  fingerprint?: string;
  /** Entries written before envelope sealing: AES-256-GCM under SHA-256 of the secret, read only. */
  pan?: { iv: string; tag: string; data: string };
  createdAt: Date;
}

export interface VaultKeys {
  /** Key id → secret; the current one seals, every listed one opens (rotation). */
  keys: Readonly<Record<string, string>>;
  currentKeyId: string;
  /** Keys the fingerprint; kept across rotations, or uniqueness would only hold per key. */
  fingerprintSecret: string;
  /** Secrets that may have sealed entries before key ids (`pan`): the current one and those rotated out. */
  legacySecrets?: readonly string[];
}

/** Tries before giving up on finding an unused number (a BIN has 10^9 numbers; a collision is rare). */
const NUMBER_TRIES = 20;

/** The check digit that makes `partial + digit` pass the Luhn check. */
export function luhnCheckDigit(partial: string): number {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = partial.charCodeAt(partial.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Stand-in for the issuer's card vault (an HSM-backed service in a real
 * issuer): makes a 16-digit Luhn-valid number on the product's BIN that no
 * other card has (a unique keyed fingerprint), stores it sealed in its own
 * database (a random data key per number wrapped by a scrypt-derived key
 * with a key id, so keys rotate; card id and token as associated data, so a
 * sealed number copied to another entry does not open) and hands back a
 * random token. Cards' own documents, its events and its logs only ever see
 * token, BIN and last four.
 */
export class LocalCardVault implements CardVault {
  private readonly cipher: EnvelopeCipher;
  private readonly fingerprintKey: Buffer;
  private readonly legacyKeys: Buffer[];

  constructor(
    private readonly entries: mongo.Collection<VaultEntry>,
    keys: VaultKeys,
    private readonly bins?: Readonly<Record<string, string>>,
  ) {
    this.cipher = new EnvelopeCipher(keys.keys, keys.currentKeyId, 'cards-vault');
    // Its own purpose: never the same key as a key-encryption key, whatever the key ids.
    this.fingerprintKey = deriveKek(keys.fingerprintSecret, 'fingerprint', 'cards-vault-fingerprint');
    this.legacyKeys = (keys.legacySecrets ?? []).map((secret) =>
      createHash('sha256').update(secret).digest(),
    );
  }

  /**
   * Unique token and fingerprint (the card id is the _id): a number is never
   * issued twice. Entries from before fingerprints get theirs first, so the
   * unique index covers their numbers too (and never sees two missing ones).
   */
  async ensureIndexes(): Promise<void> {
    for (const e of await this.entries.find({ fingerprint: { $exists: false } }).toArray()) {
      const pan = this.open(e);
      await this.entries.updateOne({ _id: e._id }, { $set: { fingerprint: this.fingerprintOf(pan) } });
    }
    await ensureIndexes(this.entries, [
      { key: { token: 1 }, name: 'by_token', unique: true },
      { key: { fingerprint: 1 }, name: 'unique_number', unique: true, sparse: true },
    ]);
  }

  async issue(cardId: string, productCode: string, issuedAt: number, avoidLast4?: string): Promise<Vaulted> {
    const existing = await this.entries.findOne({ _id: cardId });
    if (existing) return view(existing);
    const bin = binFor(productCode, this.bins);
    for (let attempt = 1; ; attempt++) {
      const pan = newNumber(bin, avoidLast4);
      const token = `tok_${randomBytes(12).toString('hex')}`;
      const entry: VaultEntry = {
        _id: cardId,
        token,
        bin,
        last4: pan.slice(-4),
        network: networkOf(bin),
        ...expiryFrom(issuedAt),
        sealed: this.cipher.seal(Buffer.from(pan, 'utf8'), `${cardId}:${token}`),
        fingerprint: this.fingerprintOf(pan),
        createdAt: new Date(),
      };
      try {
        await this.entries.insertOne(entry);
        return view(entry);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // Two issuers raced on one card id: the first number stands.
        const winner = await this.entries.findOne({ _id: cardId });
        if (winner) return view(winner);
        // Otherwise the number (or, in theory, the token) is taken: draw another.
        if (attempt >= NUMBER_TRIES)
          throw new Error(`no unused card number on BIN ${bin} after ${attempt} tries`);
      }
    }
  }

  /** The card number behind a token: for the issuer's own processes (and tests proving it never leaks). */
  async detokenize(token: string): Promise<string | null> {
    const e = await this.entries.findOne({ token });
    return e ? this.open(e) : null;
  }

  private fingerprintOf(pan: string): string {
    return createHmac('sha256', this.fingerprintKey).update(pan).digest('hex');
  }

  private open(e: VaultEntry): string {
    if (e.sealed) return this.cipher.open(e.sealed, `${e._id}:${e.token}`).toString('utf8');
    if (e.pan)
      for (const key of this.legacyKeys) {
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.pan.iv, 'base64'));
          decipher.setAuthTag(Buffer.from(e.pan.tag, 'base64'));
          return Buffer.concat([
            decipher.update(Buffer.from(e.pan.data, 'base64')),
            decipher.final(),
          ]).toString('utf8');
        } catch {
          // Sealed under another of the secrets: try the next.
        }
      }
    throw new Error(`vault entry ${e._id} has no number this vault can open`);
  }
}

/** A 16-digit Luhn-valid number on the BIN, not ending in `avoidLast4`. */
function newNumber(bin: string, avoidLast4?: string): string {
  for (;;) {
    let body = bin;
    while (body.length < 15) body += String(randomInt(10));
    const pan = body + String(luhnCheckDigit(body));
    if (pan.slice(-4) !== avoidLast4) return pan;
  }
}

function view(e: VaultEntry): Vaulted {
  return {
    token: e.token,
    bin: e.bin,
    last4: e.last4,
    network: e.network,
    expiryMonth: e.expiryMonth,
    expiryYear: e.expiryYear,
  };
}

export type { VaultEntry };
