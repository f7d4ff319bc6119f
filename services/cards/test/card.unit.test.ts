import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  decide,
  DomainError,
  evolve,
  fraudTrace,
  summariseAddress,
  type CardCommand,
  type CardEvent,
  type CardState,
  type CardStatus,
  type TraceTransaction,
} from '../src/domain/card';

const card: Decider<CardCommand, CardEvent, CardState | null> = { decide, evolve, initialState: () => null };
const { given } = DeciderSpecification.for(card, DomainError);

const T0 = Date.UTC(2026, 0, 10, 14, 0);
const agent = { id: 'agent-7', role: 'agent' };
const supervisor = { id: 'sup-1', role: 'supervisor' };
const address = { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' };
const ids = { cardId: 'crd_1', accountId: 'acc_1' };

const issueCmd: CardCommand = {
  kind: 'IssueCard',
  cardId: 'crd_1',
  accountId: 'acc_1',
  customerId: 'cus_1',
  productCode: 'CLASSIC',
  vaulted: {
    token: 'tok_1',
    bin: '453201',
    last4: '4242',
    network: 'VISA',
    expiryMonth: 1,
    expiryYear: 2030,
  },
  reason: 'NEW_ACCOUNT',
  replacesCardId: null,
  fulfilment: { orderId: 'ord_1', speed: 'STANDARD', address: null },
  actor: null,
  now: T0,
};
const issued = given().after(issueCmd).events;

const at = (minutes: number) => T0 + minutes * 60_000;
const activate: CardCommand = { kind: 'Activate', actor: agent, now: at(1) };
const freeze: CardCommand = { kind: 'Freeze', reason: 'customer request', actor: agent, now: at(2) };
const unfreeze: CardCommand = { kind: 'Unfreeze', reason: null, actor: agent, now: at(3) };
const lost: CardCommand = {
  kind: 'ReportLost',
  lastLegitimateUseAt: at(0),
  lastUsedWhere: 'coffee shop',
  actor: agent,
  now: at(4),
};
const stolen: CardCommand = { ...lost, kind: 'ReportStolen' };
// To the address on file: a damaged card's same-number plastic goes nowhere else (docs/adr/0023-least-privilege-operations.md).
const damaged: CardCommand = {
  kind: 'ReportDamaged',
  fulfilment: { orderId: 'ord_2', speed: 'EXPRESS', address: null },
  actor: agent,
  now: at(5),
};
const replace: CardCommand = {
  kind: 'OrderReplacement',
  replacementCardId: 'crd_2',
  fulfilment: { orderId: 'ord_3', speed: 'EXPRESS', address: null },
  actor: agent,
  now: at(6),
};
const close: CardCommand = { kind: 'Close', reason: 'customer request', actor: agent, now: at(7) };

/** An issued card brought to a status. */
function history(status: CardStatus) {
  const steps: Record<CardStatus, CardCommand[]> = {
    INACTIVE: [],
    ACTIVE: [activate],
    FROZEN: [activate, freeze],
    LOST: [activate, lost],
    STOLEN: [activate, stolen],
    CLOSED: [activate, close],
  };
  return given(issued).after(...steps[status]);
}

/** Refused because of the card's status, which the refusal names. */
const invalidIn = (status: CardStatus) =>
  [{ code: 'INVALID_STATE' as const, currentStatus: status }, status] as const;

describe('issue', () => {
  it('a card is issued inactive with its token, BIN and last four, and its plastic is ordered to the address on file', () => {
    const o = given()
      .when(issueCmd)
      .then([
        {
          type: 'cards.card.issued.v1',
          payload: {
            ...ids,
            customerId: 'cus_1',
            productCode: 'CLASSIC',
            token: 'tok_1',
            bin: '453201',
            last4: '4242',
            network: 'VISA',
            expiryMonth: 1,
            expiryYear: 2030,
            reason: 'NEW_ACCOUNT',
            replacesCardId: null,
            fulfilment: {
              orderId: 'ord_1',
              speed: 'STANDARD',
              addressSource: 'ON_FILE',
              addressSummary: null,
            },
            actor: null,
            issuedAt: T0,
          },
        },
        { type: 'plastic-addressed', payload: { orderId: 'ord_1', address: null } },
      ]);
    expect(o.state).toMatchObject({ status: 'INACTIVE', token: 'tok_1', bin: '453201', last4: '4242' });
    expect(o.state?.plastic).toMatchObject({
      orderId: 'ord_1',
      status: 'ORDERED',
      address: null,
      activatedAt: null,
    });
    expect(issued).toEqual(o.events);
  });
  it('the same card cannot be issued twice', () => {
    given(issued).when(issueCmd).thenThrows('ALREADY_EXISTS');
  });
  it('a card that does not exist takes no commands', () => {
    given([]).when(freeze).thenThrows('NOT_FOUND');
  });
});

describe('transitions', () => {
  // [what the command does to the card, command, from status, the event it records or refused]
  const table: [string, CardCommand, CardStatus, CardEvent['type'] | 'refused'][] = [
    ['activated', activate, 'INACTIVE', 'cards.card.activated.v1'],
    ['activated', activate, 'ACTIVE', 'refused'],
    ['activated', activate, 'FROZEN', 'refused'],
    ['activated', activate, 'LOST', 'refused'],
    ['activated', activate, 'STOLEN', 'refused'],
    ['activated', activate, 'CLOSED', 'refused'],
    ['frozen', freeze, 'ACTIVE', 'cards.card.frozen.v1'],
    ['frozen', freeze, 'INACTIVE', 'refused'],
    ['frozen', freeze, 'FROZEN', 'refused'],
    ['frozen', freeze, 'LOST', 'refused'],
    ['frozen', freeze, 'STOLEN', 'refused'],
    ['frozen', freeze, 'CLOSED', 'refused'],
    ['unfrozen', unfreeze, 'FROZEN', 'cards.card.unfrozen.v1'],
    ['unfrozen', unfreeze, 'ACTIVE', 'refused'],
    ['unfrozen', unfreeze, 'INACTIVE', 'refused'],
    ['unfrozen', unfreeze, 'STOLEN', 'refused'],
    ['unfrozen', unfreeze, 'CLOSED', 'refused'],
    ['reported lost', lost, 'ACTIVE', 'cards.card.reported-lost.v1'],
    ['reported lost', lost, 'FROZEN', 'cards.card.reported-lost.v1'],
    ['reported lost', lost, 'INACTIVE', 'cards.card.reported-lost.v1'],
    ['reported lost', lost, 'LOST', 'refused'],
    ['reported lost', lost, 'STOLEN', 'refused'],
    ['reported lost', lost, 'CLOSED', 'refused'],
    ['reported stolen', stolen, 'ACTIVE', 'cards.card.reported-stolen.v1'],
    ['reported stolen', stolen, 'FROZEN', 'cards.card.reported-stolen.v1'],
    ['reported stolen', stolen, 'INACTIVE', 'cards.card.reported-stolen.v1'],
    ['reported stolen', stolen, 'LOST', 'refused'],
    ['reported stolen', stolen, 'STOLEN', 'refused'],
    ['reported stolen', stolen, 'CLOSED', 'refused'],
    ['reported damaged', damaged, 'ACTIVE', 'cards.card.reported-damaged.v1'],
    ['reported damaged', damaged, 'FROZEN', 'cards.card.reported-damaged.v1'],
    ['reported damaged', damaged, 'INACTIVE', 'cards.card.reported-damaged.v1'],
    ['reported damaged', damaged, 'LOST', 'refused'],
    ['reported damaged', damaged, 'CLOSED', 'refused'],
    ['replaced under a new number', replace, 'LOST', 'cards.card.replacement-ordered.v1'],
    ['replaced under a new number', replace, 'STOLEN', 'cards.card.replacement-ordered.v1'],
    ['replaced under a new number', replace, 'ACTIVE', 'refused'],
    ['replaced under a new number', replace, 'FROZEN', 'refused'],
    ['replaced under a new number', replace, 'INACTIVE', 'refused'],
    ['replaced under a new number', replace, 'CLOSED', 'refused'],
    ['closed', close, 'INACTIVE', 'cards.card.closed.v1'],
    ['closed', close, 'ACTIVE', 'cards.card.closed.v1'],
    ['closed', close, 'FROZEN', 'cards.card.closed.v1'],
    ['closed', close, 'LOST', 'refused'],
    ['closed', close, 'STOLEN', 'refused'],
    ['closed', close, 'CLOSED', 'refused'],
  ];
  const rules = table.map(([what, cmd, from, outcome]) => {
    const article = from === 'INACTIVE' || from === 'ACTIVE' ? 'an' : 'a';
    const rule = `${article} ${from} card ${outcome === 'refused' ? 'cannot' : 'can'} be ${what}`;
    return [rule, cmd, from, outcome] as const;
  });
  it.each(rules)('%s', (_rule, cmd, from, outcome) => {
    const when = history(from).when(cmd);
    if (outcome === 'refused') when.thenThrows(...invalidIn(from));
    // A new plastic's address is recorded beside the published event (internal, kept in state only).
    else if (cmd.kind === 'ReportDamaged' || cmd.kind === 'OrderReplacement')
      when.thenEventsMatch([{ type: outcome }, { type: 'plastic-addressed' }]);
    else when.thenEventsMatch([{ type: outcome }]);
  });

  it('activating records who activated which plastic and when', () => {
    history('INACTIVE')
      .when(activate)
      .then([
        {
          type: 'cards.card.activated.v1',
          payload: { ...ids, orderId: 'ord_1', actor: agent, activatedAt: at(1) },
        },
      ]);
  });

  it('freezing records the reason, who froze the card and when; unfreezing clears them', () => {
    const frozen = history('ACTIVE')
      .when(freeze)
      .then([
        {
          type: 'cards.card.frozen.v1',
          payload: { ...ids, reason: 'customer request', actor: agent, frozenAt: at(2) },
        },
      ]);
    expect(frozen.state?.freeze).toEqual({ reason: 'customer request', actor: agent, at: at(2) });
    const thawed = frozen.when(unfreeze).then([
      {
        type: 'cards.card.unfrozen.v1',
        payload: { ...ids, reason: null, actor: agent, unfrozenAt: at(3) },
      },
    ]);
    expect(thawed.state).toMatchObject({ status: 'ACTIVE', freeze: null });
  });

  it.each([
    ['lost', lost, 'cards.card.reported-lost.v1'],
    ['stolen', stolen, 'cards.card.reported-stolen.v1'],
  ] as const)(
    'a card reported %s records its previous status and when and where the customer last used it',
    (_what, cmd, type) => {
      history('FROZEN')
        .when(cmd)
        .then([
          {
            type,
            payload: {
              ...ids,
              customerId: 'cus_1',
              previousStatus: 'FROZEN',
              lastLegitimateUseAt: at(0),
              lastUsedWhere: 'coffee shop',
              actor: agent,
              reportedAt: at(4),
            },
          },
        ]);
    },
  );

  it('lost and stolen are terminal and keep when/where the customer last used the card', () => {
    const s = history('STOLEN').state;
    expect(s?.block).toEqual({
      kind: 'STOLEN',
      lastLegitimateUseAt: at(0),
      lastUsedWhere: 'coffee shop',
      reportedAt: at(4),
      actor: agent,
    });
    for (const cmd of [activate, freeze, unfreeze, lost, stolen, damaged, close])
      history('STOLEN')
        .when(cmd)
        .thenThrows(...invalidIn('STOLEN'));
  });

  it('a report cannot put the last legitimate use in the future', () => {
    history('ACTIVE')
      .when({ ...lost, lastLegitimateUseAt: at(60) })
      .thenThrows('INVALID', 'future');
  });

  it('closing records the reason, who closed the card and when', () => {
    history('FROZEN')
      .when(close)
      .then([
        {
          type: 'cards.card.closed.v1',
          payload: { ...ids, reason: 'customer request', actor: agent, closedAt: at(7) },
        },
      ]);
  });
});

describe('replacement and plastic', () => {
  it('a lost card is replaced once, under a new card id, keeping the delivery address in state only', () => {
    // An address not on file: a supervisor's call (docs/adr/0023-least-privilege-operations.md).
    const withAddress: CardCommand = {
      ...replace,
      fulfilment: { orderId: 'ord_3', speed: 'EXPRESS', address },
      actor: supervisor,
    };
    const o = history('LOST')
      .when(withAddress)
      .then([
        {
          type: 'cards.card.replacement-ordered.v1',
          payload: {
            ...ids,
            customerId: 'cus_1',
            replacementCardId: 'crd_2',
            fulfilment: {
              orderId: 'ord_3',
              speed: 'EXPRESS',
              addressSource: 'NEW',
              addressSummary: 'Brooklyn, US (112**)',
            },
            actor: supervisor,
            orderedAt: at(6),
          },
        },
        { type: 'plastic-addressed', payload: { orderId: 'ord_3', address } },
      ]);
    expect(JSON.stringify(o.decided[0]?.payload)).not.toContain('Main St');
    expect(o.state?.replacementOrder).toEqual({
      replacementCardId: 'crd_2',
      orderId: 'ord_3',
      speed: 'EXPRESS',
      address,
    });
    o.when(replace).thenThrows(...invalidIn('LOST'));
  });

  it('a damaged card keeps its number and gets a new plastic; the card stays usable and the new plastic is activated', () => {
    const reported = history('ACTIVE')
      .when(damaged)
      .then([
        {
          type: 'cards.card.reported-damaged.v1',
          payload: {
            ...ids,
            fulfilment: {
              orderId: 'ord_2',
              speed: 'EXPRESS',
              addressSource: 'ON_FILE',
              addressSummary: null,
            },
            actor: agent,
            reportedAt: at(5),
          },
        },
        { type: 'plastic-addressed', payload: { orderId: 'ord_2', address: null } },
      ]);
    expect(reported.state).toMatchObject({ status: 'ACTIVE', token: 'tok_1', last4: '4242' });
    expect(reported.state?.plastic).toMatchObject({
      orderId: 'ord_2',
      status: 'ORDERED',
      address: null,
      activatedAt: null,
    });
    const act = reported.when({ ...activate, now: at(30) }).then([
      {
        type: 'cards.card.activated.v1',
        payload: { ...ids, orderId: 'ord_2', actor: agent, activatedAt: at(30) },
      },
    ]);
    expect(act.state?.plastic.activatedAt).toBe(at(30));
  });

  it('the carrier reports shipped then delivered, once each; stale or repeated reports change nothing', () => {
    const shipped: CardCommand = {
      kind: 'RecordShipped',
      orderId: 'ord_1',
      carrier: 'SimPost',
      trackingRef: 'SP1',
      now: at(60),
    };
    const delivered: CardCommand = { kind: 'RecordDelivered', orderId: 'ord_1', now: at(120) };
    const e1 = given(issued)
      .when(shipped)
      .then([
        {
          type: 'cards.card.shipped.v1',
          payload: { ...ids, orderId: 'ord_1', carrier: 'SimPost', trackingRef: 'SP1', shippedAt: at(60) },
        },
      ]);
    e1.when(shipped).thenNothingHappened();
    const e2 = e1.when(delivered).then([
      {
        type: 'cards.card.delivered.v1',
        payload: { ...ids, orderId: 'ord_1', deliveredAt: at(120) },
      },
    ]);
    e2.when(delivered).thenNothingHappened();
    given(issued)
      .when({ ...shipped, orderId: 'ord_old' })
      .thenNothingHappened();
    expect(e2.state?.plastic).toMatchObject({
      status: 'DELIVERED',
      carrier: 'SimPost',
      trackingRef: 'SP1',
      shippedAt: at(60),
      deliveredAt: at(120),
    });
  });
});

describe('fraud report', () => {
  /** A debit on the card used at `minutes` and posted at `postedMinutes` (the same, unless said). */
  const tx = (id: string, minutes: number, amount = 1000, postedMinutes = minutes): TraceTransaction => ({
    transactionId: id,
    amount,
    currency: 'USD',
    transactedAt: at(minutes),
    postedAt: at(postedMinutes),
    merchant: { name: 'Shop', mcc: '5411', city: 'NYC', country: 'US' },
  });
  /** A transaction as the fraud report carries it. */
  const reportedAs = ({ transactionId, amount, currency, postedAt, merchant }: TraceTransaction) => ({
    transactionId,
    amount,
    currency,
    postedAt,
    merchant,
  });
  const candidates = [tx('t1', 1), tx('t2', 2, 2500), tx('t3', 3)];
  const report = (transactionIds: string[]): Extract<CardCommand, { kind: 'ReportFraud' }> => ({
    kind: 'ReportFraud',
    reportId: 'frd_1',
    candidates,
    transactionIds,
    actor: agent,
    now: at(10),
  });

  it('a fraud report names the marked transactions with their total and the block it follows', () => {
    const [t1, t2] = candidates;
    history('STOLEN')
      .when(report(['t1', 't2']))
      .then([
        {
          type: 'cards.card.fraud-reported.v1',
          payload: {
            reportId: 'frd_1',
            ...ids,
            customerId: 'cus_1',
            blockReason: 'STOLEN',
            lastLegitimateUseAt: at(0),
            transactions: [t1, t2].map((t) => reportedAs(t as TraceTransaction)),
            totalAmount: 3500,
            currency: 'USD',
            actor: agent,
            reportedAt: at(10),
          },
        },
      ]);
  });
  it('a fraud report refuses a transaction outside the trace, an empty or a repeated selection', () => {
    const stolenCard = history('STOLEN');
    stolenCard.when(report(['t9'])).thenThrows('INVALID', 'not in the fraud trace');
    stolenCard.when(report([])).thenThrows('INVALID', 'at least one');
    stolenCard.when(report(['t1', 't1'])).thenThrows('INVALID', 'marked twice');
  });
  it('the trace goes by when the card was used, not when it posted, and stops at now', () => {
    // Bought 5 minutes before the last legitimate use, posted 4 minutes after it: the customer's own purchase.
    const ownPurchase = tx('t0', -5, 1800, 4);
    const afterNow = tx('t11', 11);
    const stolenCard = history('STOLEN');
    const block = stolenCard.state?.block;
    if (!block) throw new Error('no block');
    expect(
      fraudTrace(block, [tx('t3', 3), ownPurchase, ...candidates.slice(0, 2), afterNow], at(10)).map(
        (t) => t.transactionId,
      ),
    ).toEqual(['t1', 't2', 't3']);
    stolenCard
      .when({ ...report(['t0']), candidates: [ownPurchase, ...candidates] })
      .thenThrows('INVALID', 'not in the fraud trace');
    stolenCard
      .when({ ...report(['t11']), candidates: [...candidates, afterNow] })
      .thenThrows('INVALID', 'not in the fraud trace');
    stolenCard
      .when({ ...report(['t1']), candidates: [ownPurchase, ...candidates, afterNow] })
      .thenEventsMatch([
        { type: 'cards.card.fraud-reported.v1', payload: { transactions: [{ transactionId: 't1' }] } },
      ]);
  });
  it('each transaction is reported as fraud once', () => {
    const reported = history('LOST')
      .when(report(['t1']))
      .thenEventsMatch([
        { type: 'cards.card.fraud-reported.v1', payload: { transactions: [{ transactionId: 't1' }] } },
      ]);
    reported.when(report(['t1', 't3'])).thenThrows(...invalidIn('LOST'));
    reported
      .when(report(['t3']))
      .thenEventsMatch([
        { type: 'cards.card.fraud-reported.v1', payload: { transactions: [{ transactionId: 't3' }] } },
      ]);
  });
  it('fraud is reported only after the card was reported lost or stolen', () => {
    for (const s of ['ACTIVE', 'FROZEN', 'CLOSED'] as const)
      history(s)
        .when(report(['t1']))
        .thenThrows(...invalidIn(s));
  });
});

describe('summariseAddress', () => {
  it('an address summary keeps city, country and a postcode prefix only', () => {
    expect(summariseAddress(address)).toBe('Brooklyn, US (112**)');
    expect(summariseAddress({ ...address, postalCode: 'SW1A 1AA', country: 'GB' })).toBe(
      'Brooklyn, GB (SW1**)',
    );
    expect(summariseAddress(null)).toBeNull();
  });
});
