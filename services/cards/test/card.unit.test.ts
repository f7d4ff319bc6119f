import {
  decide,
  DomainError,
  fold,
  summariseAddress,
  type CardCommand,
  type CardEvent,
  type CardState,
  type CardStatus,
  type TraceTransaction,
} from '../src/domain/card';

// Given/when/then over the pure decider: given past events, when a command,
// then these events (or this refusal).
const T0 = Date.UTC(2026, 0, 10, 14, 0);
const agent = { id: 'agent-7', role: 'agent' };
const address = { line1: '1 Main St', city: 'Brooklyn', postalCode: '11201', country: 'US' };

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
const issued: CardEvent[] = decide(issueCmd, null);

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
const damaged: CardCommand = {
  kind: 'ReportDamaged',
  fulfilment: { orderId: 'ord_2', speed: 'EXPRESS', address },
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

function given(events: CardEvent[]) {
  const state = fold(events, null);
  const run = (cmd: CardCommand) => decide(cmd, state);
  return {
    state,
    when: (cmd: CardCommand) => ({
      then: (...types: string[]) => {
        const out = run(cmd);
        expect(out.filter((e) => e.type !== 'plastic-addressed').map((e) => e.type)).toEqual(types);
        return out;
      },
      refused: (code: DomainError['code'], status?: CardStatus) => {
        let err: unknown;
        try {
          run(cmd);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe(code);
        if (status) {
          expect((err as DomainError).currentStatus).toBe(status);
          expect((err as DomainError).message).toContain(status);
        }
      },
    }),
  };
}

/** The events that bring a card to a status. */
function history(status: CardStatus): CardEvent[] {
  const s0 = fold(issued, null);
  const steps: Record<CardStatus, CardCommand[]> = {
    INACTIVE: [],
    ACTIVE: [activate],
    FROZEN: [activate, freeze],
    LOST: [activate, lost],
    STOLEN: [activate, stolen],
    CLOSED: [activate, close],
  };
  const events = [...issued];
  let s = s0;
  for (const cmd of steps[status]) {
    const out = decide(cmd, s);
    events.push(...out);
    s = fold(out, s);
  }
  return events;
}

describe('issue', () => {
  it('issues an inactive card with token, BIN and last four, and orders its plastic', () => {
    const s = fold(issued, null) as CardState;
    expect(s).toMatchObject({ status: 'INACTIVE', token: 'tok_1', bin: '453201', last4: '4242' });
    expect(s.plastic).toMatchObject({
      orderId: 'ord_1',
      status: 'ORDERED',
      address: null,
      activatedAt: null,
    });
    expect(issued[0]?.type).toBe('cards.card.issued.v1');
  });
  it('refuses to issue the same card twice', () => {
    given(issued).when(issueCmd).refused('ALREADY_EXISTS');
  });
  it('refuses commands on a card that does not exist', () => {
    given([]).when(freeze).refused('NOT_FOUND');
  });
});

describe('transitions', () => {
  // [command, from status, expected event or refusal]
  const table: [string, CardCommand, CardStatus, string | 'refused'][] = [
    ['activate', activate, 'INACTIVE', 'cards.card.activated.v1'],
    ['activate', activate, 'ACTIVE', 'refused'],
    ['activate', activate, 'FROZEN', 'refused'],
    ['activate', activate, 'LOST', 'refused'],
    ['activate', activate, 'STOLEN', 'refused'],
    ['activate', activate, 'CLOSED', 'refused'],
    ['freeze', freeze, 'ACTIVE', 'cards.card.frozen.v1'],
    ['freeze', freeze, 'INACTIVE', 'refused'],
    ['freeze', freeze, 'FROZEN', 'refused'],
    ['freeze', freeze, 'LOST', 'refused'],
    ['freeze', freeze, 'STOLEN', 'refused'],
    ['freeze', freeze, 'CLOSED', 'refused'],
    ['unfreeze', unfreeze, 'FROZEN', 'cards.card.unfrozen.v1'],
    ['unfreeze', unfreeze, 'ACTIVE', 'refused'],
    ['unfreeze', unfreeze, 'INACTIVE', 'refused'],
    ['unfreeze', unfreeze, 'STOLEN', 'refused'],
    ['unfreeze', unfreeze, 'CLOSED', 'refused'],
    ['report lost', lost, 'ACTIVE', 'cards.card.reported-lost.v1'],
    ['report lost', lost, 'FROZEN', 'cards.card.reported-lost.v1'],
    ['report lost', lost, 'INACTIVE', 'cards.card.reported-lost.v1'],
    ['report lost', lost, 'LOST', 'refused'],
    ['report lost', lost, 'STOLEN', 'refused'],
    ['report lost', lost, 'CLOSED', 'refused'],
    ['report stolen', stolen, 'ACTIVE', 'cards.card.reported-stolen.v1'],
    ['report stolen', stolen, 'FROZEN', 'cards.card.reported-stolen.v1'],
    ['report stolen', stolen, 'INACTIVE', 'cards.card.reported-stolen.v1'],
    ['report stolen', stolen, 'LOST', 'refused'],
    ['report stolen', stolen, 'STOLEN', 'refused'],
    ['report stolen', stolen, 'CLOSED', 'refused'],
    ['report damaged', damaged, 'ACTIVE', 'cards.card.reported-damaged.v1'],
    ['report damaged', damaged, 'FROZEN', 'cards.card.reported-damaged.v1'],
    ['report damaged', damaged, 'INACTIVE', 'cards.card.reported-damaged.v1'],
    ['report damaged', damaged, 'LOST', 'refused'],
    ['report damaged', damaged, 'CLOSED', 'refused'],
    ['order replacement', replace, 'LOST', 'cards.card.replacement-ordered.v1'],
    ['order replacement', replace, 'STOLEN', 'cards.card.replacement-ordered.v1'],
    ['order replacement', replace, 'ACTIVE', 'refused'],
    ['order replacement', replace, 'FROZEN', 'refused'],
    ['order replacement', replace, 'INACTIVE', 'refused'],
    ['order replacement', replace, 'CLOSED', 'refused'],
    ['close', close, 'INACTIVE', 'cards.card.closed.v1'],
    ['close', close, 'ACTIVE', 'cards.card.closed.v1'],
    ['close', close, 'FROZEN', 'cards.card.closed.v1'],
    ['close', close, 'LOST', 'refused'],
    ['close', close, 'STOLEN', 'refused'],
    ['close', close, 'CLOSED', 'refused'],
  ];
  it.each(table)('%s on a %s card → %s', (_name, cmd, from, outcome) => {
    const g = given(history(from)).when(cmd);
    if (outcome === 'refused') g.refused('INVALID_STATE', from);
    else g.then(outcome);
  });

  it('freeze records reason and actor; unfreeze clears them', () => {
    const frozen = fold(history('FROZEN'), null) as CardState;
    expect(frozen.freeze).toEqual({ reason: 'customer request', actor: agent, at: at(2) });
    const events = given(history('FROZEN')).when(unfreeze).then('cards.card.unfrozen.v1');
    expect(fold(events, frozen)).toMatchObject({ status: 'ACTIVE', freeze: null });
  });

  it('lost and stolen are terminal and keep when/where the customer last used the card', () => {
    const s = fold(history('STOLEN'), null) as CardState;
    expect(s.block).toEqual({
      kind: 'STOLEN',
      lastLegitimateUseAt: at(0),
      lastUsedWhere: 'coffee shop',
      reportedAt: at(4),
      actor: agent,
    });
    for (const cmd of [activate, freeze, unfreeze, lost, stolen, damaged, close])
      given(history('STOLEN')).when(cmd).refused('INVALID_STATE', 'STOLEN');
  });

  it('a report cannot put the last legitimate use in the future', () => {
    given(history('ACTIVE'))
      .when({ ...lost, lastLegitimateUseAt: at(60) })
      .refused('INVALID');
  });
});

describe('replacement and plastic', () => {
  it('a lost card is replaced once, under a new card id, keeping the delivery address in state only', () => {
    const withAddress: CardCommand = {
      ...replace,
      fulfilment: { orderId: 'ord_3', speed: 'EXPRESS', address },
    };
    const events = given(history('LOST')).when(withAddress).then('cards.card.replacement-ordered.v1');
    const ordered = events[0];
    expect(ordered?.type === 'cards.card.replacement-ordered.v1' && ordered.payload.fulfilment).toEqual({
      orderId: 'ord_3',
      speed: 'EXPRESS',
      addressSource: 'NEW',
      addressSummary: 'Brooklyn, US (112**)',
    });
    expect(JSON.stringify(ordered?.payload)).not.toContain('Main St');
    const s = fold(events, fold(history('LOST'), null)) as CardState;
    expect(s.replacementOrder).toEqual({
      replacementCardId: 'crd_2',
      orderId: 'ord_3',
      speed: 'EXPRESS',
      address,
    });
    given([...history('LOST'), ...events])
      .when(replace)
      .refused('INVALID_STATE', 'LOST');
  });

  it('damaged: same number, new plastic; the card stays usable and the new plastic is activated', () => {
    const events = [...history('ACTIVE')];
    events.push(...given(events).when(damaged).then('cards.card.reported-damaged.v1'));
    const s = fold(events, null) as CardState;
    expect(s).toMatchObject({ status: 'ACTIVE', token: 'tok_1', last4: '4242' });
    expect(s.plastic).toMatchObject({ orderId: 'ord_2', status: 'ORDERED', address, activatedAt: null });
    const act = given(events)
      .when({ ...activate, now: at(30) })
      .then('cards.card.activated.v1');
    expect(fold(act, s)?.plastic.activatedAt).toBe(at(30));
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
    const e1 = given(issued).when(shipped).then('cards.card.shipped.v1');
    given([...issued, ...e1])
      .when(shipped)
      .then();
    const e2 = given([...issued, ...e1])
      .when(delivered)
      .then('cards.card.delivered.v1');
    given([...issued, ...e1, ...e2])
      .when(delivered)
      .then();
    given(issued)
      .when({ ...shipped, orderId: 'ord_old' })
      .then();
    expect(fold([...issued, ...e1, ...e2], null)?.plastic).toMatchObject({
      status: 'DELIVERED',
      carrier: 'SimPost',
      trackingRef: 'SP1',
      shippedAt: at(60),
      deliveredAt: at(120),
    });
  });
});

describe('fraud report', () => {
  const tx = (id: string, minutes: number, amount = 1000): TraceTransaction => ({
    transactionId: id,
    amount,
    currency: 'USD',
    postedAt: at(minutes),
    merchant: { name: 'Shop', mcc: '5411', city: 'NYC', country: 'US' },
  });
  const candidates = [tx('t1', 1), tx('t2', 2, 2500), tx('t3', 3)];
  const report = (ids: string[]): CardCommand => ({
    kind: 'ReportFraud',
    reportId: 'frd_1',
    candidates,
    transactionIds: ids,
    actor: agent,
    now: at(10),
  });

  it('names the marked transactions with their total', () => {
    const [e] = given(history('STOLEN'))
      .when(report(['t1', 't2']))
      .then('cards.card.fraud-reported.v1');
    expect(e?.type === 'cards.card.fraud-reported.v1' && e.payload).toMatchObject({
      reportId: 'frd_1',
      blockReason: 'STOLEN',
      lastLegitimateUseAt: at(0),
      totalAmount: 3500,
      currency: 'USD',
      transactions: [{ transactionId: 't1' }, { transactionId: 't2' }],
    });
  });
  it('refuses a transaction outside the trace, an empty or repeated selection', () => {
    given(history('STOLEN'))
      .when(report(['t9']))
      .refused('INVALID');
    given(history('STOLEN')).when(report([])).refused('INVALID');
    given(history('STOLEN'))
      .when(report(['t1', 't1']))
      .refused('INVALID');
  });
  it('reports each transaction once', () => {
    const events = [...history('LOST')];
    events.push(
      ...given(events)
        .when(report(['t1']))
        .then('cards.card.fraud-reported.v1'),
    );
    given(events)
      .when(report(['t1', 't3']))
      .refused('INVALID_STATE', 'LOST');
    given(events)
      .when(report(['t3']))
      .then('cards.card.fraud-reported.v1');
  });
  it('needs a lost or stolen report first', () => {
    for (const s of ['ACTIVE', 'FROZEN', 'CLOSED'] as const)
      given(history(s))
        .when(report(['t1']))
        .refused('INVALID_STATE', s);
  });
});

describe('summariseAddress', () => {
  it('keeps city, country and a postcode prefix only', () => {
    expect(summariseAddress(address)).toBe('Brooklyn, US (112**)');
    expect(summariseAddress({ ...address, postalCode: 'SW1A 1AA', country: 'GB' })).toBe(
      'Brooklyn, GB (SW1**)',
    );
    expect(summariseAddress(null)).toBeNull();
  });
});
