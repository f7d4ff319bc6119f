import { createHash, randomUUID } from 'node:crypto';
import {
  decideAndSave,
  DomainError,
  type Actor,
  type AggregateStore,
  type Clock,
  type EventContext,
  NotYetError,
} from '@cardline/platform';
import type { CardsCardFraudReportedV1 } from '@cardline/schemas';
import {
  decide,
  fold,
  isPublished,
  nextDueAt,
  type DisputeCommand,
  type DisputeEvent,
  type DisputeState,
  type Reason,
} from '../domain/dispute';
import { monthsBefore, type DisputePolicy, type Market } from '../domain/policy';
import type { LedgerView } from '../adapters/mongo/ledger-view';

type Cmd<K extends DisputeCommand['kind']> = Omit<Extract<DisputeCommand, { kind: K }>, 'kind' | 'now'>;

export interface OpenInput {
  accountId: string;
  transactionId: string;
  reason: Reason;
  /** Default: the whole transaction. */
  disputedAmount?: number;
  /** When the customer gave notice; default now. */
  noticeAt?: number;
  actor: Actor;
}

/** One claim per marked transaction, stable per report, so a redelivered report opens nothing new. */
export function claimId(reportId: string, transactionId: string): string {
  return `dsp_${createHash('sha256').update(`${reportId}:${transactionId}`).digest('hex').slice(0, 24)}`;
}

/**
 * A fact a command depends on has not reached the read model yet: the
 * consumer retries with backoff for up to 10 minutes, then dead-letters the
 * message with this reason (see docs/architecture.md, "Consumers").
 */
export class NotYetKnownError extends NotYetError {
  constructor(message: string) {
    super(message, 10 * 60_000);
    this.name = 'NotYetKnownError';
  }
}

/**
 * Use cases of the Dispute aggregate: read what the decider needs from the
 * read model, decide, save with outbox (decideAndSave). The timer calls
 * tick(); the adjustments the decider asks for reach the ledger through the
 * same outbox.
 */
