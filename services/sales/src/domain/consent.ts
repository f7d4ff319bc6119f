/**
 * The consent record that must be complete before an enrolment
 * (docs/domain.md#sales): what the customer was shown and told, their
 * timestamped express yes, and where the proof is (channel, script version,
 * recording). A free trial turns into a fee only with its own express
 * agreement naming the account to be charged (US TSR 310.4(a)(7), free-to-pay
 * conversion); in China processing sensitive personal information needs a
 * separate consent (PIPL art. 29). Every missing element is named.
 */
import { DomainError } from '@cardline/platform/domain';
import type { AddOnTerms } from './add-on-catalogue';
import type { Channel } from './application';
import type { Market } from './policy';

export type ConsentElement =
  | 'OFFER_AND_TERMS_SHOWN'
  | 'PRICE_DISCLOSED'
  | 'OPTIONAL_DISCLOSED'
  | 'EXCLUSIONS_READ'
  | 'EXPRESS_YES'
  | 'CHANNEL'
  | 'SCRIPT_VERSION'
  | 'RECORDING_REFERENCE'
  | 'SENSITIVE_PI_CONSENT'
  | ConversionElement;

export type ConversionElement = 'CONVERSION_AGREEMENT' | 'CHARGE_ACCOUNT_LAST_FOUR' | 'CONVERSION_RECORDING';

/** The customer's express agreement that the free trial becomes a paid fee on this account. */
export interface ConversionConsent {
  expressAgreementAt: number | null;
  /** As the customer confirmed it; must be the last four of the account to be charged. */
  accountLast4: string | null;
  recordingRef: string | null;
}

export interface ConsentRecord {
  offerId: string | null;
  /** The terms version the customer was shown: must be the terms enrolled under. */
  termsVersionShown: string | null;
  priceDisclosed: boolean;
  optionalDisclosed: boolean;
  exclusionsRead: boolean;
  /** When the customer said yes, in words that are theirs, not the agent's. */
  expressYesAt: number | null;
  channel: Channel | null;
  /** Must be the script version the terms require. */
  scriptVersion: string | null;
  recordingRef: string | null;
  /** China: the separate consent to process sensitive personal information (financial accounts). */
  sensitivePiConsentAt: number | null;
  /** A free trial's conversion agreed at the sale; null: the trial lapses unless agreed later. */
  conversion: ConversionConsent | null;
}

/** The account the fee would be charged to, and the customer's market. */
export interface ChargedAccount {
  market: Market;
  accountLast4: string;
}

/** A refusal: the consent record lacks these elements. */
export class ConsentIncomplete extends DomainError {
  constructor(readonly missing: ConsentElement[]) {
    super('INVALID', `the consent record is incomplete: ${missing.join(', ')}`);
  }
}

const given = (s: string | null) => s !== null && s.trim() !== '';
/** A timestamp that has happened: a yes recorded for the future is no yes. */
const said = (at: number | null, now: number) => at !== null && at <= now;

export function missingConversionElements(
  c: ConversionConsent,
  account: ChargedAccount,
  now: number,
): ConversionElement[] {
  const checks: [ConversionElement, boolean][] = [
    ['CONVERSION_AGREEMENT', said(c.expressAgreementAt, now)],
    ['CHARGE_ACCOUNT_LAST_FOUR', c.accountLast4 === account.accountLast4],
    ['CONVERSION_RECORDING', given(c.recordingRef)],
  ];
  return checks.filter(([, ok]) => !ok).map(([e]) => e);
}

/** Every element the record lacks for enrolling under these terms; empty when complete. */
export function missingConsentElements(
  r: ConsentRecord,
  t: AddOnTerms,
  account: ChargedAccount,
  now: number,
): ConsentElement[] {
  const checks: [ConsentElement, boolean][] = [
    ['OFFER_AND_TERMS_SHOWN', given(r.offerId) && r.termsVersionShown === t.termsVersion],
    ['PRICE_DISCLOSED', r.priceDisclosed],
    ['OPTIONAL_DISCLOSED', r.optionalDisclosed],
    ['EXCLUSIONS_READ', r.exclusionsRead],
    ['EXPRESS_YES', said(r.expressYesAt, now)],
    ['CHANNEL', r.channel !== null],
    ['SCRIPT_VERSION', r.scriptVersion === t.scriptVersion],
    ['RECORDING_REFERENCE', given(r.recordingRef)],
    ['SENSITIVE_PI_CONSENT', account.market !== 'CN' || said(r.sensitivePiConsentAt, now)],
  ];
  const missing = checks.filter(([, ok]) => !ok).map(([e]) => e);
  const trial = t.pricing.kind === 'MONTHLY' && t.pricing.freeTrial;
  if (trial && r.conversion) missing.push(...missingConversionElements(r.conversion, account, now));
  return missing;
}

export function requireCompleteConsent(
  r: ConsentRecord,
  t: AddOnTerms,
  account: ChargedAccount,
  now: number,
): void {
  const missing = missingConsentElements(r, t, account, now);
  if (missing.length > 0) throw new ConsentIncomplete(missing);
}
