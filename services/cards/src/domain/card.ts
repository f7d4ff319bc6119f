/**
 * The Card aggregate: one physical/virtual card and its number (held as a
 * vault token + BIN + last four). Pure: decide() turns a command into events,
 * evolve() folds an event into state. Commands carry the time and every
 * generated id, so specs are deterministic.
 *
 * This file holds the state, the commands, the events, evolve and the
 * dispatch; each command is decided in the file of its concern: issuing.ts
 * (issue, activate), status.ts (freeze, unfreeze, close), loss.ts (lost,
 * stolen, the new-number replacement), plastic.ts (damaged, shipped,
 * delivered) and fraud.ts.
 */
import type {
  CardsCardActivatedV1,
  CardsCardClosedV1,
  CardsCardDeliveredV1,
  CardsCardFraudReportedV1,
  CardsCardFrozenV1,
  CardsCardIssuedV1,
  CardsCardReplacementOrderedV1,
  CardsCardReportedDamagedV1,
  CardsCardReportedLostV1,
  CardsCardReportedStolenV1,
  CardsCardShippedV1,
  CardsCardUnfrozenV1,
} from '@cardline/schemas';
import { DomainError, type Actor } from '@cardline/platform/domain';
import { reportFraud } from './fraud';
import { activate, issueCard } from './issuing';
import { orderReplacement, reportLost, reportStolen } from './loss';
import { recordDelivered, recordShipped, reportDamaged } from './plastic';
import { close, freeze, unfreeze } from './status';

export { DomainError, type Actor };
export { TERMINAL } from './guards';
export { summariseAddress } from './plastic';
export { fraudTrace } from './fraud';

export type CardStatus = 'INACTIVE' | 'ACTIVE' | 'FROZEN' | 'LOST' | 'STOLEN' | 'CLOSED';
export type DeliverySpeed = 'STANDARD' | 'EXPRESS';
export type Network = CardsCardIssuedV1['network'];
export type IssueReason = CardsCardIssuedV1['reason'];