export class DisputeService {
  constructor(
    private readonly store: AggregateStore<DisputeState>,
    private readonly view: LedgerView,
    private readonly policy: (m: Market) => DisputePolicy,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<DisputeState | null> {
    return (await this.store.load(id))?.state ?? null;
  }

  async require(id: string): Promise<DisputeState> {
    const s = await this.get(id);
    if (!s) throw new DomainError('NOT_FOUND', `dispute ${id} not found`);
    return s;
  }

  async list(filter: { accountId?: string; caseId?: string }): Promise<DisputeState[]> {
    const docs = await this.store.collection
      .find(filter, { projection: { state: 1 } })
      .sort({ openedAt: 1 })
      .toArray();
    return docs.map((d) => d.state);
  }

  /** An agent opens a dispute on the customer's word. */
  open(input: OpenInput, ctx: EventContext): Promise<DisputeState> {
    return this.openOne(
      `dsp_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      `case_${randomUUID().slice(0, 8)}`,
      input,
      'AGENT',
      ctx,
    );
  }

  /** Policy: a cards fraud report opens one claim per marked transaction, grouped in one case. */
  async openFromFraudReport(r: CardsCardFraudReportedV1, ctx: EventContext): Promise<DisputeState[]> {
    const out: DisputeState[] = [];
    for (const t of r.transactions) {
      const id = claimId(r.reportId, t.transactionId);
      const existing = await this.get(id);
      if (existing) {
        out.push(existing);
        continue;
      }
      try {
        out.push(
          await this.openOne(
            id,
            r.reportId,
            {
              accountId: r.accountId,
              transactionId: t.transactionId,
              reason: 'UNAUTHORISED',
              disputedAmount: t.amount,
              noticeAt: r.reportedAt,
              actor: r.actor,
            },
            'FRAUD_REPORT',
            ctx,
          ),
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') out.push(await this.require(id));
        else throw err;
      }
    }
    return out;
  }

  private async openOne(
    disputeId: string,
    caseId: string,
    input: OpenInput,
    source: 'AGENT' | 'FRAUD_REPORT',
    ctx: EventContext,
  ): Promise<DisputeState> {
    const account = await this.view.account(input.accountId);
    const transaction = await this.view.transaction(input.transactionId);
    if (!account || !transaction) {
      const what = !account ? `account ${input.accountId}` : `transaction ${input.transactionId}`;
      if (source === 'FRAUD_REPORT') throw new NotYetKnownError(`${what} not in the read model yet`);
      throw new DomainError('NOT_FOUND', `${what} not found`);
    }
    const now = this.now();
    const policy = this.policy(account.market as Market);
    // The goodwill policy reads earlier late fees for a late fee, earlier waivers for another fee.
    const recentFeeWaivers =
      input.reason === 'OTHER_FEE'
        ? await this.store.collection.countDocuments({
            accountId: input.accountId,
            kind: 'FEE',
            outcome: 'CUSTOMER_WON',
            resolvedAt: {
              $gte: new Date(monthsBefore(now, policy.goodwillLookbackMonths, account.timeZone)),
            },
          })
        : 0;
    const earlierLateFeesAt =
      input.reason === 'LATE_FEE'
        ? await this.view.lateFeesPostedAt(input.accountId, transaction.transactionId)
        : [];
    // The liability cap is per notice: the claims of one case (one fraud report) share it.
    const liabilityInCase =
      input.reason === 'UNAUTHORISED'
        ? (await this.list({ caseId }))
            .filter((d) => d.disputeId !== disputeId)
            .reduce((sum, d) => sum + (d.customerLiability ?? 0), 0)
        : 0;
    const network = await this.view.network(transaction.cardId);
    const { state } = await this.decideAndSave(
      disputeId,
      () => ({
        kind: 'Open',
        disputeId,
        caseId,
        account,
        transaction,
        network,
        reason: input.reason,
        disputedAmount: input.disputedAmount ?? transaction.amount,
        noticeAt: input.noticeAt ?? now,
        source,
        recentFeeWaivers,
        earlierLateFeesAt,
        liabilityInCase,
        actor: input.actor,
        now,
      }),
      ctx,
      async () => policy,
    );
    return state;
  }

  acknowledge(id: string, c: Cmd<'Acknowledge'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'Acknowledge', ...c }, ctx);
  }
  /** A second person approves or declines a credit waiting for them (domain/approvals.ts). */
  decideCredit(id: string, c: Cmd<'DecideCredit'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'DecideCredit', ...c }, ctx);
  }
  issueProvisionalCredit(id: string, c: Cmd<'IssueProvisionalCredit'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'IssueProvisionalCredit', ...c }, ctx);
  }
  overrideGoodwill(id: string, c: Cmd<'OverrideGoodwill'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'OverrideGoodwill', ...c }, ctx);
  }
  fileChargeback(id: string, c: Cmd<'FileChargeback'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'FileChargeback', ...c }, ctx);
  }
  escalatePreArbitration(id: string, c: Cmd<'EscalatePreArbitration'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'EscalatePreArbitration', ...c }, ctx);
  }
  fileArbitration(id: string, c: Cmd<'FileArbitration'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'FileArbitration', ...c }, ctx);
  }
  recordNetworkStep(id: string, c: Cmd<'RecordNetworkStep'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'RecordNetworkStep', ...c }, ctx);
  }
  resolve(id: string, c: Cmd<'Resolve'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'Resolve', ...c }, ctx);
  }
  withdraw(id: string, c: Cmd<'Withdraw'>, ctx: EventContext) {
    return this.decideAndSaveExisting(id, { kind: 'Withdraw', ...c }, ctx);
  }

  /** The durable timer's work for one dispute. */
  tick(id: string, now: Date) {
    return this.decideAndSaveExisting(
      id,
      { kind: 'Tick' } as Omit<DisputeCommand, 'now'>,
      { correlationId: `dispute-clock-${id}`, causationId: null },
      now.getTime(),
    );
  }

  private decideAndSaveExisting(
    id: string,
    c: Omit<DisputeCommand, 'now'>,
    ctx: EventContext,
    at?: number,
  ): Promise<{ state: DisputeState; events: DisputeEvent[] }> {
    const now = at ?? this.now();
    return this.decideAndSave(
      id,
      () => ({ ...c, now }) as DisputeCommand,
      ctx,
      async (s) => {
        if (!s) throw new DomainError('NOT_FOUND', `dispute ${id} not found`);
        return this.policy(((await this.view.account(s.accountId))?.market ?? 'US') as Market);
      },
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Decide and save; the policy (per market) is looked up against the state each attempt loads. */
  private async decideAndSave(
    id: string,
    command: () => DisputeCommand,
    ctx: EventContext,
    policyFor: (s: DisputeState | null) => Promise<DisputePolicy>,
  ) {
    let policy: DisputePolicy | undefined;
    const r = await decideAndSave({
      store: this.store,
      id,
      ctx,
      decide: async (s: DisputeState | null) => {
        policy = await policyFor(s);
        return decide(command(), s, policy);
      },
      fold,
      isPublished,
      index: (s: DisputeState) => indexFields(s, policy as DisputePolicy),
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `dispute ${id} already exists`),
    });
    return { state: r.state as DisputeState, events: r.events };
  }
}

/** Top-level fields queried outside the aggregate: owners, the goodwill look-back, the clock timer. */
export function indexFields(s: DisputeState, p: DisputePolicy): Record<string, unknown> {
  const due = nextDueAt(s, p);
  return {
    accountId: s.accountId,
    caseId: s.caseId,
    kind: s.kind,
    status: s.status,
    outcome: s.resolution?.outcome ?? null,
    resolvedAt: s.resolution ? new Date(s.resolution.at) : null,
    openedAt: new Date(s.history[0]?.at ?? s.noticeAt),
    nextDueAt: due === null ? null : new Date(due),
  };
}
