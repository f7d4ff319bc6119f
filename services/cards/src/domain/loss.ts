/**
 * A lost or stolen card is blocked for good, with the customer's last
 * legitimate use (the fraud trace starts there); a new-number replacement
 * is ordered once for it.
 */
import { DomainError } from '@cardline/platform/domain';
import type { CardCommandOf, CardEvent, CardState, LossReport } from './card';
import { refuse, TERMINAL } from './guards';
import { addressed, fulfilmentPayload } from './plastic';
import { requireNewAddressAuthority } from './authority';

export function reportLost(cmd: CardCommandOf<'ReportLost'>, s: CardState): CardEvent[] {
  return [{ type: 'cards.card.reported-lost.v1', payload: blocked(cmd, s, 'lost') }];
}

export function reportStolen(cmd: CardCommandOf<'ReportStolen'>, s: CardState): CardEvent[] {
  return [{ type: 'cards.card.reported-stolen.v1', payload: blocked(cmd, s, 'stolen') }];
}

function blocked(cmd: LossReport, s: CardState, what: 'lost' | 'stolen') {
  if (TERMINAL.includes(s.status)) throw refuse(s, `report it ${what}`);
  if (cmd.lastLegitimateUseAt > cmd.now)
    throw new DomainError('INVALID', 'the last legitimate use cannot be in the future');
  return {
    cardId: s.cardId,
    accountId: s.accountId,
    customerId: s.customerId,
    previousStatus: s.status,
    lastLegitimateUseAt: cmd.lastLegitimateUseAt,
    lastUsedWhere: cmd.lastUsedWhere,
    actor: cmd.actor,
    reportedAt: cmd.now,
  };
}

export function orderReplacement(cmd: CardCommandOf<'OrderReplacement'>, s: CardState): CardEvent[] {
  if (s.status !== 'LOST' && s.status !== 'STOLEN')
    throw refuse(s, 'order a new-number replacement', 'report it lost or stolen first');
  if (s.replacedByCardId)
    throw new DomainError(
      'INVALID_STATE',
      `card ${s.cardId} is ${s.status} and was already replaced by ${s.replacedByCardId}`,
      s.status,
    );
  requireNewAddressAuthority(cmd.actor, cmd.fulfilment);
  return [
    {
      type: 'cards.card.replacement-ordered.v1',
      payload: {
        cardId: s.cardId,
        accountId: s.accountId,
        customerId: s.customerId,
        replacementCardId: cmd.replacementCardId,
        fulfilment: fulfilmentPayload(cmd.fulfilment),
        actor: cmd.actor,
        orderedAt: cmd.now,
      },
    },
    addressed(cmd.fulfilment),
  ];
}
