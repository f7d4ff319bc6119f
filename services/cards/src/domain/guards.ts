/** The statuses a card does not leave, and how a command this card's status forbids is refused. */
import { DomainError } from '@cardline/platform/domain';
import type { CardState, CardStatus } from './card';

export const TERMINAL: readonly CardStatus[] = ['LOST', 'STOLEN', 'CLOSED'];

/** The refusal names the card's status: callers show it as currentStatus. */
export const refuse = (s: CardState, action: string, hint?: string): DomainError =>
  new DomainError(
    'INVALID_STATE',
    `cannot ${action}: card ${s.cardId} is ${s.status}${hint ? ` (${hint})` : ''}`,
    s.status,
  );
