/** Who acts on a dispute besides the staff who open it, and who may decide one. */
import { DomainError, type Actor } from '@cardline/platform/domain';

/** The policy or the card network acting on its own. */
export const SYSTEM: Actor = { id: 'disputes-policy', role: 'SYSTEM' };
export const NETWORK: Actor = { id: 'card-network', role: 'SYSTEM' };

/** Who may decide: resolve, override the goodwill policy. Agents open and acknowledge. */
export const DECIDING_ROLES = ['dispute_analyst', 'supervisor', 'admin'];

export function requireDecider(what: string, actor: Actor): void {
  if (!DECIDING_ROLES.includes(actor.role))
    throw new DomainError('FORBIDDEN', `${what} needs one of the roles ${DECIDING_ROLES.join(', ')}`);
}
