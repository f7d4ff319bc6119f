import { isDuplicateKey, type Actor } from '@cardline/platform';
import type { mongo } from 'mongoose';
import type { EmploymentStatus } from '../../domain/application';
import type { CustomerStanding } from '../../domain/eligibility';
import type { Market } from '../../domain/policy';
import type { ChargeAccount, StandingReader } from '../../application/ports';

/**
 * One account as sales' group sales.standing learns it from the ledger,
 * cards, collections and disputes. Each event sets only its own fields, so
 * the topics may arrive in any order; a field missing is not known yet.
 */
export interface AccountStandingDoc {
  _id: string;
  customerId?: string;
  market?: Market;
  timeZone?: string;
  daysPastDue?: number;
  delinquencyAsOf?: number;
  cardLast4?: string;
  cardIssuedAt?: number;
  /** Open collections cases (a charged-off account's case stays open). */
  collectionsCases?: string[];
  /** Open disputes of kind FRAUD. */
  fraudDisputes?: string[];
  /** Hardship programmes running on the account (a reduced rate or a payment pause; a fee waiver is done once granted). */
  hardshipProgrammes?: string[];
  /** Collections' contact facts: a cease request or calls marked do-not-contact. */
  doNotCall?: boolean;
}

/**
 * What no event carries yet, recorded on sales' own route
 * (PUT /v1/customers/{id}/facts): marketing consent, the customer's own
 * do-not-call request or a do-not-call list entry, a hardship programme
 * arranged outside collections,
 * and the employment status the customer states (docs/domain.md#sales).
 */
export interface CustomerFactsDoc {
  _id: string;
  marketingConsent: boolean;
  doNotCall: boolean;
  inHardship: boolean;
  employmentStatus: EmploymentStatus | null;
  recordedBy: Actor;
  recordedAt: number;
}

export type CustomerFacts = Omit<CustomerFactsDoc, '_id' | 'recordedBy' | 'recordedAt'>;

/** The lists of open things an account holds, by id. */
type StandingList = 'collectionsCases' | 'fraudDisputes' | 'hardshipProgrammes';

/** The read models eligibility is decided on (a `…View`, docs/architecture.md glossary). */
export class StandingView implements StandingReader {
  constructor(
    private readonly accounts: mongo.Collection<AccountStandingDoc>,
    private readonly facts: mongo.Collection<CustomerFactsDoc>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.accounts.createIndex({ customerId: 1 }, { name: 'by_customer' });
  }

  async set(accountId: string, fields: Omit<AccountStandingDoc, '_id'>): Promise<void> {
    await this.accounts.updateOne({ _id: accountId }, { $set: fields }, { upsert: true });
  }

  /** Sets the fields unless a later fact (by `field`) is on file already. */
  async setIfNewer(
    accountId: string,
    field: 'delinquencyAsOf' | 'cardIssuedAt',
    fields: Omit<AccountStandingDoc, '_id'>,
  ): Promise<void> {
    const at = fields[field] ?? 0;
    try {
      await this.accounts.updateOne(
        { _id: accountId, $or: [{ [field]: { $exists: false } }, { [field]: { $lte: at } }] },
        { $set: fields },
        { upsert: true },
      );
    } catch (err) {
      // The document exists with a later fact: this one is older.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async add(accountId: string, list: StandingList, id: string): Promise<void> {
    await this.accounts.updateOne({ _id: accountId }, { $addToSet: { [list]: id } }, { upsert: true });
  }

  async remove(accountId: string, list: StandingList, id: string): Promise<void> {
    await this.accounts.updateOne({ _id: accountId }, { $pull: { [list]: id } }, { upsert: true });
  }

  async recordFacts(
    customerId: string,
    f: CustomerFacts,
    actor: Actor,
    at: number,
  ): Promise<CustomerFactsDoc> {
    const doc: CustomerFactsDoc = { _id: customerId, ...f, recordedBy: actor, recordedAt: at };
    await this.facts.replaceOne({ _id: customerId }, doc, { upsert: true });
    return doc;
  }

  getFacts(customerId: string): Promise<CustomerFactsDoc | null> {
    return this.facts.findOne({ _id: customerId });
  }

  /** Standing is the customer's across every account they hold; calling hours are the charged account's zone. */
  async standing(
    customerId: string,
    accountId: string,
  ): Promise<{ account: ChargeAccount; standing: CustomerStanding } | null> {
    const accounts = await this.accounts.find({ customerId }).toArray();
    const charged = accounts.find((a) => a._id === accountId);
    if (!charged?.market) return null;
    const facts = await this.getFacts(customerId);
    return {
      account: { accountId, customerId, market: charged.market, accountLast4: charged.cardLast4 ?? null },
      standing: {
        daysPastDue: Math.max(0, ...accounts.map((a) => a.daysPastDue ?? 0)),
        inCollections: accounts.some((a) => (a.collectionsCases ?? []).length > 0),
        inHardship:
          (facts?.inHardship ?? false) || accounts.some((a) => (a.hardshipProgrammes ?? []).length > 0),
        openFraudCase: accounts.some((a) => (a.fraudDisputes ?? []).length > 0),
        onDoNotCall: (facts?.doNotCall ?? false) || accounts.some((a) => a.doNotCall === true),
        marketingConsent: facts?.marketingConsent ?? false,
        // An unknown zone is outside calling hours (eligibility.ts).
        timeZone: charged.timeZone ?? '',
        employmentStatus: facts?.employmentStatus ?? null,
      },
    };
  }
}
