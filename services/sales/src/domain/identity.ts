/**
 * The applicant's identity as sales may keep it outside the encrypted store
 * (docs/domain.md#privacy-and-security): the national id only as a keyed hash
 * and a mask, and the duplicate-application key built from them.
 */
import { createHash, createHmac } from 'node:crypto';

/** Case, accents, punctuation and spacing do not make another person: "José  O'Neil" = "jose oneil". */
export function normaliseName(fullName: string): string {
  return fullName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const idDigits = (nationalId: string) => nationalId.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

/**
 * A keyed hash (HMAC-SHA-256 with the service's secret) of the national id:
 * equal ids give equal hashes, and without the key the hash cannot be
 * reversed by trying every possible id, which a plain hash of a nine-digit
 * SSN could.
 */
export function nationalIdHash(nationalId: string, key: string): string {
  return createHmac('sha256', key).update(idDigits(nationalId)).digest('hex');
}

/** Only the last four characters show: `*****6789`. */
export function maskNationalId(nationalId: string): string {
  const id = idDigits(nationalId);
  return `${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;
}

/**
 * One person applying twice gets the same key: normalised name, date of
 * birth and the national-id hash (never the raw id). It also keys the
 * simulated bureau, so a person's report does not change between applications.
 */
export function duplicateKey(fullName: string, dateOfBirth: string, idHash: string): string {
  return createHash('sha256')
    .update(`${normaliseName(fullName)}|${dateOfBirth}|${idHash}`)
    .digest('hex');
}
