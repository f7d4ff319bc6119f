import { randomUUID } from 'node:crypto';
import type { Actor, EventContext } from '@cardline/platform';
import type { CaseCommand, CaseState } from '../domain/case';
import type { HardshipProgramme } from '../domain/hardship';
import { planPolicyFor, type PlanFrequency } from '../domain/policy';
import { RuleRefused } from '../domain/refusals';
import type { CaseService, Saved } from './case-service';
import type { Accounts } from './ports';

/**
 * Use cases of repayment plans, hardship and re-ageing on the Case
 * aggregate (docs/adr/0021-collections-plans-hardship-reage.md). The market's
 * figures and the re-age evidence (account opening, earlier re-ages) are
 * read once the case is loaded.
 */
export class ReliefService {
  constructor(
    private readonly cases: CaseService,
    private readonly accounts: Accounts,
    private readonly now: () => number,
    /** Ids of plans, programmes and re-age requests (specs pass a counter). */
    private readonly newId: (prefix: string) => string = (prefix) => `${prefix}_${randomUUID()}`,
  ) {}

  proposePlan(
    caseId: string,
    c: {
      count: number;
      frequency: PlanFrequency;
      firstDueDate: string;
      totalAmount: number | null;
      actor: Actor;
    },
    ctx: EventContext,
  ): Promise<Saved> {
    const planId = this.newId('pln');
    return this.withPolicy(caseId, ctx, (policy) => ({
      kind: 'ProposePlan',
      planId,
      policy,
      ...c,
      now: this.now(),
    }));
  }

  acceptPlan(caseId: string, planId: string, actor: Actor, ctx: EventContext): Promise<Saved> {
    return this.cases.decideAndSave(
      caseId,
      () => ({ kind: 'AcceptPlan', planId, actor, now: this.now() }),
      ctx,
    );
  }

  grantHardship(
    caseId: string,
    programme: HardshipProgramme,
    actor: Actor,
    ctx: EventContext,
  ): Promise<Saved> {
    const programmeId = this.newId('hdp');
    return this.withPolicy(caseId, ctx, (policy) => ({
      kind: 'GrantHardship',
      programmeId,
      programme,
      policy,
      actor,
      now: this.now(),
    }));
  }

  /** A refused re-age is recorded on the case, then thrown as RuleRefused so the API names the limit (422). */
  async requestReAge(caseId: string, actor: Actor, ctx: EventContext): Promise<Saved> {
    const requestId = this.newId('rag');
    const saved = await this.withPolicy(
      caseId,
      ctx,
      (policy) => ({
        kind: 'RequestReAge',
        requestId,
        accountOpenedAt: null,
        priorReAges: [],
        policy,
        actor,
        now: this.now(),
      }),
      async (cmd, s) => {
        if (cmd.kind !== 'RequestReAge') return cmd;
        const account = await this.accounts.account(s.accountId);
        return {
          ...cmd,
          accountOpenedAt: account?.openedAt ?? null,
          priorReAges: await this.reAgesOn(s.accountId),
        };
      },
    );
    const refused = saved.events.find((e) => e.type === 'collections.case.re-age-refused.v1');
    if (refused?.type === 'collections.case.re-age-refused.v1')
      throw new RuleRefused(refused.payload.limitId, refused.payload.reason);
    return saved;
  }

  /** The local dates the account was re-aged on, across all its cases. */
  private async reAgesOn(accountId: string): Promise<string[]> {
    const cases = await this.cases.list({ accountId });
    return cases.flatMap((c) =>
      (c.reAges ?? []).flatMap((r) => (r.granted && r.reAgedOn ? [r.reAgedOn] : [])),
    );
  }

  /** Decide with the case's market figures; `more` reads what else the command needs once the case is loaded. */
  private withPolicy(
    caseId: string,
    ctx: EventContext,
    command: (policy: ReturnType<typeof planPolicyFor>) => CaseCommand,
    more?: (cmd: CaseCommand, s: CaseState) => Promise<CaseCommand>,
  ): Promise<Saved> {
    return this.cases.decideAndSave(
      caseId,
      () => command(planPolicyFor('US')),
      ctx,
      async (cmd, s) => {
        if (!s) return cmd;
        const withMarket =
          'policy' in cmd ? ({ ...cmd, policy: planPolicyFor(s.market) } as CaseCommand) : cmd;
        return more ? more(withMarket, s) : withMarket;
      },
    );
  }
}
