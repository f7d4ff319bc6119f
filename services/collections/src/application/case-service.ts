import { createHash, randomUUID } from 'node:crypto';
import {
  decideAndSave,
  DomainError,
  type Actor,
  type AggregateStore,
  type Clock,
  type EventContext,
} from '@cardline/platform';
import {
  paidTowardMinimum,
  type LedgerAccountChargedOffV1,
  type LedgerAccountDelinquencyChangedV1,
  type LedgerTransactionPostedV1,
} from '@cardline/schemas';
import { isDelinquent, type Bucket } from '../domain/buckets';
import { casePolicyFor } from '../domain/case-policy';
import {
  decide,
  fold,
  isPublished,
  nextDueAt,
  suppressedUntil,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
} from '../domain/case';
import { DEFAULT_STRATEGIES } from '../domain/strategy-config';
import { nextTreatmentAt } from '../domain/treatment-plan';
import { BUCKET_RANK, workItemOf } from '../domain/worklist';
import type { Accounts, OpenDisputes } from './ports';

/** A case id from its account and the ledger report that opened it: a redelivered report opens nothing new. */
export function caseIdFor(accountId: string, asOf: number): string {
  return `col_${createHash('sha256').update(`${accountId}:${asOf}`).digest('hex').slice(0, 24)}`;
}

export interface CaseFilter {
  accountId?: string;
  bucket?: Bucket;
  status?: CaseStatus;
}

/** How many cases a report reads at most (newest first); past it the report says so (`truncated`). */
export const REPORT_LIMIT = 20_000;

export type Saved = { state: CaseState; events: CaseEvent[] };

/**
 * Use cases of the Case aggregate: load, decide, save with outbox
 * (decideAndSave). Reactions to the ledger and to disputes find the
 * account's open case; commands from collectors name the case.
 */
export class CaseService {
  constructor(
    private readonly store: AggregateStore<CaseState>,
    private readonly accounts: Accounts,
    private readonly disputes: OpenDisputes,
    private readonly clock: Clock,
    /** PROMISE_GRACE_DAYS, when configured: overrides the market's default. */
    private readonly promiseGraceDays?: number,
  ) {}

  async get(caseId: string): Promise<CaseState | null> {
    return (await this.store.load(caseId))?.state ?? null;
  }

  async require(caseId: string): Promise<CaseState> {
    const s = await this.get(caseId);
    if (!s) throw new DomainError('NOT_FOUND', `case ${caseId} not found`);
    return s;
  }

  /** Cases, newest first (at most 200). */
  async list(f: CaseFilter): Promise<CaseState[]> {
    const docs = await this.store.collection
      .find(
        {
          ...(f.accountId && { accountId: f.accountId }),
          ...(f.bucket && { bucket: f.bucket }),
          ...(f.status && { status: f.status }),
        },
        { projection: { state: 1 } },
      )
      .sort({ openedAt: -1 })
      .limit(200)
      .toArray();
    return docs.map((d) => d.state);
  }

  /** Cases with a strategy recorded (the variant report), at most REPORT_LIMIT, newest first. */
  async withStrategy(strategyId?: string): Promise<CaseState[]> {
    return this.states({ strategyId: strategyId ?? { $ne: null } });
  }

  /** Cases with a promise to pay (the scorecards), at most REPORT_LIMIT, newest first. */
  async withPromises(): Promise<CaseState[]> {
    return this.states({ hasPromises: true });
  }

  private async states(filter: Record<string, unknown>): Promise<CaseState[]> {
    const docs = await this.store.collection
      .find(filter, { projection: { state: 1 } })
      .sort({ openedAt: -1 })
      .limit(REPORT_LIMIT)
      .toArray();
    return docs.map((d) => d.state);
  }

  /** The account's case now: the open one, else the latest. */
  async forAccount(accountId: string): Promise<CaseState | null> {
    const [latest] = await this.list({ accountId });
    return (await this.openCase(accountId)) ?? latest ?? null;
  }

  /** Reaction to the ledger's bucket moves: open a case, move it, or close it cured. */
  async onDelinquencyChanged(p: LedgerAccountDelinquencyChangedV1, ctx: EventContext): Promise<void> {
    const open = await this.openCase(p.accountId);
    const figures = {
      bucket: p.bucket,
      daysPastDue: p.daysPastDue,
      amountPastDue: p.amountPastDue,
      asOf: p.asOf,
    };
    if (open) {
      await this.decideAndSave(
        open.caseId,
        () => ({ kind: 'RecordDelinquency', ...figures, now: this.now() }),
        ctx,
      );
      await this.assignStrategy(open.caseId, ctx);
      return;
    }
    // A report no newer than what the account's latest case knew is a redelivery after it closed.
    const [latest] = await this.list({ accountId: p.accountId });
    if (!isDelinquent(p.bucket) || (latest && p.asOf <= (latest.closedAt ?? latest.ledgerAsOf))) return;
    const caseId = caseIdFor(p.accountId, p.asOf);
    const account = await this.accounts.account(p.accountId);
    try {
      await this.decideAndSave(
        caseId,
        () => ({
          kind: 'OpenCase',
          caseId,
          accountId: p.accountId,
          account,
          currency: p.currency,
          openDisputes: [],
          ...(latest && { priorFacts: latest.contactFacts }),
          ...figures,
          now: this.now(),
        }),
        ctx,
        async (cmd) =>
          cmd.kind === 'OpenCase' ? { ...cmd, openDisputes: await this.disputes.openOn(p.accountId) } : cmd,
      );
    } catch (err) {
      // A redelivered report: the case it opened exists already.
      if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') return;
      throw err;
    }
    await this.assignStrategy(caseId, ctx);
    // A dispute written to the view while the case was being opened found no case: look again.
    await this.syncDisputes(p.accountId, ctx);
  }

