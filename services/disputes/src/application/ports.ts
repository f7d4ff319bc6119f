import type { Network } from '../domain/dispute';

/** A filing with the card network, from the dispute's chargeback events. */
export interface NetworkFiling {
  disputeId: string;
  network: Network;
  reasonCode: string;
  stage: 'CHARGEBACK' | 'PRE_ARBITRATION' | 'ARBITRATION';
  amount: number;
  filedAt: number;
  correlationId: string;
}

/** The card network (Visa, Mastercard): filings go out; its answers come back as network steps. */
export interface CardNetwork {
  submit(filing: NetworkFiling): Promise<void>;
}
