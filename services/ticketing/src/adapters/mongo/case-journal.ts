import type { mongo } from 'mongoose';
import { ensureIndexes } from '@cardline/platform';
import type { CaseJournal } from '../../application/ports';
import type { HistoryEntry, Interaction } from '../../domain/case';
import type { JournalWrites, Numbered } from '../../domain/journal';

type Doc<T> = T & { _id: string; caseId: string; seq: number };

/**
 * The case journal in Mongo: one document per entry, keyed by case and
 * number, so writing an entry again replaces it (docs/architecture.md#bounded-aggregates).
 */
export class MongoCaseJournal implements CaseJournal {
  private readonly interactionDocs: mongo.Collection<Doc<Interaction>>;
  private readonly historyDocs: mongo.Collection<Doc<HistoryEntry>>;

  constructor(db: mongo.Db) {
    this.interactionDocs = db.collection('case_interactions');
    this.historyDocs = db.collection('case_history');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.interactionDocs, [
      { key: { caseId: 1, seq: 1 }, name: 'by_case' },
      { key: { channel: 1, externalId: 1 }, name: 'by_external_id' },
    ]);
    await ensureIndexes(this.historyDocs, [{ key: { caseId: 1, seq: 1 }, name: 'by_case' }]);
  }

  async write(caseId: string, w: JournalWrites): Promise<void> {
    await Promise.all([
      ...w.interactions.map((n) => put(this.interactionDocs, caseId, n)),
      ...w.history.map((n) => put(this.historyDocs, caseId, n)),
    ]);
  }

  interactions(caseId: string, after: number, through: number, limit: number) {
    return page(this.interactionDocs, caseId, after, through, limit);
  }

  history(caseId: string, after: number, through: number, limit: number) {
    return page(this.historyDocs, caseId, after, through, limit);
  }

  async messagesAt(channel: string, externalId: string): Promise<{ caseId: string; seq: number }[]> {
    const docs = await this.interactionDocs
      .find({ channel, externalId } as mongo.Filter<Doc<Interaction>>, { projection: { caseId: 1, seq: 1 } })
      .limit(50)
      .toArray();
    return docs.map((d) => ({ caseId: d.caseId, seq: d.seq }));
  }
}

async function put<T extends object>(c: mongo.Collection<Doc<T>>, caseId: string, n: Numbered<T>) {
  const _id = `${caseId}/${n.seq}`;
  const doc = { ...n.entry, _id, caseId, seq: n.seq } as Doc<T>;
  await c.replaceOne({ _id } as mongo.Filter<Doc<T>>, doc, { upsert: true });
}

async function page<T extends object>(
  c: mongo.Collection<Doc<T>>,
  caseId: string,
  after: number,
  through: number,
  limit: number,
): Promise<Numbered<T>[]> {
  if (through <= after || limit <= 0) return [];
  const docs = await c
    .find({ caseId, seq: { $gt: after, $lte: through } } as mongo.Filter<Doc<T>>)
    .sort({ seq: 1 })
    .limit(limit)
    .toArray();
  return docs.map((d) => {
    const { _id, caseId: _case, seq, ...entry } = d as Doc<T> & Record<string, unknown>;
    return { seq, entry: entry as unknown as T };
  });
}
