/**
 * What the contact gate is asked about: one outbound attempt, the debtor's
 * contact history and the facts on file (docs/domain.md#collections).
 * Instants are ISO-8601 strings, as in events.
 */

export const CHANNELS = ['CALL', 'SMS', 'EMAIL', 'LETTER', 'WECHAT', 'FIELD_VISIT'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PARTIES = ['DEBTOR', 'GUARANTOR', 'THIRD_PARTY'] as const;
export type Party = (typeof PARTIES)[number];

export const OUTCOMES = ['NO_ANSWER', 'RIGHT_PARTY_CONTACT', 'WRONG_PARTY', 'REFUSED', 'PROMISE'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Direction = 'OUTBOUND' | 'INBOUND';

/** The contact a collector or the strategy runner is about to make. */
export interface ContactAttempt {
  debtId: string;
  channel: Channel;
  party: Party;
  /** Placed by an autodialler or with a prerecorded voice (TCPA). */
  autodialled: boolean;
  /** The message carries a way to opt out (meaningful for SMS and email). */
  hasOptOut: boolean;
  /** This contact is the validation notice itself (US: the first contact sends it). */
  carriesValidationNotice: boolean;
}

/** One recorded attempt or conversation, of any of the debtor's debts. */
export interface ContactRecord {
  at: string;
  debtId: string;
  channel: Channel;
  direction: Direction;
  outcome: Outcome;
}

/** The facts on file at the moment of the decision. */
export interface DebtorFacts {
  /** IANA zone name of the debtor's location, e.g. America/New_York. */
  timeZone: string;
  ceaseRequested: boolean;
  attorneyOnFile: boolean;
  doNotContact: readonly Channel[];
  /** The number called is a mobile. */
  mobile: boolean;
  /** Consent to autodialled or prerecorded calls to that mobile, as it stands now (a revocation sets it false). */
  autodialConsentOnMobile: boolean;
  /** When the validation notice went out, or null before it has. */
  validationNoticeSentAt: string | null;
  /** Debts whose promise to pay suppresses contact until `until` (absent: none). */
  suppressions?: readonly { debtId: string; until: string }[];
}
