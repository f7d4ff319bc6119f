/** Freezing (only an active card), unfreezing (only a frozen one) and closing (any card not already ended). */
import type { CardCommandOf, CardEvent, CardState } from './card';
import { refuse, TERMINAL } from './guards';

export function freeze(cmd: CardCommandOf<'Freeze'>, s: CardState): CardEvent[] {
  if (s.status !== 'ACTIVE') throw refuse(s, 'freeze', 'only an active card can be frozen');
  return [
    {
      type: 'cards.card.frozen.v1',
      payload: {
        cardId: s.cardId,
        accountId: s.accountId,
        reason: cmd.reason,
        actor: cmd.actor,
        frozenAt: cmd.now,
      },
    },
  ];
}

export function unfreeze(cmd: CardCommandOf<'Unfreeze'>, s: CardState): CardEvent[] {
  if (s.status !== 'FROZEN') throw refuse(s, 'unfreeze', 'only a frozen card can be unfrozen');
  return [
    {
      type: 'cards.card.unfrozen.v1',
      payload: {
        cardId: s.cardId,
        accountId: s.accountId,
        reason: cmd.reason,
        actor: cmd.actor,
        unfrozenAt: cmd.now,
      },
    },
  ];
}

export function close(cmd: CardCommandOf<'Close'>, s: CardState): CardEvent[] {
  if (TERMINAL.includes(s.status)) throw refuse(s, 'close');
  return [
    {
      type: 'cards.card.closed.v1',
      payload: {
        cardId: s.cardId,
        accountId: s.accountId,
        reason: cmd.reason,
        actor: cmd.actor,
        closedAt: cmd.now,
      },
    },
  ];
}
