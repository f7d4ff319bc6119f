/**
 * The add-ons sales offers existing customers, each under versioned terms:
 * the price, who cannot benefit and what is excluded, who the product suits,
 * and the script those terms require the agent to read. Terms are never
 * edited: a change is a new version, and a consent names the version shown.
 */
import type { EmploymentStatus } from './application';
import type { AddOnPolicy, Market } from './policy';

export type AddOnCode = 'PAYMENT_PROTECTION' | 'CARD_UPGRADE' | 'BALANCE_TRANSFER';

export type Pricing =
  /** A fee each month; with a free trial the first charge comes only after it, and only with consent to convert. */
  | { kind: 'MONTHLY'; monthlyFee: number; freeTrial: boolean }
  /** A fee once, a share of the amount (a balance transfer fee), never below the minimum. */
  | { kind: 'ONE_OFF'; feeBps: number; minimumFee: number };

export interface AddOnTerms {
  addOn: AddOnCode;
  termsVersion: string;
  market: Market;
  currency: 'USD' | 'CNY';
  name: string;
  pricing: Pricing;
  /** Who cannot benefit and what is not covered: read to the customer, confirmed in the consent. */
  exclusions: readonly string[];
  /** Only customers in these employment statuses can benefit (null: anyone). */
  suitableEmployment: readonly EmploymentStatus[] | null;
  /** The version of the script these terms require (requiredScript gives its text). */
  scriptVersion: string;
  effectiveFrom: number;
  /** Offers stop at this time; enrolments under these terms go on. */
  retiredAt: number | null;
}

const PP_EXCLUSIONS = [
  'Self-employed, retired or unemployed customers cannot claim for unemployment.',
  'Illness or injury known before enrolment is not covered.',
  'Unemployment in the first 60 days after enrolment is not covered.',
];

export const CATALOGUE: readonly AddOnTerms[] = [
  {
    addOn: 'PAYMENT_PROTECTION',
    termsVersion: 'PP-US-1',
    market: 'US',
    currency: 'USD',
    name: 'Payment Protection',
    pricing: { kind: 'MONTHLY', monthlyFee: 1_299, freeTrial: true },
    exclusions: PP_EXCLUSIONS.slice(0, 2),
    suitableEmployment: ['EMPLOYED'],
    scriptVersion: 'PP-US-1.script-1',
    effectiveFrom: Date.UTC(2026, 0, 1),
    retiredAt: Date.UTC(2026, 9, 1),
  },
  {
    addOn: 'PAYMENT_PROTECTION',
    termsVersion: 'PP-US-2',
    market: 'US',
    currency: 'USD',
    name: 'Payment Protection',
    pricing: { kind: 'MONTHLY', monthlyFee: 1_499, freeTrial: true },
    exclusions: PP_EXCLUSIONS,
    suitableEmployment: ['EMPLOYED'],
    scriptVersion: 'PP-US-2.script-1',
    effectiveFrom: Date.UTC(2026, 9, 1),
    retiredAt: null,
  },
  {
    addOn: 'PAYMENT_PROTECTION',
    termsVersion: 'PP-CN-1',
    market: 'CN',
    currency: 'CNY',
    name: '账单保障 Payment Protection',
    pricing: { kind: 'MONTHLY', monthlyFee: 2_500, freeTrial: true },
    exclusions: PP_EXCLUSIONS,
    suitableEmployment: ['EMPLOYED'],
    scriptVersion: 'PP-CN-1.script-1',
    effectiveFrom: Date.UTC(2026, 0, 1),
    retiredAt: null,
  },
  {
    addOn: 'CARD_UPGRADE',
    termsVersion: 'UPG-US-1',
    market: 'US',
    currency: 'USD',
    name: 'Gold upgrade',
    pricing: { kind: 'MONTHLY', monthlyFee: 995, freeTrial: false },
    exclusions: ['Travel insurance covers trips paid with the card only.'],
    suitableEmployment: null,
    scriptVersion: 'UPG-US-1.script-1',
    effectiveFrom: Date.UTC(2026, 0, 1),
    retiredAt: null,
  },
  {
    addOn: 'BALANCE_TRANSFER',
    termsVersion: 'BT-US-1',
    market: 'US',
    currency: 'USD',
    name: 'Balance transfer at 0% for 12 months',
    pricing: { kind: 'ONE_OFF', feeBps: 300, minimumFee: 500 },
    exclusions: [
      'Balances owed to Cardline cannot be transferred.',
      'After 12 months the standard purchase rate applies to what remains.',
    ],
    suitableEmployment: null,
    scriptVersion: 'BT-US-1.script-1',
    effectiveFrom: Date.UTC(2026, 0, 1),
    retiredAt: null,
  },
];

/** The terms an offer made now is under, or null when the add-on is not offered in the market. */
export function termsInEffect(
  market: Market,
  addOn: AddOnCode,
  at: number,
  catalogue: readonly AddOnTerms[] = CATALOGUE,
): AddOnTerms | null {
  return (
    catalogue.find(
      (t) =>
        t.market === market && t.addOn === addOn && t.effectiveFrom <= at && (t.retiredAt ?? Infinity) > at,
    ) ?? null
  );
}

export function termsByVersion(
  version: string,
  catalogue: readonly AddOnTerms[] = CATALOGUE,
): AddOnTerms | null {
  return catalogue.find((t) => t.termsVersion === version) ?? null;
}

/** A one-off fee on an amount (minor units), rounded up to the minor unit. */
export function oneOffFee(pricing: Extract<Pricing, { kind: 'ONE_OFF' }>, amount: number): number {
  return Math.max(pricing.minimumFee, Math.ceil((amount * pricing.feeBps) / 10_000));
}

export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${(amount / 100).toFixed(2)}`;
}

/** Where the script names the customer's account, the agent reads its last four digits. */
export const ACCOUNT_LAST4 = '{accountLast4}';

/**
 * The statements the terms require, in order: the product is optional, its
 * price (never "free" without what follows the trial), each exclusion, the
 * right to cancel, and for a free trial the question that converts it.
 * Built from the terms and the market policy, so the figures read to the
 * customer are the figures charged.
 */
export function requiredScript(t: AddOnTerms, p: AddOnPolicy): string[] {
  const money = (n: number) => formatMoney(n, t.currency);
  const lines = [`${t.name} is optional: you do not need it to have or keep your card.`];
  const pr = t.pricing;
  if (pr.kind === 'MONTHLY' && pr.freeTrial)
    lines.push(
      `It is free for the first ${p.trialDays} days. After that it costs ${money(pr.monthlyFee)} a month, ` +
        `but only if you agree now to that change; otherwise it simply ends.`,
    );
  else if (pr.kind === 'MONTHLY') lines.push(`It costs ${money(pr.monthlyFee)} a month, from today.`);
  else
    lines.push(
      `The fee is ${pr.feeBps / 100}% of the amount transferred, at least ${money(pr.minimumFee)}, charged once.`,
    );
  lines.push(...t.exclusions.map((e) => `Please note: ${e}`));
  lines.push(
    `You can cancel at any time. Within ${p.coolingOffDays} days of the first charge every fee is refunded; ` +
      `after that, the unused part of the month.`,
  );
  if (pr.kind === 'MONTHLY' && pr.freeTrial)
    lines.push(
      `Do you agree that when the free trial ends it becomes ${money(pr.monthlyFee)} a month, ` +
        `charged to your account ending ${ACCOUNT_LAST4}?`,
    );
  return lines;
}
