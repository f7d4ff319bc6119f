/** A demo application: the state it is seeded in, its applicant and customer id. */
export interface DemoApplication {
  state: 'INCOMPLETE' | 'COMPLETE' | 'APPROVED' | 'DECLINED' | 'REFERRED' | 'WITHDRAWN';
  name: string;
  customerId: string;
  outcome: 'APPROVE' | 'DECLINE' | 'REFER' | null;
  details: Record<string, unknown>;
  consent?: boolean;
  then: ('decide' | 'withdraw')[];
}
export interface TrialOffer {
  offerId: string;
  termsVersion: string;
  scriptVersion: string;
  pricing?: { freeTrial?: boolean };
}
export type Tokens = Record<'sales_agent' | 'admin' | 'compliance' | 'collector', string>;

export const APPLICATIONS: DemoApplication[];
export const US_ZONES: string[];
export function nationalIdOf(n: number): string;
export function nationalIdGiving(
  outcome: string | null,
  decide: (nationalId: string) => string,
  from?: number,
  tries?: number,
): string | null;
export function applicationBody(a: DemoApplication, nationalId: string): Record<string, unknown>;
export function zoneInHours(
  now: number,
  zones: string[],
  inHours: (now: number, zone: string) => boolean,
): string | null;
export function enrolBody(o: {
  customerId: string;
  accountId: string;
  offer: TrialOffer;
  last4: string;
  recordingRef: string;
  now: number;
}): Record<string, unknown>;
export function trialOffer(sheet: { offers?: TrialOffer[] }): TrialOffer | null;
export function promiseBody(
  collectable: number,
  now: number,
): { instalments: { amount: number; dueDate: string }[] } | null;
export function seedApplications(gateway: string, tokens: Tokens): Promise<string>;
export function seedEnrolment(gateway: string, tokens: Tokens, now?: number): Promise<string>;
export function seedCollections(gateway: string, tokens: Tokens): Promise<string>;
export interface DelinquentAccount {
  accountId: string;
  customerId: string;
  market: 'US' | 'CN';
  currency: 'USD' | 'CNY';
  zone: string;
  /** Days past due the account's own end-of-day is run ahead to. */
  days: number;
}
export const DELINQUENT_ACCOUNTS: readonly DelinquentAccount[];
export function cycleDayAfter(now: number, zone: string): number;
export function seedDelinquentAccounts(gateway: string, tokens: Tokens, waitS?: number): Promise<string>;
export function seedDemo(gateway: string, tokens: Tokens, say: (line: string) => void): Promise<void>;