  /** The case takes its bucket's strategy and the variant of its account (recorded once per change). */
  private async assignStrategy(caseId: string, ctx: EventContext): Promise<void> {
    await this.decideAndSave(
      caseId,
      () => ({ kind: 'AssignStrategy', strategies: DEFAULT_STRATEGIES, now: this.now() }),
      ctx,
    );
  }

  async onChargedOff(p: LedgerAccountChargedOffV1, ctx: EventContext): Promise<void> {
    const open = await this.openCase(p.accountId);
    if (!open) return;
    await this.decideAndSave(
      open.caseId,
      () => ({
        kind: 'ChargeOff',
        daysPastDue: p.daysPastDue,
        balance: p.balance,
        chargedOffAt: p.chargedOffAt,
        now: this.now(),
      }),
      ctx,
    );
    await this.assignStrategy(open.caseId, ctx);
  }

  /** After the disputes view changed for an account: the open case takes the open disputes as they are now. */
  async syncDisputes(accountId: string, ctx: EventContext): Promise<void> {
    const open = await this.openCase(accountId);
    if (!open) return;
    await this.decideAndSave(
      open.caseId,
      () => ({ kind: 'SyncDisputes', openDisputes: [], now: this.now() }),
      ctx,
      async (cmd) =>
        cmd.kind === 'SyncDisputes' ? { ...cmd, openDisputes: await this.disputes.openOn(accountId) } : cmd,
    );
  }

  /** A posting on the account: payments and returned payments count (the shared rule paidTowardMinimum). */
  async onPosted(p: LedgerTransactionPostedV1, ctx: EventContext): Promise<void> {
    const amount = paidTowardMinimum(p);
    if (amount === 0) return;
    const open = await this.openCase(p.accountId);
    if (!open) return;
    await this.decideAndSave(
      open.caseId,
      () => ({
        kind: 'RecordPayment',
        transactionId: p.transactionId,
        amount,
        postedAt: p.postedAt,
        now: this.now(),
      }),
      ctx,
    );
  }

  makePromise(
    caseId: string,
    c: { instalments: { amount: number; dueDate: string }[]; actor: Actor },
    ctx: EventContext,
  ): Promise<Saved> {
    const promiseId = `ptp_${randomUUID()}`;
    return this.decideAndSave(
      caseId,
      () => ({
        kind: 'MakePromise',
        promiseId,
        instalments: c.instalments,
        policy: casePolicyFor('US', this.promiseGraceDays),
        actor: c.actor,
        now: this.now(),
      }),
      ctx,
      async (cmd, s) =>
        cmd.kind === 'MakePromise' && s
          ? { ...cmd, policy: casePolicyFor(s.market, this.promiseGraceDays) }
          : cmd,
    );
  }

  /** The timer's work for one case: promises, then plans and hardship programmes (plans.ts, relief.ts). */
  async tick(caseId: string, now: Date): Promise<Saved> {
    const ctx = { correlationId: `promise-timer-${caseId}`, causationId: null };
    const promises = await this.decideAndSave(
      caseId,
      () => ({ kind: 'CheckPromises', now: now.getTime() }),
      ctx,
    );
    const plans = await this.decideAndSave(caseId, () => ({ kind: 'CheckPlans', now: now.getTime() }), ctx);
    return { state: plans.state, events: [...promises.events, ...plans.events] };
  }

  private async openCase(accountId: string): Promise<CaseState | null> {
    const doc = await this.store.collection.findOne(
      { accountId, status: 'OPEN' },
      { projection: { state: 1 } },
    );
    return doc?.state ?? null;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Load, decide, save with outbox; other use cases of the case (contact-service.ts) go through it too. */
  async decideAndSave(
    id: string,
    command: () => CaseCommand,
    ctx: EventContext,
    enrich?: (cmd: CaseCommand, s: CaseState | null) => Promise<CaseCommand>,
  ): Promise<Saved> {
    const { state, events } = await decideAndSave({
      store: this.store,
      id,
      ctx,
      decide: async (current: CaseState | null) => {
        const cmd = command();
        if (!current && cmd.kind !== 'OpenCase') throw new DomainError('NOT_FOUND', `case ${id} not found`);
        return decide(enrich ? await enrich(cmd, current) : cmd, current);
      },
      fold,
      isPublished,
      index: indexFields,
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `case ${id} already exists`),
    });
    return { state: state as CaseState, events };
  }
}

/** Top-level fields queried outside the aggregate: the account, the filters, the promise timer, the strategy runner, the work queue. */
export function indexFields(s: CaseState): Record<string, unknown> {
  const due = nextDueAt(s);
  const suppressed = suppressedUntil(s);
  const treatment = nextTreatmentAt(s, DEFAULT_STRATEGIES);
  return {
    bucketRank: BUCKET_RANK[s.bucket],
    collectableAmount: s.collectableAmount,
    brokenPromises: workItemOf(s).brokenPromises,
    lastContactAt: s.lastContactAt === null ? null : new Date(s.lastContactAt),
    suppressedUntil: suppressed === null ? null : new Date(suppressed),
    accountId: s.accountId,
    status: s.status,
    bucket: s.bucket,
    stage: s.stage,
    openedAt: new Date(s.openedAt),
    nextDueAt: due === null ? null : new Date(due),
    nextTreatmentAt: treatment === null ? null : new Date(treatment),
    strategyId: s.strategy?.strategyId ?? null,
    hasPromises: s.promises.length > 0,
  };
}
