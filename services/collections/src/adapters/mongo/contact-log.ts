import type { mongo } from 'mongoose';
import { ensureIndexes, insertOnce } from '@cardline/platform';
import type { ContactRecord } from '../../domain/contact';
import type {
  CollectorActivity,
  ContactAttemptRecord,
  ContactDecisionRecord,
  ContactLog,
  DecisionFilter,
  Period,
} from '../../application/ports';

/** Machines that record contacts or ask the gate: not collectors, so never on a scorecard. */
const SYSTEM_ROLE = 'system';

const during = (field: string, p: Period) =>
  p.from || p.to ? { [field]: { ...(p.from && { $gte: p.from }), ...(p.to && { $lt: p.to }) } } : {};

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
      { key: { caseId: 1 }, name: 'by_case' },
      { key: { at: 1 }, name: 'by_time' },
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

  async attemptsPerCase(caseIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (caseIds.length === 0) return counts;
    const docs = await this.attempts
      .find({ caseId: { $in: [...caseIds] } }, { projection: { caseId: 1 } })
      .toArray();
    for (const d of docs) counts.set(d.caseId, (counts.get(d.caseId) ?? 0) + 1);
    return counts;
  }

  async collectorActivity(p: Period): Promise<CollectorActivity[]> {
    const attempts = await this.attempts
      .find({ ...during('at', p), 'collector.role': { $ne: SYSTEM_ROLE } }, { projection: { collector: 1 } })
      .toArray();
    const allowed = new Set(
      (
        await this.decisionLog
          .find({ _id: { $in: attempts.map((a) => a._id) }, allowed: true }, { projection: { _id: 1 } })
          .toArray()
      ).map((d) => d._id),
    );
    const refusals = await this.decisionLog
      .find(
        { ...during('decidedAt', p), allowed: false, 'requestedBy.role': { $ne: SYSTEM_ROLE } },
        { projection: { requestedBy: 1 } },
      )
      .toArray();
    const by = new Map<string, CollectorActivity>();
    const of = (collectorId: string): CollectorActivity => {
      const found = by.get(collectorId);
      if (found) return found;
      const fresh = { collectorId, contacts: 0, refusalsOverridden: 0, gateRefusals: 0 };
      by.set(collectorId, fresh);
      return fresh;
    };
    for (const a of attempts) {
      const c = of(a.collector.id);
      c.contacts++;
      if (!allowed.has(a._id)) c.refusalsOverridden++;
    }
    for (const r of refusals) of(r.requestedBy.id).gateRefusals++;
    return [...by.values()];
  }
}
