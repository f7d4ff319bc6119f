import type { BureauReport } from '../domain/credit-bureau';
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
