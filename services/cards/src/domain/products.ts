/**
 * Card products: which BIN (issuer identification number) a product's cards
 * get, and the card network a BIN belongs to. Pure configuration with
 * defaults; the issuer's real BIN table would replace DEFAULT_BINS.
 */
import type { Network } from './card';

export const DEFAULT_BINS: Readonly<Record<string, string>> = {
  CLASSIC: '453201',
  GOLD: '552433',
  PLATINUM: '552434',
  UNIONPAY_CLASSIC: '622588',
};

export const FALLBACK_BIN = '453201';

export function binFor(productCode: string, bins: Readonly<Record<string, string>> = DEFAULT_BINS): string {
  return bins[productCode] ?? FALLBACK_BIN;
}

/** Network from the BIN's leading digits (ISO/IEC 7812 ranges of the big three we issue on). */
export function networkOf(bin: string): Network {
  if (bin.startsWith('62')) return 'UNIONPAY';
  if (bin.startsWith('4')) return 'VISA';
  const two = Number(bin.slice(0, 2));
  const four = Number(bin.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'MASTERCARD';
  return 'UNKNOWN';
}

/** Cards expire at the end of the month, this many years after issue. */
export const CARD_VALIDITY_YEARS = 4;

export function expiryFrom(issuedAt: number): { expiryMonth: number; expiryYear: number } {
  const d = new Date(issuedAt);
  return { expiryMonth: d.getUTCMonth() + 1, expiryYear: d.getUTCFullYear() + CARD_VALIDITY_YEARS };
}
