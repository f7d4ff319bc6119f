import { SimulatedClock } from '@cardline/platform';
import type { RouteDeps } from '../../../services/cards/src/adapters/http/routes';
import type { CardTransactionDoc } from '../../../services/cards/src/adapters/mongo/card-transactions';
import { DomainError, type CardState, type TraceTransaction } from '../../../services/cards/src/domain/card';

// Stand-ins for the cards use cases and read model, answering with states
// shaped as the aggregate stores them.

const T0 = Date.parse('2026-01-12T00:00:00Z');
const agent = { id: 'agent-1', role: 'agent' };

export const ACTIVE: CardState = {
  cardId: 'crd-1',
  accountId: 'acc-1',
  customerId: 'cus-1',
  productCode: 'CLASSIC',
  token: 'tok_1',
  bin: '453201',
  last4: '4242',
  network: 'VISA',
  expiryMonth: 1,
  expiryYear: 2030,
  issueReason: 'NEW_ACCOUNT',
  replacesCardId: null,
  replacedByCardId: null,
  replacementOrder: null,
  status: 'ACTIVE',
  statusChangedAt: T0 - 86_400_000,
  freeze: null,
  block: null,
  plastic: {
    orderId: 'ord-1',
    speed: 'STANDARD',
    address: null,
    status: 'DELIVERED',
    carrier: 'UPS',
    trackingRef: '1Z999',
    orderedAt: T0 - 10 * 86_400_000,
    shippedAt: T0 - 9 * 86_400_000,
    deliveredAt: T0 - 7 * 86_400_000,
    activatedAt: T0 - 86_400_000,
  },
  closeReason: null,
  reportedTransactionIds: [],
  issuedAt: T0 - 10 * 86_400_000,
};

const FROZEN: CardState = {
  ...ACTIVE,
  status: 'FROZEN',
  statusChangedAt: T0,
  freeze: { reason: 'customer call', actor: agent, at: T0 },
};

/** Stolen, with a new plastic ordered to a new address and a replacement on the way. */
const STOLEN: CardState = {
  ...ACTIVE,
  cardId: 'crd-stolen',
  status: 'STOLEN',
  statusChangedAt: T0,
  block: {
    kind: 'STOLEN',
    lastLegitimateUseAt: T0 - 3_600_000,
    lastUsedWhere: 'the train',
    reportedAt: T0,
    actor: agent,
  },
  replacedByCardId: 'crd-2',
  reportedTransactionIds: ['txn-7'],
};

const REPLACEMENT: CardState = {
  ...ACTIVE,
  cardId: 'crd-2',
  last4: '1881',
  status: 'INACTIVE',
  issueReason: 'REPLACES_STOLEN',
  replacesCardId: 'crd-stolen',
  plastic: {
    orderId: 'ord-2',
    speed: 'EXPRESS',
    address: { line1: '1 Main St', line2: null, city: 'Springfield', postalCode: '12345', country: 'US' },
    status: 'ORDERED',
    carrier: null,
    trackingRef: null,
    orderedAt: T0,
    shippedAt: null,
    deliveredAt: null,
    activatedAt: null,
  },
  issuedAt: T0,
};

const TRACE: TraceTransaction[] = [
  {
    transactionId: 'txn-7',
    amount: 40000,
    currency: 'USD',
    transactedAt: T0 - 1_800_000,
    postedAt: T0 - 1_800_000,
    merchant: { name: 'Electronics', mcc: '5732', city: 'New York', country: 'US' },
  },
  {
    transactionId: 'txn-8',
    amount: 7500,
    currency: 'USD',
    transactedAt: T0 - 900_000,
    postedAt: T0 - 900_000,
    merchant: null,
  },
];

const DECLINED: CardTransactionDoc = {
  _id: 'txn-9',
  cardId: 'crd-stolen',
  accountId: 'acc-1',
  status: 'DECLINED',
  kind: 'PURCHASE',
  direction: null,
  amount: 9900,
  currency: 'USD',
  merchant: { name: 'Jeweller', mcc: '5944', city: 'Newark', country: 'US' },
  declineReason: 'CARD_BLOCKED',
  at: new Date(T0 + 60_000),
};

