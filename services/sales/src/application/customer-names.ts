import { createHmac } from 'node:crypto';
import { normaliseName } from '../domain/identity';
import type { ApplicantSecrets, SecretStore } from './ports';

/**
 * The words of a name as the search compares them, each as a keyed hash
 * (HMAC-SHA-256 with SALES_ID_HASH_KEY): normalised first (case, accents,
 * punctuation: identity.ts), so "José O'Neil" is found by "jose oneil" and by
 * "O'Neil" alone. The name itself stays sealed with the applicant's other
 * personal data; the index holds only these (docs/architecture.md, "Customer search").
 */
export function nameKeys(fullName: string, key: string): string[] {
  const words = normaliseName(fullName).split(' ').filter(Boolean);
  return [...new Set(words.map((w) => createHmac('sha256', key).update(`name:${w}`).digest('hex')))];
}

/** A customer the name search found: who, in which market, with the accounts their applications opened. */
export interface NameMatch {
  customerId: string;
  market: string;
  accountIds: string[];
}

/** The name index: one entry per application, its name's word keys. */
export interface CustomerNames {
  put(applicationId: string, fullName: string): Promise<void>;
  remove(applicationId: string): Promise<void>;
  /** Customers whose application name holds every word of `name`, newest application first. */
  find(name: string): Promise<NameMatch[]>;
}

/**
 * The secret store that also indexes the name it seals: every place an
 * application's identity is written (taken, corrected) keeps the index in step.
 */
export class NameIndexingSecrets implements SecretStore {
  constructor(
    private readonly inner: SecretStore,
    private readonly names: Pick<CustomerNames, 'put' | 'remove'>,
  ) {}

  async put(applicationId: string, secrets: ApplicantSecrets): Promise<void> {
    await this.inner.put(applicationId, secrets);
    await this.names.put(applicationId, secrets.identity.fullName);
  }

  get(applicationId: string): Promise<ApplicantSecrets | null> {
    return this.inner.get(applicationId);
  }

  /** A refused submission's identity goes, and its name keys with it. */
  async remove(applicationId: string): Promise<void> {
    await this.inner.remove(applicationId);
    await this.names.remove(applicationId);
  }
}
