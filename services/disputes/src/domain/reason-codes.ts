/**
 * Network reason codes for a chargeback, chosen from the dispute's reason
 * and, for fraud, how the card was used (docs/domain.md#disputes: Visa 10
 * fraud, 11 authorisation, 12 processing errors, 13 consumer disputes;
 * Mastercard 4837/4840/4863 fraud, 4853/4855/4859 consumer, 4808
 * authorisation). Fees are the issuer's own: no chargeback.
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

/** How the card was used, from the authorisation's POS entry mode; UNKNOWN when no one has it. */
export type EntryMode = 'CARD_PRESENT' | 'CARD_ABSENT' | 'UNKNOWN';

/** What a fraud code turns on: the entry mode, and whether the card had left the customer (lost or stolen). */
export interface FraudFacts {
  entryMode: EntryMode;
  cardLostOrStolen: boolean;
}

const VISA: Partial<Record<Reason, string>> = {
  WRONG_AMOUNT: '12.5', // incorrect amount
  DUPLICATE: '12.6.1', // duplicate processing
  CREDIT_NOT_PROCESSED: '13.6',
  NOT_RECEIVED: '13.1', // merchandise/services not received
};

const MASTERCARD: Partial<Record<Reason, string>> = {
  WRONG_AMOUNT: '4853', // cardholder dispute
  DUPLICATE: '4853',
  CREDIT_NOT_PROCESSED: '4853',
  NOT_RECEIVED: '4855', // goods or services not provided
};

/** Visa: 10.3 other fraud, card-present environment; 10.4 card-absent (also when the entry mode is not known). */
const visaFraud = (f: FraudFacts) => (f.entryMode === 'CARD_PRESENT' ? '10.3' : '10.4');

/**
 * Mastercard: 4837 no cardholder authorisation (the card was lost or
 * stolen); with the card still in the customer's hands, 4840 fraudulent
 * processing when it was present, else 4863 cardholder does not recognise.
 */
const mastercardFraud = (f: FraudFacts) =>
  f.cardLostOrStolen ? '4837' : f.entryMode === 'CARD_PRESENT' ? '4840' : '4863';

const NOT_KNOWN: FraudFacts = { entryMode: 'UNKNOWN', cardLostOrStolen: false };

/** The code to file under, or null when this reason or network has no chargeback. */
export function reasonCodeFor(
  network: Network,
  reason: Reason,
  fraud: FraudFacts = NOT_KNOWN,
): string | null {
  if (network === 'VISA') return reason === 'UNAUTHORISED' ? visaFraud(fraud) : (VISA[reason] ?? null);
  if (network === 'MASTERCARD')
    return reason === 'UNAUTHORISED' ? mastercardFraud(fraud) : (MASTERCARD[reason] ?? null);
  return null;
}
