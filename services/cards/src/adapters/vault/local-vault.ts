import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import type { mongo } from 'mongoose';
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
  /** AES-256-GCM of the card number: iv, tag and ciphertext, base64. */
  pan: { iv: string; tag: string; data: string };
  createdAt: Date;
}

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
 * issuer): makes a 16-digit Luhn-valid number on the product's BIN, stores it
 * encrypted in its own database and hands back a random token. Cards' own
 * documents, its events and its logs only ever see token, BIN and last four.
 */
export class LocalCardVault implements CardVault {
  private readonly key: Buffer;

  constructor(
    private readonly entries: mongo.Collection<VaultEntry>,
    secret: string,
    private readonly bins?: Readonly<Record<string, string>>,
  ) {
    this.key = createHash('sha256').update(secret).digest();
  }

  async issue(cardId: string, productCode: string, issuedAt: number, avoidLast4?: string): Promise<Vaulted> {
    const existing = await this.entries.findOne({ _id: cardId });
    if (existing) return view(existing);
    const bin = binFor(productCode, this.bins);
    let pan: string;
    do {
      let body = bin;
      while (body.length < 15) body += String(randomInt(10));
      pan = body + String(luhnCheckDigit(body));
    } while (pan.slice(-4) === avoidLast4);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(pan, 'utf8'), cipher.final()]);
    const entry: VaultEntry = {
      _id: cardId,
      token: `tok_${randomBytes(12).toString('hex')}`,
      bin,
      last4: pan.slice(-4),
      network: networkOf(bin),
      ...expiryFrom(issuedAt),
      pan: {
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      },
      createdAt: new Date(),
    };
    try {
      await this.entries.insertOne(entry);
      return view(entry);
    } catch (err) {
      // Two issuers raced on one card id: the first number stands.
      if ((err as { code?: number }).code !== 11000) throw err;
      const winner = await this.entries.findOne({ _id: cardId });
      if (!winner) throw err;
      return view(winner);
    }
  }

  /** The card number behind a token: for the issuer's own processes (and tests proving it never leaks). */
  async detokenize(token: string): Promise<string | null> {
    const e = await this.entries.findOne({ token });
    if (!e) return null;
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(e.pan.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(e.pan.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(e.pan.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
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
