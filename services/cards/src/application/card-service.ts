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
  decide,
  fraudTrace,
  fold,
  isPublished,
  type CardCommand,
  type CardEvent,
  type CardState,
  type DeliveryAddress,
  type LossReport,
  type DeliverySpeed,
  type TraceTransaction,
} from '../domain/card';
import type { CardTransactions, CardVault } from './ports';

/** Commands an agent sends, minus what the service supplies (time, ids). */
type AgentCommand<K extends CardCommand['kind']> = Omit<Extract<CardCommand, { kind: K }>, 'now' | 'kind'>;

export interface FulfilmentInput {
  speed: DeliverySpeed;
  address?: DeliveryAddress | null;
}

export interface AccountOpened {
  accountId: string;
  customerId: string;
  productCode: string;
}

/** The card a new account gets: a stable id, so a redelivered account event issues nothing new. */
export function primaryCardId(accountId: string): string {
  return `crd_${createHash('sha256').update(`primary:${accountId}`).digest('hex').slice(0, 24)}`;
}

const newOrderId = () => `ord_${randomUUID()}`;
const newCardId = () => `crd_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

/** Enough for an agent to pick from; a longer list means asking the customer for more. */
const LAST4_MATCHES = 50;

/**
 * Use cases of the Card aggregate: load, decide, save with outbox
 * (decideAndSave). A write conflict (another agent acted on the same card)
 * reloads and decides again against the new state, so two agents freezing at
 * once yield one freeze and one 409 naming the state the card is in.
 */
export class CardService {
  constructor(
    private readonly store: AggregateStore<CardState>,
    private readonly vault: CardVault,
    private readonly transactions: CardTransactions,
    private readonly clock: Clock,
  ) {}

  async get(cardId: string): Promise<CardState | null> {
    return (await this.store.load(cardId))?.state ?? null;
  }

  async require(cardId: string): Promise<CardState> {
    const s = await this.get(cardId);
    if (!s) throw new DomainError('NOT_FOUND', `card ${cardId} not found`);
    return s;
  }

  async listByAccount(accountId: string): Promise<CardState[]> {
    const docs = await this.store.collection
      .find({ accountId }, { projection: { state: 1 } })
      .sort({ issuedAt: 1 })
      .toArray();
    return docs.map((d) => d.state);
  }

  /**
   * Cards whose last four are these, newest first (at most 50): how the floor
   * finds a customer from the card in their hand. Four digits name many cards;
   * the caller tells them apart by customer and account.
   */
  async findByLast4(last4: string): Promise<CardState[]> {
    const docs = await this.store.collection
      .find({ 'state.last4': last4 }, { projection: { state: 1 } })
      .sort({ issuedAt: -1 })
      .limit(LAST4_MATCHES)
      .toArray();
    return docs.map((d) => d.state);
  }

  /** Policy: every account the ledger opens gets a primary card, mailed to the address on file. */
  async issueForNewAccount(a: AccountOpened, ctx: EventContext): Promise<CardState | null> {
    return this.issue(
      {
        cardId: primaryCardId(a.accountId),
        accountId: a.accountId,
        customerId: a.customerId,
        productCode: a.productCode,
        reason: 'NEW_ACCOUNT',
        replacesCardId: null,
        fulfilment: { speed: 'STANDARD', address: null },
        actor: null,
      },
      ctx,
    );
  }

  /** An additional card on an account that already has one (same product). */
  async issueAdditional(
    accountId: string,
    input: { fulfilment: FulfilmentInput; actor: Actor },
    ctx: EventContext,
  ): Promise<CardState> {
    const existing = await this.listByAccount(accountId);
    const first = existing[0];
    if (!first) throw new DomainError('NOT_FOUND', `no cards on account ${accountId}`);
    const issued = await this.issue(
      {
        cardId: newCardId(),
        accountId,
        customerId: first.customerId,
        productCode: first.productCode,
        reason: 'ADDITIONAL',
        replacesCardId: null,
        fulfilment: input.fulfilment,
        actor: input.actor,
      },
      ctx,
    );
    return issued as CardState;
  }

  activate(cardId: string, actor: Actor, ctx: EventContext) {
    return this.decideAndSave(cardId, () => ({ kind: 'Activate', actor, now: this.now() }), ctx);
  }

  freeze(cardId: string, c: AgentCommand<'Freeze'>, ctx: EventContext) {
    return this.decideAndSave(cardId, () => ({ kind: 'Freeze', ...c, now: this.now() }), ctx);
  }

  unfreeze(cardId: string, c: AgentCommand<'Unfreeze'>, ctx: EventContext) {
    return this.decideAndSave(cardId, () => ({ kind: 'Unfreeze', ...c, now: this.now() }), ctx);
  }

  report(cardId: string, kind: 'ReportLost' | 'ReportStolen', c: Omit<LossReport, 'now'>, ctx: EventContext) {
    return this.decideAndSave(cardId, () => ({ kind, ...c, now: this.now() }), ctx);
  }

  reportDamaged(cardId: string, c: { fulfilment: FulfilmentInput; actor: Actor }, ctx: EventContext) {
    const fulfilment = {
      orderId: newOrderId(),
      speed: c.fulfilment.speed,
      address: c.fulfilment.address ?? null,
    };
    return this.decideAndSave(
      cardId,
      () => ({ kind: 'ReportDamaged', fulfilment, actor: c.actor, now: this.now() }),
      ctx,
    );
  }

  /**
   * New-number replacement of a lost or stolen card: the order is recorded on
   * the old card, then the new card is issued right away. Should the process
   * die in between, the cards.policies consumer issues it from the order event.
   */
  async orderReplacement(
    cardId: string,
    c: { fulfilment: FulfilmentInput; actor: Actor },
    ctx: EventContext,
  ): Promise<{ old: CardState; replacement: CardState }> {
    const replacementCardId = newCardId();
    const fulfilment = {
      orderId: newOrderId(),
      speed: c.fulfilment.speed,
      address: c.fulfilment.address ?? null,
    };
    const { state: old } = await this.decideAndSave(
      cardId,
      () => ({ kind: 'OrderReplacement', replacementCardId, fulfilment, actor: c.actor, now: this.now() }),
      ctx,
    );
    return { old, replacement: await this.completeReplacement(old, c.actor, ctx) };
  }

  /** Issues the card the old card's replacement order names; a no-op when it exists. */
  async completeReplacement(old: CardState, actor: Actor | null, ctx: EventContext): Promise<CardState> {
    const order = old.replacementOrder;
    if (!order)
      throw new DomainError('INVALID_STATE', `card ${old.cardId} has no replacement order`, old.status);
    const issued = await this.issue(
      {
        cardId: order.replacementCardId,
        accountId: old.accountId,
        customerId: old.customerId,
        productCode: old.productCode,
        reason: old.status === 'LOST' ? 'REPLACES_LOST' : 'REPLACES_STOLEN',
        replacesCardId: old.cardId,
        fulfilment: order,
        actor,
        avoidLast4: old.last4,
      },
      ctx,
    );
    return issued ?? (await this.require(order.replacementCardId));
  }

  recordMilestone(
    cardId: string,
    m: { orderId: string; kind: 'SHIPPED' | 'DELIVERED'; carrier: string; trackingRef: string; at: number },
    ctx: EventContext,
  ) {
    return this.decideAndSave(
      cardId,
      () =>
        m.kind === 'SHIPPED'
          ? {
              kind: 'RecordShipped',
              orderId: m.orderId,
              carrier: m.carrier,
              trackingRef: m.trackingRef,
              now: m.at,
            }
          : { kind: 'RecordDelivered', orderId: m.orderId, now: m.at },
      ctx,
    );
  }

  close(cardId: string, c: AgentCommand<'Close'>, ctx: EventContext) {
    return this.decideAndSave(cardId, () => ({ kind: 'Close', ...c, now: this.now() }), ctx);
  }

  /** Transactions on a lost/stolen card after the customer's last legitimate use, oldest first. */
  async fraudTrace(cardId: string): Promise<{ card: CardState; transactions: TraceTransaction[] }> {
    const card = await this.require(cardId);
    if (!card.block)
      throw new DomainError(
        'INVALID_STATE',
        `no fraud trace: card ${cardId} is ${card.status}, not reported lost or stolen`,
        card.status,
      );
    const posted = await this.transactions.since(cardId, card.block.lastLegitimateUseAt);
    return { card, transactions: fraudTrace(card.block, posted, this.now()) };
  }

  async reportFraud(
    cardId: string,
    c: { transactionIds: string[]; actor: Actor },
    ctx: EventContext,
  ): Promise<{ state: CardState; events: CardEvent[] }> {
    const reportId = `frd_${randomUUID()}`;
    return this.decideAndSave(
      cardId,
      () => ({
        kind: 'ReportFraud',
        reportId,
        candidates: [],
        transactionIds: c.transactionIds,
        actor: c.actor,
        now: this.now(),
      }),
      ctx,
      // The candidates come from the read model, for the state just loaded.
      async (cmd, s) =>
        cmd.kind === 'ReportFraud' && s?.block
          ? { ...cmd, candidates: await this.transactions.since(cardId, s.block.lastLegitimateUseAt) }
          : cmd,
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private async issue(
    input: {
      cardId: string;
      accountId: string;
      customerId: string;
      productCode: string;
      reason: Extract<CardCommand, { kind: 'IssueCard' }>['reason'];
      replacesCardId: string | null;
      fulfilment: FulfilmentInput & { orderId?: string };
      actor: Actor | null;
      avoidLast4?: string;
    },
    ctx: EventContext,
  ): Promise<CardState | null> {
    if (await this.store.load(input.cardId)) return null;
    const now = this.now();
    const vaulted = await this.vault.issue(input.cardId, input.productCode, now, input.avoidLast4);
    try {
      const { state } = await this.decideAndSave(
        input.cardId,
        () => ({
          kind: 'IssueCard',
          cardId: input.cardId,
          accountId: input.accountId,
          customerId: input.customerId,
          productCode: input.productCode,
          vaulted,
          reason: input.reason,
          replacesCardId: input.replacesCardId,
          fulfilment: {
            orderId: input.fulfilment.orderId ?? newOrderId(),
            speed: input.fulfilment.speed,
            address: input.fulfilment.address ?? null,
          },
          actor: input.actor,
          now,
        }),
        ctx,
      );
      return state;
    } catch (err) {
      // Another instance (or the policy consumer) issued it first: same card, nothing to do.
      if (err instanceof DomainError && err.code === 'ALREADY_EXISTS') return null;
      throw err;
    }
  }

  private async decideAndSave(
    id: string,
    command: () => CardCommand,
    ctx: EventContext,
    enrich?: (cmd: CardCommand, s: CardState | null) => Promise<CardCommand>,
  ): Promise<{ state: CardState; events: CardEvent[] }> {
    const { state, events } = await decideAndSave({
      store: this.store,
      id,
      ctx,
      decide: async (current: CardState | null) => {
        const cmd = command();
        if (!current && cmd.kind !== 'IssueCard') throw new DomainError('NOT_FOUND', `card ${id} not found`);
        return decide(enrich ? await enrich(cmd, current) : cmd, current);
      },
      fold,
      isPublished,
      index: indexFields,
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `card ${id} already exists`),
    });
    return { state: state as CardState, events };
  }
}

/** Top-level fields queried outside the aggregate. */
export function indexFields(s: CardState): Record<string, unknown> {
  return {
    accountId: s.accountId,
    customerId: s.customerId,
    status: s.status,
    issuedAt: new Date(s.issuedAt),
  };
}
