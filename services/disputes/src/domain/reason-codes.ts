/**
 * Network reason codes for a chargeback, chosen from the dispute's reason
 * (docs/domain.md#disputes: Visa 10 fraud, 11 authorisation, 12 processing errors, 13
 * consumer disputes; Mastercard 4837/4840/4863 fraud, 4853/4855/4859
 * consumer, 4808 authorisation). Fees are the issuer's own: no chargeback.
 */
export type Network = 'UNKNOWN' | 'VISA' | 'MASTERCARD' | 'UNIONPAY';
export type Reason =
  | 'LATE_FEE'
  | 'OTHER_FEE'
  | 'WRONG_AMOUNT'
  | 'DUPLICATE'
  | 'CREDIT_NOT_PROCESSED'
  | 'NOT_RECEIVED'
  | 'UNAUTHORISED';

const VISA: Partial<Record<Reason, string>> = {
  UNAUTHORISED: '10.4', // other fraud, card-absent environment
  WRONG_AMOUNT: '12.5', // incorrect amount
  DUPLICATE: '12.6.1', // duplicate processing
  CREDIT_NOT_PROCESSED: '13.6',
  NOT_RECEIVED: '13.1', // merchandise/services not received
};

const MASTERCARD: Partial<Record<Reason, string>> = {
  UNAUTHORISED: '4837', // no cardholder authorisation
  WRONG_AMOUNT: '4853', // cardholder dispute
  DUPLICATE: '4853',
  CREDIT_NOT_PROCESSED: '4853',
  NOT_RECEIVED: '4855', // goods or services not provided
};

/** The code to file under, or null when this reason or network has no chargeback. */
export function reasonCodeFor(network: Network, reason: Reason): string | null {
  if (network === 'VISA') return VISA[reason] ?? null;
  if (network === 'MASTERCARD') return MASTERCARD[reason] ?? null;
  return null;
}
