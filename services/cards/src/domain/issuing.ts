/** Issuing a card (inactive, with its plastic ordered) and activating it, or the new plastic it was sent. */
import { DomainError } from '@cardline/platform/domain';
import type { CardCommandOf, CardEvent, CardState } from './card';
import { refuse } from './guards';
import { addressed, fulfilmentPayload } from './plastic';
import { requireAdditionalCardAuthority, requireNotIssuer } from './authority';

export function issueCard(cmd: CardCommandOf<'IssueCard'>, s: CardState | null): CardEvent[] {
  if (s) throw new DomainError('ALREADY_EXISTS', `card ${cmd.cardId} already exists`);
  if (cmd.reason === 'ADDITIONAL') requireAdditionalCardAuthority(cmd.actor, cmd.fulfilment);
  return [
    {
      type: 'cards.card.issued.v1',
      payload: {
        cardId: cmd.cardId,
        accountId: cmd.accountId,
        customerId: cmd.customerId,
        productCode: cmd.productCode,
        ...cmd.vaulted,
        reason: cmd.reason,
        replacesCardId: cmd.replacesCardId,
        fulfilment: fulfilmentPayload(cmd.fulfilment),
        actor: cmd.actor,
        issuedAt: cmd.now,
      },
    },
    addressed(cmd.fulfilment),
  ];
}

export function activate(cmd: CardCommandOf<'Activate'>, s: CardState): CardEvent[] {
  requireNotIssuer(s, cmd.actor);
  const pendingPlastic = s.plastic.activatedAt === null;
  if (s.status === 'INACTIVE' || (s.status === 'ACTIVE' && pendingPlastic))
    return [
      {
        type: 'cards.card.activated.v1',
        payload: {
          cardId: s.cardId,
          accountId: s.accountId,
          orderId: s.plastic.orderId,
          actor: cmd.actor,
          activatedAt: cmd.now,
        },
      },
    ];
  throw refuse(
    s,
    'activate',
    s.status === 'ACTIVE' ? 'already active, no new plastic to activate' : undefined,
  );
}
