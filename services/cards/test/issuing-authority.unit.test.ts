import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  type CardCommand,
  type CardEvent,
  type CardState,
} from '../src/domain/card';

// What an issuer requires before plastic goes out (docs/adr/0023-least-privilege-operations.md).
const card: Decider<CardCommand, CardEvent, CardState | null> = { decide, evolve, initialState: () => null };
const { given } = DeciderSpecification.for(card, DomainError);

const T0 = Date.UTC(2026, 0, 10, 14, 0);
const agent = { id: 'agent-7', role: 'agent' };
const supervisor = { id: 'sup-1', role: 'supervisor' };
const address = { line1: '9 Elsewhere Rd', city: 'Newark', postalCode: '07102', country: 'US' };

const issue = (over: Partial<Extract<CardCommand, { kind: 'IssueCard' }>> = {}): CardCommand => ({
  kind: 'IssueCard',
  cardId: 'crd_2',
  accountId: 'acc_1',
  customerId: 'cus_1',
  productCode: 'CLASSIC',
  vaulted: {
    token: 'tok_2',
    bin: '453201',
    last4: '1111',
    network: 'VISA',
    expiryMonth: 1,
    expiryYear: 2030,
  },
  reason: 'ADDITIONAL',
  replacesCardId: null,
  fulfilment: { orderId: 'ord_1', speed: 'STANDARD', address: null },
  actor: supervisor,
  now: T0,
  ...over,
});
const activate = (actor: typeof agent): CardCommand => ({ kind: 'Activate', actor, now: T0 + 1000 });

describe('an additional card', () => {
  it('is a supervisor’s call: an agent cannot issue one', () => {
    given()
      .when(issue({ actor: agent }))
      .thenThrows('FORBIDDEN', /additional card needs one of the roles supervisor, admin/);
    given()
      .when(issue())
      .thenEventsMatch([
        { type: 'cards.card.issued.v1', payload: { reason: 'ADDITIONAL', actor: supervisor } },
        { type: 'plastic-addressed', payload: { address: null } },
      ]);
  });

  it('goes to the address on file only', () => {
    given()
      .when(issue({ fulfilment: { orderId: 'ord_1', speed: 'STANDARD', address } }))
      .thenThrows('INVALID', /address on file/);
  });

  it('is activated by someone other than whoever issued it', () => {
    const issued = given().after(issue());
    issued.when(activate(supervisor)).thenThrows('FORBIDDEN', /someone else activates it/);
    issued.when(activate(agent)).thenEventsMatch([{ type: 'cards.card.activated.v1' }]);
  });

  it('the first card of a new account, issued by the system, is activated by anyone', () => {
    given()
      .after(issue({ reason: 'NEW_ACCOUNT', actor: null }))
      .when(activate(agent))
      .thenEventsMatch([{ type: 'cards.card.activated.v1' }]);
  });
});

describe('a card number and a new address', () => {
  const active = () => given().after(issue({ reason: 'NEW_ACCOUNT', actor: null }), activate(agent));

  it('a damaged card, which stays usable, gets its same-number plastic at the address on file only', () => {
    active()
      .when({
        kind: 'ReportDamaged',
        fulfilment: { orderId: 'ord_2', speed: 'EXPRESS', address },
        actor: supervisor,
        now: T0 + 2000,
      })
      .thenThrows('INVALID', /report it lost and a supervisor orders a new-number replacement/);
  });

  it('a new-number replacement goes to an address not on file only when a supervisor orders it', () => {
    const lost = active().after({
      kind: 'ReportLost',
      lastLegitimateUseAt: T0,
      lastUsedWhere: null,
      actor: agent,
      now: T0 + 2000,
    });
    const replace = (actor: typeof agent, to: typeof address | null): CardCommand => ({
      kind: 'OrderReplacement',
      replacementCardId: 'crd_3',
      fulfilment: { orderId: 'ord_3', speed: 'EXPRESS', address: to },
      actor,
      now: T0 + 3000,
    });
    lost.when(replace(agent, address)).thenThrows('FORBIDDEN', /address not on file needs one of the roles/);
    lost
      .when(replace(agent, null))
      .thenEventsMatch([{ type: 'cards.card.replacement-ordered.v1' }, { type: 'plastic-addressed' }]);
    lost.when(replace(supervisor, address)).thenEventsMatch([
      { type: 'cards.card.replacement-ordered.v1', payload: { fulfilment: { addressSource: 'NEW' } } },
      { type: 'plastic-addressed', payload: { address } },
    ]);
  });
});
