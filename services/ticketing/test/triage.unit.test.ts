import { DeciderSpecification, type Decider } from '@cardline/platform';
import {
  DomainError,
  decide,
  evolve,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../src/domain/case';
import { DEFAULT_SLA, HOUR, MINUTE } from '../src/domain/sla';
import { TRIAGE_MODEL } from '../src/domain/triage/classify';
import { extractEntities } from '../src/domain/triage/entities';
import { languageOf, type Intent } from '../src/domain/triage/intents';
import { DEFAULT_TRIAGE } from '../src/domain/triage/policy';
import { questionOf, suggest } from '../src/domain/triage/suggestions';
import { acceptanceByIntent } from '../src/application/triage-report';
import type { AccountFacts } from '../src/domain/answers';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const adapter = { id: 'wechat-adapter', role: 'channel_adapter' };
const agent = { id: 'agent-7', role: 'agent' };

type CommandAt = CaseCommand extends infer C
  ? C extends { kind: 'Tick' }
    ? C
    : C extends unknown
      ? Omit<C, 'now' | 'correlationId'> & { now?: number }
      : never
  : never;
const spec: Decider<CommandAt, CaseEvent, CaseState | null> = {
  decide: (cmd, s) => decide({ now: T0, correlationId: 'corr-1', ...cmd } as CaseCommand, s, DEFAULT_SLA),
  evolve,
  initialState: () => null,
};
const { given } = DeciderSpecification.for(spec, DomainError);

const STOLEN = '你好，我的信用卡在地铁上被偷了，尾号4821，请马上冻结';
const openedByWeChat = (body = STOLEN) =>
  given().after({
    kind: 'Open',
    caseId: 'cas-1',
    customerId: 'cus-1',
    accountId: null,
    channel: 'WECHAT',
    topic: 'GENERAL',
    priority: 'NORMAL',
    queue: 'general',
    subject: body.slice(0, 40),
    live: false,
    first: { interactionId: 'int-m1', channel: 'WECHAT', body, from: 'wx-openid-123456', externalId: 'm1' },
    actor: adapter,
  });

const classify = (intent: Intent, confidence: number, body = STOLEN, now = T0 + MINUTE): CommandAt => {
  const entities = extractEntities(body);
  return {
    kind: 'RecordClassification',
    interactionId: 'int-m1',
    classification: { intent, confidence, language: languageOf(body) },
    entities,
    suggestion: suggest(intent, { text: body, entities, facts: null }, DEFAULT_TRIAGE),
    modelVersion: 'triage-test',
    policy: DEFAULT_TRIAGE,
    actor: TRIAGE_MODEL,
    now,
  };
};

describe('triage of an inbound message', () => {
  it('a stolen card reported on WeChat in Chinese becomes URGENT in the cards queue, its last four extracted', () => {
    const t = openedByWeChat()
      .when(classify('lost_stolen_card', 0.97))
      .thenEventsMatch([
        {
          type: 'ticketing.case.message-classified.v1',
          payload: {
            interactionId: 'int-m1',
            intent: 'LOST_STOLEN_CARD',
            language: 'ZH',
            urgency: 'URGENT',
            entities: { lastFour: ['4821'] },
            suggestionSource: 'STOLEN_CARD_STEPS',
          },
        },
        {
          type: 'ticketing.case.triaged.v1',
          payload: { queue: 'cards', priority: 'URGENT', topic: 'LOST_CARD', actor: TRIAGE_MODEL },
        },
        { type: 'internal.clocks-changed' },
      ]);
    const s = t.state as CaseState;
    // The SLA clocks follow the new priority: URGENT first reply 30 min, resolution 4 h from the open.
    expect(s.clocks.RESOLUTION?.dueAt).toBe(T0 + 4 * HOUR);
    expect(s.clocks.FIRST_REPLY?.dueAt).toBe(T0 + 30 * MINUTE);
    // The message stays in the case as received.
    expect(s.interactions.map((i) => i.body)).toEqual([STOLEN]);
    expect(s.history.map((h) => h.action)).toContain('CLASSIFIED');
  });

  it('a complaint about a collector goes to the supervisors’ queue without raising priority', () => {
    const body = '催收员昨天在电话里态度恶劣还威胁我';
    openedByWeChat(body)
      .when(classify('collector_complaint', 0.9, body))
      .thenEventsMatch([
        { type: 'ticketing.case.message-classified.v1', payload: { urgency: 'SUPERVISOR' } },
        {
          type: 'ticketing.case.triaged.v1',
          payload: { queue: 'supervisors', priority: 'NORMAL', topic: 'COLLECTIONS' },
        },
      ]);
  });

  it('a low score is recorded but moves nothing: misclassification loses nothing', () => {
    const t = openedByWeChat()
      .when(classify('lost_stolen_card', 0.3))
      .thenEventsMatch([{ type: 'ticketing.case.message-classified.v1', payload: { urgency: 'NONE' } }]);
    expect((t.state as CaseState).queue).toBe('general');
    expect((t.state as CaseState).interactions).toHaveLength(1);
  });

  it('a message is classified once', () => {
    openedByWeChat()
      .after(classify('lost_stolen_card', 0.97))
      .when(classify('other', 0.9))
      .thenNothingHappened();
  });

  it('an agent’s review is recorded once, per suggestion', () => {
    const reviewed = openedByWeChat()
      .after(classify('lost_stolen_card', 0.97))
      .when({
        kind: 'ReviewSuggestion',
        interactionId: 'int-m1',
        outcome: 'EDITED',
        reason: 'asked for express',
        actor: agent,
      })
      .thenEventsMatch([
        {
          type: 'ticketing.case.suggestion-reviewed.v1',
          payload: {
            intent: 'LOST_STOLEN_CARD',
            suggestionSource: 'STOLEN_CARD_STEPS',
            outcome: 'EDITED',
            actor: agent,
          },
        },
      ]);
    expect((reviewed.state as CaseState).triage[0]?.review).toBe('EDITED');
    reviewed
      .when({
        kind: 'ReviewSuggestion',
        interactionId: 'int-m1',
        outcome: 'ACCEPTED',
        reason: null,
        actor: agent,
      })
      .thenThrows('INVALID_STATE');
  });

  it('a message without a suggestion, or not triaged, cannot be reviewed', () => {
    openedByWeChat('在吗')
      .after(classify('other', 0.9, '在吗'))
      .when({
        kind: 'ReviewSuggestion',
        interactionId: 'int-m1',
        outcome: 'ACCEPTED',
        reason: null,
        actor: agent,
      })
      .thenThrows('INVALID_STATE');
    openedByWeChat()
      .when({
        kind: 'ReviewSuggestion',
        interactionId: 'int-m9',
        outcome: 'ACCEPTED',
        reason: null,
        actor: agent,
      })
      .thenThrows('NOT_FOUND');
  });
});

const FACTS: AccountFacts = {
  accountId: 'acc-1',
  customerId: 'cus-1',
  productCode: 'CLASSIC',
  market: 'US',
  currency: 'USD',
  creditLimit: 500000,
  aprBps: 2499,
  balance: 12500,
  availableCredit: 487500,
  lastStatement: {
    statementId: 's1',
    periodEnd: T0,
    closingBalance: 8000,
    minimumDue: 2500,
    dueDate: T0 + 25 * 24 * HOUR,
  },
  paidSinceStatement: 0,
  timeZone: 'America/New_York',
  asOf: T0,
};

describe('suggestions name where they came from', () => {
  const none = extractEntities('');
  it('an account question is answered from ticketing’s answers, with its figures', () => {
    const s = suggest(
      'balance_question',
      { text: 'what is the minimum payment', entities: none, facts: FACTS },
      DEFAULT_TRIAGE,
    );
    expect(s).toMatchObject({ source: 'ANSWERS', figures: { minimumDue: 2500, remaining: 2500 } });
    expect(s?.text).toContain('$25.00');
  });

  it('which question a balance question asks', () => {
    expect(questionOf('最低还款额是多少')).toBe('MINIMUM_DUE');
    expect(questionOf('这个月的还款日是哪天')).toBe('DUE_DATE');
    expect(questionOf('balance pls')).toBe('BALANCE');
  });

  it('a fee complaint gets the goodwill policy’s likely outcome', () => {
    const s = suggest(
      'fee_complaint',
      { text: 'waive the late fee', entities: none, facts: FACTS },
      DEFAULT_TRIAGE,
    );
    expect(s).toMatchObject({ source: 'GOODWILL_POLICY', figures: { lookbackMonths: 12, maxWaivers: 1 } });
    expect(s?.basis).toContain('docs/domain.md#disputes');
  });

  it('an account question without account facts suggests nothing', () => {
    expect(
      suggest('balance_question', { text: 'balance?', entities: none, facts: null }, DEFAULT_TRIAGE),
    ).toBeNull();
  });
});

it('the acceptance rate per intent is accepted of reviewed', () => {
  const at = T0;
  expect(
    acceptanceByIntent([
      { intent: 'fee_complaint', source: 'GOODWILL_POLICY', review: 'ACCEPTED', at },
      { intent: 'fee_complaint', source: 'GOODWILL_POLICY', review: 'REJECTED', at },
      { intent: 'fee_complaint', source: 'GOODWILL_POLICY', review: null, at },
    ]),
  ).toEqual([
    {
      intent: 'fee_complaint',
      suggested: 3,
      reviewed: 2,
      accepted: 1,
      edited: 0,
      rejected: 1,
      acceptanceRate: 0.5,
    },
  ]);
});

it('a message is read as Chinese when a fifth of its letters are Han', () => {
  expect(languageOf('card丢了，帮我block一下')).toBe('zh');
  expect(languageOf('my card ending 4821 was stolen')).toBe('en');
});
