import type { mongo } from 'mongoose';
import { ensureIndexes, insertOnce } from '@cardline/platform';
import type { ContactRecord } from '../../domain/contact';
import type {
  ContactAttemptRecord,
  ContactDecisionRecord,
  ContactLog,
  DecisionFilter,
} from '../../application/ports';

export type AttemptDoc = Omit<ContactAttemptRecord, 'attemptId'> & { _id: string };
export type DecisionDoc = Omit<ContactDecisionRecord, 'attemptId'> & { _id: string };

/**
 * `contact_attempts` and `contact_decisions`: append-only (insertOnce by the
 * attempt id, never updated or deleted) and without a TTL index, so records
 * are kept at least the two years docs/domain.md#collections asks; removal
 * after that is an operator's job, not the service's.
 */
export class MongoContactLog implements ContactLog {
  constructor(
    private readonly attempts: mongo.Collection<AttemptDoc>,
    private readonly decisionLog: mongo.Collection<DecisionDoc>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.attempts, [
      { key: { customerId: 1, at: -1 }, name: 'by_debtor' },
      { key: { accountId: 1, at: -1 }, name: 'by_account' },
    ]);
    await ensureIndexes(this.decisionLog, [
      { key: { accountId: 1, decidedAt: 1 }, name: 'by_account' },
      { key: { decidedAt: 1 }, name: 'by_time' },
    ]);
  }

  appendAttempt({ attemptId, ...r }: ContactAttemptRecord): Promise<void> {
    return insertOnce(this.attempts, { _id: attemptId, ...r });
  }

  appendDecision({ attemptId, ...r }: ContactDecisionRecord): Promise<void> {
    return insertOnce(this.decisionLog, { _id: attemptId, ...r });
  }

  async historyOf(
    debtor: { customerId: string | null; accountId: string },
    since: Date,
  ): Promise<ContactRecord[]> {
    const who =
      debtor.customerId === null ? { accountId: debtor.accountId } : { customerId: debtor.customerId };
    const docs = await this.attempts
      .find({ ...who, at: { $gte: since } }, { projection: { note: 0 } })
      .sort({ at: 1 })
      .toArray();
    return docs.map((d) => ({
      at: d.at.toISOString(),
      debtId: d.accountId,
      channel: d.channel,
      direction: d.direction,
      outcome: d.outcome,
    }));
  }

  async decisions(f: DecisionFilter): Promise<ContactDecisionRecord[]> {
    const docs = await this.decisionLog
      .find({
        ...(f.accountId && { accountId: f.accountId }),
        ...((f.from || f.to) && {
          decidedAt: { ...(f.from && { $gte: f.from }), ...(f.to && { $lt: f.to }) },
        }),
      })
      .sort({ decidedAt: 1, _id: 1 })
      .limit(1000)
      .toArray();
    return docs.map(({ _id, ...d }) => ({ attemptId: _id, ...d }));
  }
}
