/**
 * What an issuer requires before plastic goes out (docs/adr/0023-least-privilege-operations.md):
 * an additional card is a supervisor's call and goes to the address on file;
 * whoever issued it does not activate it; a card number goes to an address
 * not on file only as a new number (the old one blocked), ordered by a
 * supervisor; a damaged card's same-number plastic goes to the address on
 * file only, since that card stays usable.
 */
import { DomainError, type Actor } from '@cardline/platform/domain';
import type { CardState, FulfilmentRequest } from './card';

/** Who may send a card to an address that is not on file, or issue an additional card. */
export const ISSUING_ROLES = ['supervisor', 'admin'];

const hasIssuingRole = (actor: Actor | null) => actor !== null && ISSUING_ROLES.includes(actor.role);

export function requireAdditionalCardAuthority(actor: Actor | null, f: FulfilmentRequest): void {
  if (!hasIssuingRole(actor))
    throw new DomainError(
      'FORBIDDEN',
      `an additional card needs one of the roles ${ISSUING_ROLES.join(', ')}`,
    );
  if (f.address)
    throw new DomainError(
      'INVALID',
      'an additional card goes to the address on file: change the address on file first',
    );
}

export function requireNotIssuer(s: CardState, actor: Actor): void {
  if (s.issueReason === 'ADDITIONAL' && s.issuedBy !== null && s.issuedBy === actor.id)
    throw new DomainError('FORBIDDEN', `${actor.id} issued card ${s.cardId}: someone else activates it`);
}

/** A new-number replacement to an address not on file: a supervisor's call. */
export function requireNewAddressAuthority(actor: Actor, f: FulfilmentRequest): void {
  if (f.address && !hasIssuingRole(actor))
    throw new DomainError(
      'FORBIDDEN',
      `mailing a card to an address not on file needs one of the roles ${ISSUING_ROLES.join(', ')}`,
    );
}

/** The damaged card stays usable, so its same-number plastic never goes anywhere but the address on file. */
export function requireAddressOnFile(f: FulfilmentRequest): void {
  if (f.address)
    throw new DomainError(
      'INVALID',
      'a damaged card’s new plastic keeps the number and goes to the address on file; for another address, report it lost and a supervisor orders a new-number replacement there',
    );
}
