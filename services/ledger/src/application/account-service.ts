import { randomUUID } from 'node:crypto';
import {
  decideAndSave,
  DomainError,
  type AggregateStore,
  type Clock,
  type EventContext,
} from '@cardline/platform';
import {
  decide,
  fold,
  isPublished,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
  type CardStatus,
  type Merchant,
  type OpenAccount,
  type TransactionKind,
} from '../domain/account';
import { addDays, endOfLocalDate } from '../domain/calendar';
import { upgradeStored } from '../domain/stored';
import type { PolicyFor } from '../domain/policy';

/** The OpenAccount command as a caller gives it: the id is optional, the time is ours. */
export type OpenAccountInput = Omit<OpenAccount, 'kind' | 'now' | 'accountId'> & { accountId?: string };

export interface PostTransactionInput {
  kind: Exclude<TransactionKind, 'INTEREST'>;
  direction?: 'DEBIT' | 'CREDIT';
  amount: number;
  currency: string;
  description?: string;
  merchant?: Merchant | null;
  cardId?: string | null;
  relatedTransactionId?: string | null;
  /** For an ADJUSTMENT: PAYMENT_REVERSAL for a returned payment. */
  adjustmentKind?: string | null;
}

export type PostOutcome =
  | { status: 'POSTED'; transactionId: string; balance: number; availableCredit: number }
  | { status: 'DECLINED'; transactionId: string; declineReason: string; availableCredit: number };

export type AdjustmentRequest = Omit<
  Extract<AccountCommand, { kind: 'RequestAdjustment' }>,
  'kind' | 'transactionId' | 'now'
>;

/**
 * Use cases of the Account aggregate: load, decide, save with outbox. A
 * write conflict (another writer got there first) reloads and decides again,
 * so concurrent commands never lose an update.
 */
export class AccountService {
  constructor(
    private readonly store: AggregateStore<AccountState>,
    private readonly policy: PolicyFor,
    private readonly clock: Clock,
    /** The ledger's card read model: what it knows of a card from cards' events. */
    private readonly cardLookup: (
      cardId: string,
    ) => Promise<{ accountId: string; status: CardStatus } | null> = async () => null,
  ) {}

  get(accountId: string): Promise<AccountState | null> {
    return this.store.load(accountId).then((l) => (l ? upgradeStored(l.state) : null));
  }

  async open(input: OpenAccountInput, ctx: EventContext): Promise<AccountState> {
    const accountId = input.accountId ?? `acc_${randomUUID()}`;
    const { state } = await this.execute(
      accountId,
      () => ({ kind: 'OpenAccount', ...input, accountId, now: this.clock.now().getTime() }),
      ctx,
    );
    return state as AccountState;
  }

  async post(
    accountId: string,
    input: PostTransactionInput,
    ctx: EventContext & { requestId?: string },
  ): Promise<PostOutcome> {
    const transactionId = `txn_${randomUUID()}`;
    const card = input.cardId ? await this.cardLookup(input.cardId) : null;
    const { state, events } = await this.execute(
      accountId,
      () => ({
        kind: 'PostTransaction',
        transactionId,
        txKind: input.kind,
        direction: input.direction,
        amount: input.amount,
        currency: input.currency,
        description: input.description ?? defaultDescription(input),
        merchant: input.merchant ?? null,
        cardId: input.cardId ?? null,
        card,
        relatedTransactionId: input.relatedTransactionId ?? null,
        adjustmentKind: input.adjustmentKind ?? null,
        requestId: ctx.requestId ?? null,
        now: this.clock.now().getTime(),
      }),
      ctx,
    );
    const s = state as AccountState;
    const declined = events.find((e) => e.type === 'ledger.transaction.declined.v1');
    if (declined)
      return {
        status: 'DECLINED',
        transactionId,
        declineReason: declined.payload.reason,
        availableCredit: s.creditLimit - s.balance,
      };
    return {
      status: 'POSTED',
      transactionId,
      balance: s.balance,
      availableCredit: s.creditLimit - s.balance,
    };
  }

  /** From the ledger.adjustment command channel; once per requestId. */
  async requestAdjustment(
    accountId: string,
    request: AdjustmentRequest,
    ctx: EventContext,
  ): Promise<AccountEvent[]> {
    const transactionId = `txn_${randomUUID()}`;
    const { events } = await this.execute(
      accountId,
      () => ({ kind: 'RequestAdjustment', ...request, transactionId, now: this.clock.now().getTime() }),
      ctx,
    );
    return events;
  }

  /** From disputes' events: hold or release a disputed amount (once per dispute). */
  async changeHold(
    accountId: string,
    command: Extract<AccountCommand, { kind: 'PlaceHold' | 'ReleaseHold' }>,
    ctx: EventContext,
  ): Promise<AccountEvent[]> {
    const { events } = await this.execute(accountId, () => command, ctx);
    return events;
  }

  /** From collections: record a plan, a hardship rate or pause, or a re-age (once per requestId). */
  async recordArrangement(
    accountId: string,
    request: Extract<AccountCommand, { kind: 'RecordArrangement' }>['request'],
    ctx: EventContext,
  ): Promise<AccountEvent[]> {
    const { events } = await this.execute(
      accountId,
      () => ({ kind: 'RecordArrangement', request, now: this.clock.now().getTime() }),
      ctx,
    );
    return events;
  }

  async runEndOfDay(accountId: string, asOf: Date, ctx: EventContext): Promise<AccountEvent[]> {
    const { events } = await this.execute(
      accountId,
      () => ({ kind: 'RunEndOfDay', asOf: asOf.getTime(), newId: (p) => `${p}_${randomUUID()}` }),
      ctx,
    );
    return events;
  }

  private execute(
    id: string,
    command: () => AccountCommand,
    ctx: EventContext,
  ): Promise<{ state: AccountState | null; events: AccountEvent[] }> {
    return decideAndSave({
      store: this.store,
      id,
      ctx,
      decide: (state) => decide(command(), state && upgradeStored(state), this.policy),
      fold: (events, state) => fold(events, state && upgradeStored(state)),
      isPublished,
      index: indexFields,
      alreadyExists: () => new DomainError('ALREADY_EXISTS', `account ${id} already exists`),
    });
  }
}

/** Top-level fields queried outside the aggregate (owner lookups, the end-of-day timer). */
export function indexFields(s: AccountState): Record<string, unknown> {
  return {
    customerId: s.customerId,
    status: s.status,
    nextEodAt: new Date(endOfLocalDate(addDays(s.lastEodDate, 1), s.timeZone)),
  };
}

function defaultDescription(i: PostTransactionInput): string {
  if (i.merchant) return i.merchant.name;
  return i.kind.charAt(0) + i.kind.slice(1).toLowerCase();
}
