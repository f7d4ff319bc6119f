import { randomUUID } from 'node:crypto';
import type { Actor, Clock } from '@cardline/platform';
import type { CaseState } from '../domain/case';
import { scorecards, type CollectorFigures, type Scorecard } from '../domain/scorecard';
import { compareVariants, outcomeOf, type VariantReport } from '../domain/strategy-report';
import { REPORT_LIMIT, type CaseService } from './case-service';
import type { ComplaintRecord, Complaints, ContactLog, Period } from './ports';

export interface StrategyReport {
  strategyId: string;
  variants: VariantReport[];
}

/**
 * Supervisors' reports from collections' own read models: the
 * champion/challenger comparison (cases by their recorded strategy and
 * variant, contacts from the contact records) and the collector scorecards
 * (contact records, the decision log, promises on the cases, complaints).
 */
export class ReportService {
  constructor(
    private readonly cases: CaseService,
    private readonly log: ContactLog,
    private readonly complaints: Complaints,
    private readonly clock: Clock,
  ) {}

  async strategyReport(strategyId?: string): Promise<{ items: StrategyReport[]; truncated: boolean }> {
    const states = await this.cases.withStrategy(strategyId);
    const contacts = await this.log.attemptsPerCase(states.map((s) => s.caseId));
    const by = new Map<string, CaseState[]>();
    for (const s of states) {
      const id = s.strategy?.strategyId ?? 'UNASSIGNED';
      by.set(id, [...(by.get(id) ?? []), s]);
    }
    const items = [...by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, ss]) => ({
        strategyId: id,
        variants: compareVariants(ss.map((s) => outcomeOf(s, contacts.get(s.caseId) ?? 0))),
      }));
    return { items, truncated: states.length >= REPORT_LIMIT };
  }

  async scorecards(p: Period): Promise<Scorecard[]> {
    const [activity, complaints, withPromises] = await Promise.all([
      this.log.collectorActivity(p),
      this.complaints.countByCollector(p),
      this.cases.withPromises(),
    ]);
    const figures = new Map<string, CollectorFigures>();
    const of = (collectorId: string): CollectorFigures => {
      const found = figures.get(collectorId);
      if (found) return found;
      const fresh: CollectorFigures = {
        collectorId,
        contacts: 0,
        refusalsOverridden: 0,
        gateRefusals: 0,
        complaints: 0,
        promisesKept: 0,
        promisesBroken: 0,
        amountRecovered: 0,
      };
      figures.set(collectorId, fresh);
      return fresh;
    };
    for (const a of activity) Object.assign(of(a.collectorId), a);
    for (const [id, n] of complaints) of(id).complaints = n;
    const inPeriod = (t: number | null) =>
      t !== null && (!p.from || t >= p.from.getTime()) && (!p.to || t < p.to.getTime());
    for (const s of withPromises)
      for (const promise of s.promises) {
        if (promise.actor.role === 'system' || !inPeriod(promise.resolvedAt)) continue;
        const f = of(promise.actor.id);
        if (promise.status === 'KEPT') {
          f.promisesKept++;
          f.amountRecovered += promise.totalAmount;
        } else if (promise.status === 'BROKEN') f.promisesBroken++;
      }
    return scorecards([...figures.values()]);
  }

  async scorecard(collectorId: string, p: Period): Promise<Scorecard | null> {
    return (await this.scorecards(p)).find((s) => s.collectorId === collectorId) ?? null;
  }

  async recordComplaint(
    c: Omit<ComplaintRecord, 'complaintId' | 'at' | 'recordedBy'>,
    actor: Actor,
  ): Promise<ComplaintRecord> {
    const record: ComplaintRecord = {
      ...c,
      complaintId: `cmp_${randomUUID()}`,
      recordedBy: { id: actor.id, role: actor.role },
      at: this.clock.now(),
    };
    await this.complaints.record(record);
    return record;
  }
}
