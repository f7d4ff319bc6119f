import type { EventContext } from '@cardline/platform';
import type { Offered } from './enrolment-wire';
import type { BureauReport } from '../domain/credit-bureau';
import type { CustomerStanding } from '../domain/eligibility';
import type { Details, Identity } from '../domain/application';
import type { Market } from '../domain/policy';

/**
 * What the applicant told sales that no event and no other document holds:
 * the raw national id, the date of birth, name and address, income, housing
 * and employment (docs/domain.md#privacy-and-security).
 */
export interface ApplicantSecrets {
  identity: Omit<Identity, 'nationalIdHash' | 'nationalIdMasked'> & { nationalId: string };
  details: Details;
  hasCoSigner: boolean;
}

/** The encrypted store of ApplicantSecrets, one record per application. */
export interface SecretStore {
  put(applicationId: string, secrets: ApplicantSecrets): Promise<void>;
  get(applicationId: string): Promise<ApplicantSecrets | null>;
  remove(applicationId: string): Promise<void>;
}

/** The credit bureau (simulated here; a real one replaces the adapter). */
export interface CreditBureau {
  report(applicantKey: string, market: Market): Promise<BureauReport>;
}

/** The account an add-on would be charged to, as sales' read models know it. */
export interface ChargeAccount {
  accountId: string;
  customerId: string;
  market: Market;
  /** The last four digits of the card on the account (what the customer confirms); null before a card. */
  accountLast4: string | null;
}

/** Sales' read models of other services' events and its own recorded facts (docs/domain.md#sales). */
export interface StandingReader {
  /** The customer's standing across their accounts, and the account to charge; null: not that customer's. */
  standing(
    customerId: string,
    accountId: string,
  ): Promise<{ account: ChargeAccount; standing: CustomerStanding } | null>;
}

/** An offer made: only an offered terms version can be enrolled under (its id is in the consent record). */
export interface OfferDoc {
  _id: string;
  customerId: string;
  accountId: string;
  termsVersion: string;
  offeredAt: number;
}

/** Every offer made, each recorded and published together (the outbox). */
export interface OfferLog {
  record(offer: Offered, ctx: EventContext): Promise<void>;
  get(offerId: string): Promise<OfferDoc | null>;
}