const byId = new Map([ACTIVE, STOLEN, REPLACEMENT].map((c) => [c.cardId, c]));
const known = (id: string) => {
  const c = byId.get(id);
  if (!c) throw new DomainError('NOT_FOUND', `card ${id} not found`);
  return c;
};
/** Only crd-1 is ACTIVE: commands on the stolen card are refused as the decider refuses them. */
const act = (id: string, to: CardState) => {
  const c = known(id);
  if (c.status !== 'ACTIVE')
    throw new DomainError('INVALID_STATE', `cannot act: card ${id} is ${c.status}`, c.status);
  return { state: to, events: [] };
};

/** crd-1 is ACTIVE on acc-1, crd-stolen is STOLEN (replaced by crd-2); acc-none has no card. */
export function cardsDeps(clock = new SimulatedClock(new Date(T0))): RouteDeps {
  return {
    cards: {
      require: async (id: string) => known(id),
      listByAccount: async (accountId: string) =>
        accountId === 'acc-1' ? [ACTIVE, STOLEN, REPLACEMENT] : [],
      findByLast4: async (last4: string) => [ACTIVE, STOLEN, REPLACEMENT].filter((c) => c.last4 === last4),
      issueAdditional: async (accountId: string) => {
        if (accountId !== 'acc-1') throw new DomainError('NOT_FOUND', `no cards on account ${accountId}`);
        return { ...REPLACEMENT, cardId: 'crd-3', issueReason: 'ADDITIONAL', replacesCardId: null };
      },
      activate: async (id: string) => act(id, ACTIVE),
      freeze: async (id: string) => act(id, FROZEN),
      unfreeze: async (id: string) => act(id, ACTIVE),
      report: async (id: string, kind: 'ReportLost' | 'ReportStolen') => {
        const what = kind === 'ReportLost' ? ('LOST' as const) : ('STOLEN' as const);
        const block = { ...(STOLEN.block as NonNullable<CardState['block']>), kind: what };
        return act(id, { ...STOLEN, cardId: id, status: what, block, replacedByCardId: null });
      },
      reportDamaged: async (id: string) => act(id, { ...ACTIVE, plastic: { ...REPLACEMENT.plastic } }),
      orderReplacement: async (id: string) => {
        const old = known(id);
        if (old.status !== 'STOLEN' && old.status !== 'LOST')
          throw new DomainError('INVALID_STATE', 'report it lost or stolen first', old.status);
        return { old, replacement: REPLACEMENT };
      },
      close: async (id: string) =>
        act(id, { ...ACTIVE, status: 'CLOSED', statusChangedAt: T0, closeReason: 'customer asked' }),
      fraudTrace: async (id: string) => {
        const card = known(id);
        if (!card.block) throw new DomainError('INVALID_STATE', 'not reported lost or stolen', card.status);
        return { card, transactions: TRACE };
      },
      reportFraud: async (id: string, c: { transactionIds: string[] }) => {
        const card = known(id);
        const txs = TRACE.filter((t) => c.transactionIds.includes(t.transactionId));
        if (txs.length !== c.transactionIds.length)
          throw new DomainError('INVALID', 'not in the fraud trace');
        return {
          state: card,
          events: [
            {
              type: 'cards.card.fraud-reported.v1',
              payload: {
                reportId: 'frd-1',
                cardId: id,
                accountId: card.accountId,
                customerId: card.customerId,
                blockReason: 'STOLEN',
                lastLegitimateUseAt: T0 - 3_600_000,
                // The event carries what the fraud-reported schema has (no time of use).
                transactions: txs.map(({ transactedAt: _used, ...t }) => t),
                totalAmount: txs.reduce((n, t) => n + t.amount, 0),
                currency: 'USD',
                actor: agent,
                reportedAt: T0,
              },
            },
          ],
        };
      },
    },
    transactions: { declinedSince: async () => [DECLINED] },
    clock,
    drainCarrier: async () => 1,
  } as unknown as RouteDeps;
}
