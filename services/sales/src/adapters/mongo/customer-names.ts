import type { mongo } from 'mongoose';
import { ensureIndexes, type AggregateDoc } from '@cardline/platform';
import type { ApplicationRecord } from '../../application/application-record';
import { nameKeys, type CustomerNames, type NameMatch } from '../../application/customer-names';
import type { SecretStore } from '../../application/ports';

export interface NameKeysDoc {
  _id: string;
  keys: string[];
}

/** Applications read per search: a name shared by more than this needs another clue (phone, card). */
const APPLICATIONS_READ = 50;

/** The name index (`applicant_name_keys`) joined to the applications for their customers. */
export class MongoCustomerNames implements CustomerNames {
  constructor(
    private readonly docs: mongo.Collection<NameKeysDoc>,
    private readonly applications: mongo.Collection<AggregateDoc<ApplicationRecord>>,
    private readonly key: string,
  ) {}

  ensureIndexes(): Promise<void> {
    return ensureIndexes(this.docs, [{ key: { keys: 1 }, name: 'by_name_key' }]);
  }

  async put(applicationId: string, fullName: string): Promise<void> {
    await this.docs.replaceOne(
      { _id: applicationId },
      { keys: nameKeys(fullName, this.key) },
      { upsert: true },
    );
  }

  async remove(applicationId: string): Promise<void> {
    await this.docs.deleteOne({ _id: applicationId });
  }

  async find(name: string): Promise<NameMatch[]> {
    const keys = nameKeys(name, this.key);
    if (keys.length === 0) return [];
    const ids = (await this.docs.find({ keys: { $all: keys } }, { projection: { _id: 1 } }).toArray()).map(
      (d) => d._id,
    );
    if (ids.length === 0) return [];
    const apps = await this.applications
      .find({ _id: { $in: ids } }, { projection: { state: 1 } })
      .sort({ submittedAt: -1 })
      .limit(APPLICATIONS_READ)
      .toArray();
    const byCustomer = new Map<string, NameMatch>();
    for (const { state: r } of apps) {
      const match = byCustomer.get(r.customerId) ?? {
        customerId: r.customerId,
        market: r.application.market,
        accountIds: [],
      };
      const accountId = r.fulfilment.accountId;
      if (accountId && !match.accountIds.includes(accountId)) match.accountIds.push(accountId);
      byCustomer.set(r.customerId, match);
    }
    return [...byCustomer.values()];
  }

  /** Applications taken before the name search: their names opened from the sealed store and indexed, at start. */
  async backfill(secrets: Pick<SecretStore, 'get'>): Promise<number> {
    const indexed = new Set(
      (await this.docs.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id),
    );
    const all = await this.applications.find({}, { projection: { _id: 1 } }).toArray();
    let n = 0;
    for (const { _id } of all) {
      if (indexed.has(_id)) continue;
      const s = await secrets.get(_id);
      if (!s) continue;
      await this.put(_id, s.identity.fullName);
      n++;
    }
    return n;
  }
}
