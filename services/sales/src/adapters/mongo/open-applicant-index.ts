import type { mongo } from 'mongoose';
import { ensureIndexes, type AggregateDoc } from '@cardline/platform';
import { openApplicant } from '../../application/application-service';
import type { ApplicationRecord } from '../../application/application-record';

/**
 * The duplicate-application check as a unique index (docs/adr/0026-sales-exactly-once-by-key.md).
 * Applications saved before the field existed get theirs first, since a
 * unique index counts every missing field as one null; should two of them be
 * open for one person already, the later keeps a value of its own.
 */
export async function ensureOpenApplicantIndex(
  applications: mongo.Collection<AggregateDoc<ApplicationRecord>>,
): Promise<void> {
  const seen = new Set<string>();
  const missing = applications
    .find({ openApplicant: { $exists: false } }, { projection: { state: 1 } })
    .sort({ submittedAt: 1 });
  for await (const doc of missing) {
    let value = openApplicant(doc.state);
    if (seen.has(value)) value = `duplicate:${doc._id}`;
    seen.add(value);
    await applications.updateOne({ _id: doc._id }, { $set: { openApplicant: value } });
  }
  await ensureIndexes(applications, [
    { key: { openApplicant: 1 }, name: 'one_open_per_applicant', unique: true },
  ]);
}