/** Where a plastic goes. The address itself never leaves this service. */
export interface DeliveryAddress {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export interface FulfilmentRequest {
  orderId: string;
  speed: DeliverySpeed;
  /** null: the address the issuer holds on file for the customer. */
  address: DeliveryAddress | null;
}

/** The plastic currently in the customer's hands or on its way. */
export interface Plastic {
  orderId: string;
  speed: DeliverySpeed;
  address: DeliveryAddress | null;
  status: 'ORDERED' | 'SHIPPED' | 'DELIVERED';
  carrier: string | null;
  trackingRef: string | null;
  orderedAt: number;
  shippedAt: number | null;
  deliveredAt: number | null;
  activatedAt: number | null;
}

export interface Vaulted {
  token: string;
  bin: string;
  last4: string;
  network: Network;
  expiryMonth: number;
  expiryYear: number;
}

export interface Block {
  kind: 'LOST' | 'STOLEN';
  lastLegitimateUseAt: number;
  lastUsedWhere: string | null;
  reportedAt: number;
  actor: Actor;
}

export interface CardState extends Vaulted {
  cardId: string;
  accountId: string;
  customerId: string;
  productCode: string;
  issueReason: IssueReason;
  replacesCardId: string | null;
  replacedByCardId: string | null;
  /** The new-number replacement ordered for this (lost or stolen) card, with where it goes. */
  replacementOrder: (FulfilmentRequest & { replacementCardId: string }) | null;
  status: CardStatus;
  statusChangedAt: number;
  freeze: { reason: string; actor: Actor; at: number } | null;
  block: Block | null;
  plastic: Plastic;
  closeReason: string | null;
  /** Transactions already named in a fraud report: each is reported once. */
  reportedTransactionIds: string[];
  issuedAt: number;
  /** Who issued it (null: the system, or stored before it was kept); see authority.ts. */
  issuedBy?: string | null;
}

/** A transaction on the card, as the fraud trace lists it (from cards' read model). */
export interface TraceTransaction {
  transactionId: string;
  amount: number;
  currency: string;
  /** When the card was used (authorised): the trace goes by this, not by the posting. */
  transactedAt: number;
  postedAt: number;
  merchant: CardsCardFraudReportedV1['transactions'][number]['merchant'];
}

// ---- commands ----------------------------------------------------------

/** What the customer tells the agent when the card is lost or stolen. */
export interface LossReport {
  lastLegitimateUseAt: number;
  lastUsedWhere: string | null;
  actor: Actor;
  now: number;
}

export type CardCommand =
  | {
      kind: 'IssueCard';
      cardId: string;
      accountId: string;
      customerId: string;
      productCode: string;
      vaulted: Vaulted;
      reason: IssueReason;
      replacesCardId: string | null;
      fulfilment: FulfilmentRequest;
      actor: Actor | null;
      now: number;
    }
  | { kind: 'Activate'; actor: Actor; now: number }
  | { kind: 'Freeze'; reason: string; actor: Actor; now: number }
  | { kind: 'Unfreeze'; reason: string | null; actor: Actor; now: number }
  | ({ kind: 'ReportLost' } & LossReport)
  | ({ kind: 'ReportStolen' } & LossReport)
  | { kind: 'ReportDamaged'; fulfilment: FulfilmentRequest; actor: Actor; now: number }
  | {
      kind: 'OrderReplacement';
      replacementCardId: string;
      fulfilment: FulfilmentRequest;
      actor: Actor;
      now: number;
    }
  | { kind: 'RecordShipped'; orderId: string; carrier: string; trackingRef: string; now: number }
  | { kind: 'RecordDelivered'; orderId: string; now: number }
  | { kind: 'Close'; reason: string; actor: Actor; now: number }
  | {
      kind: 'ReportFraud';
      reportId: string;
      /** The card's debits posted after the last legitimate use (read model); the trace is picked from them. */
      candidates: TraceTransaction[];
      transactionIds: string[];
      actor: Actor;
      now: number;
    };

// ---- events ------------------------------------------------------------

export type CardEvent =
  | { type: 'cards.card.issued.v1'; payload: CardsCardIssuedV1 }
  | { type: 'cards.card.activated.v1'; payload: CardsCardActivatedV1 }
  | { type: 'cards.card.frozen.v1'; payload: CardsCardFrozenV1 }
  | { type: 'cards.card.unfrozen.v1'; payload: CardsCardUnfrozenV1 }
  | { type: 'cards.card.reported-lost.v1'; payload: CardsCardReportedLostV1 }
  | { type: 'cards.card.reported-stolen.v1'; payload: CardsCardReportedStolenV1 }
  | { type: 'cards.card.reported-damaged.v1'; payload: CardsCardReportedDamagedV1 }
  | { type: 'cards.card.replacement-ordered.v1'; payload: CardsCardReplacementOrderedV1 }
  | { type: 'cards.card.shipped.v1'; payload: CardsCardShippedV1 }
  | { type: 'cards.card.delivered.v1'; payload: CardsCardDeliveredV1 }
  | { type: 'cards.card.closed.v1'; payload: CardsCardClosedV1 }
  | { type: 'cards.card.fraud-reported.v1'; payload: CardsCardFraudReportedV1 }
  /** Internal: the full address of a plastic order (this card's or its replacement's), kept in state, never published. */
  | { type: 'plastic-addressed'; payload: { orderId: string; address: DeliveryAddress | null } };

export function isPublished(e: CardEvent): boolean {
  return e.type !== 'plastic-addressed';
}

/** One command of the union, by its kind: what a command function takes. */
export type CardCommandOf<K extends CardCommand['kind']> = Extract<CardCommand, { kind: K }>;

// ---- decide ------------------------------------------------------------

export function decide(cmd: CardCommand, s: CardState | null): CardEvent[] {
  if (cmd.kind === 'IssueCard') return issueCard(cmd, s);
  if (!s) throw new DomainError('NOT_FOUND', 'card not found');
  switch (cmd.kind) {
    case 'Activate':
      return activate(cmd, s);
    case 'Freeze':
      return freeze(cmd, s);
    case 'Unfreeze':
      return unfreeze(cmd, s);
    case 'ReportLost':
      return reportLost(cmd, s);
    case 'ReportStolen':
      return reportStolen(cmd, s);
    case 'ReportDamaged':
      return reportDamaged(cmd, s);
    case 'OrderReplacement':
      return orderReplacement(cmd, s);
    case 'RecordShipped':
      return recordShipped(cmd, s);
    case 'RecordDelivered':
      return recordDelivered(cmd, s);
    case 'Close':
      return close(cmd, s);
    case 'ReportFraud':
      return reportFraud(cmd, s);
  }
}

// ---- evolve ------------------------------------------------------------

const newPlastic = (f: { orderId: string; speed: DeliverySpeed }, at: number): Plastic => ({
  orderId: f.orderId,
  speed: f.speed,
  address: null,
  status: 'ORDERED',
  carrier: null,
  trackingRef: null,
  orderedAt: at,
  shippedAt: null,
  deliveredAt: null,
  activatedAt: null,
});

export function evolve(s: CardState | null, e: CardEvent): CardState {
  if (e.type === 'cards.card.issued.v1') {
    const p = e.payload;
    return {
      cardId: p.cardId,
      accountId: p.accountId,
      customerId: p.customerId,
      productCode: p.productCode,
      token: p.token,
      bin: p.bin,
      last4: p.last4,
      network: p.network,
      expiryMonth: p.expiryMonth,
      expiryYear: p.expiryYear,
      issueReason: p.reason,
      issuedBy: p.actor?.id ?? null,
      replacesCardId: p.replacesCardId,
      replacedByCardId: null,
      replacementOrder: null,
      status: 'INACTIVE',
      statusChangedAt: p.issuedAt,
      freeze: null,
      block: null,
      plastic: newPlastic(p.fulfilment, p.issuedAt),
      closeReason: null,
      reportedTransactionIds: [],
      issuedAt: p.issuedAt,
    };
  }
  if (!s) throw new Error(`${e.type} before the card was issued`);
  switch (e.type) {
    case 'plastic-addressed':
      if (e.payload.orderId === s.plastic.orderId)
        return { ...s, plastic: { ...s.plastic, address: e.payload.address } };
      if (e.payload.orderId === s.replacementOrder?.orderId)
        return { ...s, replacementOrder: { ...s.replacementOrder, address: e.payload.address } };
      return s;
    case 'cards.card.activated.v1':
      return {
        ...s,
        status: 'ACTIVE',
        statusChangedAt: s.status === 'ACTIVE' ? s.statusChangedAt : e.payload.activatedAt,
        plastic: { ...s.plastic, activatedAt: e.payload.activatedAt },
      };
    case 'cards.card.frozen.v1':
      return {
        ...s,
        status: 'FROZEN',
        statusChangedAt: e.payload.frozenAt,
        freeze: { reason: e.payload.reason, actor: e.payload.actor, at: e.payload.frozenAt },
      };
    case 'cards.card.unfrozen.v1':
      return { ...s, status: 'ACTIVE', statusChangedAt: e.payload.unfrozenAt, freeze: null };
    case 'cards.card.reported-lost.v1':
    case 'cards.card.reported-stolen.v1': {
      const kind = e.type === 'cards.card.reported-lost.v1' ? 'LOST' : 'STOLEN';
      return {
        ...s,
        status: kind,
        statusChangedAt: e.payload.reportedAt,
        freeze: null,
        block: {
          kind,
          lastLegitimateUseAt: e.payload.lastLegitimateUseAt,
          lastUsedWhere: e.payload.lastUsedWhere,
          reportedAt: e.payload.reportedAt,
          actor: e.payload.actor,
        },
      };
    }
    case 'cards.card.reported-damaged.v1':
      return { ...s, plastic: newPlastic(e.payload.fulfilment, e.payload.reportedAt) };
    case 'cards.card.replacement-ordered.v1':
      return {
        ...s,
        replacedByCardId: e.payload.replacementCardId,
        replacementOrder: {
          replacementCardId: e.payload.replacementCardId,
          orderId: e.payload.fulfilment.orderId,
          speed: e.payload.fulfilment.speed,
          address: null,
        },
      };
    case 'cards.card.shipped.v1':
      return {
        ...s,
        plastic: {
          ...s.plastic,
          status: 'SHIPPED',
          carrier: e.payload.carrier,
          trackingRef: e.payload.trackingRef,
          shippedAt: e.payload.shippedAt,
        },
      };
    case 'cards.card.delivered.v1':
      return { ...s, plastic: { ...s.plastic, status: 'DELIVERED', deliveredAt: e.payload.deliveredAt } };
    case 'cards.card.closed.v1':
      return {
        ...s,
        status: 'CLOSED',
        statusChangedAt: e.payload.closedAt,
        freeze: null,
        closeReason: e.payload.reason,
      };
    case 'cards.card.fraud-reported.v1':
      return {
        ...s,
        reportedTransactionIds: [
          ...s.reportedTransactionIds,
          ...e.payload.transactions.map((t) => t.transactionId),
        ],
      };
  }
}

export function fold(events: CardEvent[], s: CardState | null): CardState | null {
  return events.reduce<CardState | null>((acc, e) => evolve(acc, e), s);
}
