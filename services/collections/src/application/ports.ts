import type { CaseState, HeldDispute } from '../domain/case';

/** What collections knows of a ledger account, from its opening (customer, market, local calendar). */
export interface LedgerAccount {
  accountId: string;
  customerId: string;
  market: CaseState['market'];
  timeZone: string;
  currency: string;
}

/** Collections' own view of the ledger's accounts. */
export interface Accounts {
  account(accountId: string): Promise<LedgerAccount | null>;
}

/** Collections' own view of disputes: which are open on an account, and what each holds. */
export interface OpenDisputes {
  openOn(accountId: string): Promise<HeldDispute[]>;
}
