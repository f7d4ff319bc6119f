import type { DeliveryAddress, DeliverySpeed, TraceTransaction, Vaulted } from '../domain/card';

/**
 * The issuer's card vault: creates the card number and keeps it; Cardline
 * gets back only a token, the BIN and the last four. Idempotent per cardId.
 */
export interface CardVault {
  /** `avoidLast4`: a replacement must not look like the card it replaces. */
  issue(cardId: string, productCode: string, issuedAt: number, avoidLast4?: string): Promise<Vaulted>;
}

/** A plastic to mail. `address` null = the issuer's address on file for the customer. */
export interface PlasticOrder {
  orderId: string;
  cardId: string;
  customerId: string;
  speed: DeliverySpeed;
  address: DeliveryAddress | null;
  orderedAt: number;
  /** The conversation that caused the order: milestones carry it on. */
  correlationId: string;
}

/** The card bureau + carrier. Idempotent per orderId; milestones come back through CardService. */
export interface Carrier {
  dispatch(order: PlasticOrder): Promise<void>;
}

/** Cards' own read model of each card's transactions (from ledger events). */
export interface CardTransactions {
  /**
   * Debits on the card posted strictly after `after`, oldest first: every
   * transaction used after it is among them (a charge posts once it is made);
   * the domain's fraudTrace picks the trace.
   */
  since(cardId: string, after: number): Promise<TraceTransaction[]>;
}
