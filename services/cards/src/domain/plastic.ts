/**
 * The plastic: where it goes (the full address stays in state, events carry
 * a masked summary), a damaged card's reissue with the same number, and the
 * carrier's milestones for the current order.
 */
import type { CardCommandOf, CardEvent, CardState, DeliveryAddress, FulfilmentRequest } from './card';
import { refuse, TERMINAL } from './guards';
import { requireAddressOnFile } from './authority';

/** A masked, loggable summary of an address: city, country and the postcode's first characters. */
export function summariseAddress(a: DeliveryAddress | null): string | null {
  if (!a) return null;
  const pc = a.postalCode.replace(/\s+/g, '');
  return `${a.city}, ${a.country} (${pc.slice(0, Math.min(3, pc.length - 1))}**)`;
}

export function fulfilmentPayload(f: FulfilmentRequest) {
  return {
    orderId: f.orderId,
    speed: f.speed,
    addressSource: f.address ? ('NEW' as const) : ('ON_FILE' as const),
    addressSummary: summariseAddress(f.address),
  };
}

export const addressed = (f: FulfilmentRequest): CardEvent => ({
  type: 'plastic-addressed',
  payload: { orderId: f.orderId, address: f.address },
});

export function reportDamaged(cmd: CardCommandOf<'ReportDamaged'>, s: CardState): CardEvent[] {
  if (TERMINAL.includes(s.status)) throw refuse(s, 'report it damaged');
  requireAddressOnFile(cmd.fulfilment);
  return [
    {
      type: 'cards.card.reported-damaged.v1',
      payload: {
        cardId: s.cardId,
        accountId: s.accountId,
        fulfilment: fulfilmentPayload(cmd.fulfilment),
        actor: cmd.actor,
        reportedAt: cmd.now,
      },
    },
    addressed(cmd.fulfilment),
  ];
}

export function recordShipped(cmd: CardCommandOf<'RecordShipped'>, s: CardState): CardEvent[] {
  // Carriers repeat themselves and report old orders: only news for the current order counts.
  if (cmd.orderId !== s.plastic.orderId || s.plastic.status !== 'ORDERED') return [];
  return [
    {
      type: 'cards.card.shipped.v1',
      payload: {
        cardId: s.cardId,
        accountId: s.accountId,
        orderId: cmd.orderId,
        carrier: cmd.carrier,
        trackingRef: cmd.trackingRef,
        shippedAt: cmd.now,
      },
    },
  ];
}

export function recordDelivered(cmd: CardCommandOf<'RecordDelivered'>, s: CardState): CardEvent[] {
  if (cmd.orderId !== s.plastic.orderId || s.plastic.status === 'DELIVERED') return [];
  return [
    {
      type: 'cards.card.delivered.v1',
      payload: { cardId: s.cardId, accountId: s.accountId, orderId: cmd.orderId, deliveredAt: cmd.now },
    },
  ];
}
