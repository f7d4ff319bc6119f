import type { mongo } from 'mongoose';
import { DomainError, type AggregateDoc, type Clock } from '@cardline/platform';
import { suppressedUntil, type CaseState } from '../domain/case';
import { byPriority, isWorkable, PRIORITY_SORT, workItemOf } from '../domain/worklist';

/** The claim fields on a case document, beside the promise timer's own lease (leaseOwner, leaseUntil). */
export interface ClaimFields {
  claimedBy?: string | null;
  claimedUntil?: Date | null;
}
type CaseDoc = AggregateDoc<CaseState> & ClaimFields;

export interface Claimed {
  state: CaseState;
  claimedBy: string;
  claimedUntil: Date;
}

/**
 * The collectors' work queue (docs/domain.md#collections): open cases no
 * promise suppresses, in priority order (domain/worklist.ts). A claim is a
 * lease on the case document taken in one findOneAndUpdate, so two collectors
 * never hold the same case (one open case per account: the same account);
 * a lease that ran out is free again. Lease time is the service clock, so the
 * simulated clock expires it in tests.
 */
export class WorklistService {
  constructor(
    private readonly cases: mongo.Collection<CaseDoc>,
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {}

  /** The queue in order (at most 200), with who holds each case now. */
  async list(): Promise<(Claimed | { state: CaseState; claimedBy: null; claimedUntil: null })[]> {
    const now = this.clock.now();
    const docs = await this.cases
      .find(this.workable(now), { projection: { state: 1, claimedBy: 1, claimedUntil: 1 } })
      .sort(PRIORITY_SORT)
      .limit(200)
      .toArray();
    return docs
      .filter((d) => isWorkable(suppressedUntil(d.state), now.getTime()))
      .sort((a, b) => byPriority(workItemOf(a.state), workItemOf(b.state)))
      .map((d) =>
        d.claimedBy && d.claimedUntil && d.claimedUntil > now
          ? { state: d.state, claimedBy: d.claimedBy, claimedUntil: d.claimedUntil }
          : { state: d.state, claimedBy: null, claimedUntil: null },
      );
  }

  /** The collector's live claim, renewed; else the first free case, claimed; null when none is free. */
  async claim(collector: string): Promise<Claimed | null> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    const set = { $set: { claimedBy: collector, claimedUntil: until } } as mongo.UpdateFilter<CaseDoc>;
    const held = await this.cases.findOneAndUpdate(
      { ...this.workable(now), claimedBy: collector, claimedUntil: { $gt: now } } as mongo.Filter<CaseDoc>,
      set,
      { sort: PRIORITY_SORT, returnDocument: 'after' },
    );
    const doc =
      held ??
      (await this.cases.findOneAndUpdate(
        {
          ...this.workable(now),
          $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
        } as mongo.Filter<CaseDoc>,
        set,
        { sort: PRIORITY_SORT, returnDocument: 'after' },
      ));
    return doc ? { state: doc.state, claimedBy: collector, claimedUntil: until } : null;
  }

  /** Gives a claim back: the holder's own, or any for a supervisor (`anyHolder`). */
  async release(caseId: string, collector: string, anyHolder: boolean): Promise<CaseState> {
    const doc = await this.cases.findOneAndUpdate(
      { _id: caseId, ...(anyHolder ? {} : { claimedBy: collector }) } as mongo.Filter<CaseDoc>,
      { $set: { claimedBy: null, claimedUntil: null } } as mongo.UpdateFilter<CaseDoc>,
      { returnDocument: 'after' },
    );
    if (doc) return doc.state;
    {
      const exists = await this.cases.countDocuments({ _id: caseId } as mongo.Filter<CaseDoc>);
      if (exists === 0) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
      throw new DomainError('INVALID_STATE', `case ${caseId} is not claimed by ${collector}`, 'NOT_CLAIMED');
    }
  }

  private workable(now: Date): mongo.Filter<CaseDoc> {
    return {
      status: 'OPEN',
      $and: [{ $or: [{ suppressedUntil: null }, { suppressedUntil: { $lte: now } }] }],
    } as mongo.Filter<CaseDoc>;
  }
}
