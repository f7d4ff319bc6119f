import { createHmac } from 'node:crypto';

/**
 * The digits a phone number is known by: the last ten, so the country code and
 * the punctuation do not make another number ('+1 415 555 0102' and
 * '(415) 555-0102' meet). Shorter than seven is no number to search by.
 */
const KEPT_DIGITS = 10;
export const MIN_PHONE_DIGITS = 7;

/**
 * A keyed hash (HMAC-SHA-256 with the service's secret) of a phone number's
 * digits: what the case index and the customer search hold instead of the
 * number, so neither the index nor a log line carries it, and without the key
 * no one can walk the ten-digit space back to the number
 * (docs/architecture.md, "Customer search"). Null when it has too few digits.
 */
export function phoneFingerprint(phone: string, key: string): string | null {
  const digits = phone.replace(/\D/g, '').slice(-KEPT_DIGITS);
  if (digits.length < MIN_PHONE_DIGITS) return null;
  return createHmac('sha256', key).update(digits).digest('hex');
}
