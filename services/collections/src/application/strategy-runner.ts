import { randomUUID } from 'node:crypto';
import type { Actor, Clock } from '@cardline/platform';
import { DEFAULT_RULE_PACKS, type ContactRulePack, type Market } from '../domain/policy';
import { DEFAULT_STRATEGIES } from '../domain/strategy-config';
import { runnerAttempt, treatmentDue, type Strategies } from '../domain/treatment-plan';
import type { CaseService, Saved } from './case-service';
import { decisionRecord, HISTORY_MS } from './contact-service';
import type { ContactLog } from './ports';

/** Who the runner's gate questions and treatments are recorded as (the delivery adapter delivers its attempts). */
export const STRATEGY_RUNNER: Actor = { id: 'strategy-runner', role: 'system' };

/**
 * The strategy runner (docs/domain.md#collections, "Strategy runner";
 * docs/adr/0025-simulated-delivery-adapter.md): the timer hands it each case
 * whose `nextTreatmentAt` has come; it plans the treatment due
 * (domain/treatment-plan.ts), asks the gate through the case and writes the
 * decision log, as a collector's attempt does. The timer's lease keeps two
 * instances off one case, and the case's version guard makes a lost race
 * plan again and find nothing due, so no contact is made twice.
 */
export class StrategyRunner {
  constructor(
    private readonly cases: CaseService,
    private readonly log: ContactLog,
    private readonly clock: Clock,
    private readonly strategies: Strategies = DEFAULT_STRATEGIES,
    private readonly packs: Readonly<Record<Market, ContactRulePack>> = DEFAULT_RULE_PACKS,
    private readonly newAttemptId: () => string = () => `att_${randomUUID()}`,
  ) {}

  async run(caseId: string, at: Date = this.clock.now()): Promise<Saved> {
    const now = at.getTime();
    const s = await this.cases.require(caseId);
    const plan = treatmentDue(s, this.strategies, now);
    if (!plan) return { state: s, events: [] };
    const history = plan.channel === null ? [] : await this.log.historyOf(s, new Date(now - HISTORY_MS));
    const attemptId = this.newAttemptId();
    const saved = await this.cases.decideAndSave(
      caseId,
      () => ({
        kind: 'ApplyTreatment',
        attemptId,
        strategies: this.strategies,
        history,
        packs: this.packs,
        actor: STRATEGY_RUNNER,
        now,
      }),
      { correlationId: `strategy-runner-${caseId}`, causationId: null },
    );
    for (const e of saved.events)
      if (e.type === 'collections.case.contact-decided.v1')
        await this.log.appendDecision(
          decisionRecord(e.payload, runnerAttempt(s, e.payload.channel as NonNullable<typeof plan.channel>)),
        );
    return saved;
  }
}
