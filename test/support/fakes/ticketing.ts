import { systemClock, type Clock } from '@cardline/platform';
import type { RouteDeps } from '../../../services/ticketing/src/adapters/http/routes';
import type { TimelineItem } from '../../../services/ticketing/src/adapters/mongo/timeline';
import type { AccountFacts } from '../../../services/ticketing/src/domain/answers';
import { DomainError, type CaseState } from '../../../services/ticketing/src/domain/case';

// Stand-ins for the ticketing use cases and read models, answering with
// states shaped as the aggregate and the projections store them.

const T0 = Date.parse('2026-01-12T09:00:00Z');
const agent = { id: 'agent-1', role: 'agent' };

export const CASE: CaseState = {
  caseId: 'case-1',
  customerId: 'cus-1',
  accountId: 'acc-1',
  channel: 'EMAIL',
  topic: 'BILLING_QUESTION',
  priority: 'HIGH',
  queue: 'general',
  assigneeId: 'agent-1',
  tags: ['statement'],
  subject: 'Why is my balance higher?',
  status: 'PENDING',
  level: 'TIER1',
  openedAt: T0,
  firstReplyAt: T0 + 600_000,
  solvedAt: null,
  solvedBy: null,
  closedAt: null,
  mergedInto: null,
  contacts: { EMAIL: 'pat@example.com' },
  pendingContacts: { EMAIL: 'pat.new@example.com' },
  surveyChannel: null,
  clocks: {
    NEXT_REPLY: { targetMs: 3_600_000, dueAt: null, remainingMs: 1_200_000, warned: false, breached: false },
    RESOLUTION: {
      targetMs: 86_400_000,
      dueAt: T0 + 86_400_000,
      remainingMs: null,
      warned: true,
      breached: false,
    },
  },
  csat: null,
  surveySentAt: null,
  interactions: [
    {
      interactionId: 'int-1',
      kind: 'INBOUND',
      channel: 'EMAIL',
      body: 'My balance looks wrong.',
      contact: 'p**@example.com',
      actor: { id: 'email-adapter', role: 'channel_adapter' },
      at: T0,
      correlationId: 'corr-1',
      mergedFromCaseId: null,
      externalId: 'msg-1',
    },
    {
      interactionId: 'int-2',
      kind: 'INTERNAL_NOTE',
      channel: 'PHONE',
      body: 'Checked the statement.',
      contact: null,
      actor: agent,
      at: T0 + 600_000,
      correlationId: 'corr-2',
      mergedFromCaseId: 'case-0',
      externalId: null,
    },
  ],
  interactionCount: 2,
  lastInboundChannel: 'EMAIL',
  correlationIds: ['corr-1', 'corr-2'],
  history: [{ at: T0, actor: agent, action: 'opened', detail: 'EMAIL case' }],
  historyCount: 1,
  triage: [
    {
      interactionId: 'int-1',
      intent: 'balance_question',
      confidence: 0.91,
      language: 'en',
      urgency: 'NONE',
      entities: { lastFour: ['4821'], amounts: [], dates: [], merchants: [], caseRefs: [] },
      source: 'ANSWERS',
      suggestion: 'The current balance is $125.00.',
      review: null,
      at: T0,
    },
  ],
};

const SOLVED: CaseState = {
  ...CASE,
  caseId: 'case-solved',
  status: 'SOLVED',
  solvedAt: T0 + 7_200_000,
  solvedBy: 'agent-1',
  clocks: {},
  csat: { score: 5, comment: 'quick', at: T0 + 9_000_000 },
  pendingContacts: {},
  surveyChannel: 'EMAIL',
  surveySentAt: T0 + 7_200_000,
};

const ENTRY: TimelineItem = {
  eventId: 'evt-1',
  at: T0 + 60_000,
  type: 'ledger.transaction.posted.v1',
  source: 'ledger',
  subject: 'acc-1',
  accountId: 'acc-1',
  customerId: null,
  summary: 'Debit $125.00 purchase: Whole Foods Market',
  correlationId: 'corr-2',
  causationId: null,
};

const FACTS: AccountFacts = {
  accountId: 'acc-1',
  customerId: 'cus-1',
  productCode: 'CLASSIC',
  market: 'US',
  currency: 'USD',
  timeZone: 'America/New_York',
  creditLimit: 500000,
  aprBps: 2499,
  balance: 12500,
  availableCredit: 487500,
  lastStatement: {
    statementId: 'stmt-1',
    periodEnd: T0 - 7 * 86_400_000,
    closingBalance: 8000,
    minimumDue: 2500,
    dueDate: T0 + 18 * 86_400_000,
  },
  paidSinceStatement: 0,
  asOf: T0,
};

const known = (id: string) => {
  if (id === CASE.caseId) return CASE;
  if (id === SOLVED.caseId) return SOLVED;
  throw new DomainError('NOT_FOUND', `case ${id} not found`);
};
/** Commands on case-1 answer it; on the solved case they are refused, as a closed case refuses them. */
const act = async (id: string) => {
  const s = known(id);
  if (s.status === 'SOLVED') throw new DomainError('INVALID_STATE', `case ${id} is ${s.status}`);
  return s;
};

/**
 * case-1 is pending, case-solved solved; cus-1 has acc-1; a message that
 * names case-1 is threaded into it, any other opens a new case. The clock is
 * the system clock, so moving it is refused (409).
 */
export function ticketingDeps(clock: Clock = systemClock): RouteDeps {
  const receive = async (m: { caseId: string | null }) =>
    m.caseId === CASE.caseId
      ? { state: CASE, threaded: true, interactionId: 'int-3' }
      : { state: { ...CASE, caseId: 'case-2' }, threaded: false, interactionId: 'int-1' };
  return {
    triage: { receive, review: act },
    cases: {
      open: async () => ({
        ...CASE,
        status: 'NEW',
        interactions: [],
        clocks: { FIRST_REPLY: CASE.clocks.RESOLUTION },
      }),
      receive,
      list: async () => [CASE, SOLVED],
      require: async (id: string) => known(id),
      customersByPhone: async (phone: string) =>
        phone.replace(/\D/g, '').endsWith('4155550102') ? [{ customerId: 'cus-1', caseIds: ['case-1'] }] : [],
      reply: act,
      note: act,
      changeStatus: act,
      triage: act,
      escalate: act,
      decideContactChange: act,
      merge: async (from: string, into: string) => {
        known(from);
        return known(into);
      },
      recordCsat: async (id: string) => {
        if (known(id).status !== 'SOLVED')
          throw new DomainError('INVALID_STATE', 'the survey is answered once the case is solved');
        return SOLVED;
      },
      interactions: async (id: string) => ({
        items: known(id).interactions.map((entry, i) => ({ seq: i + 1, entry })),
        next: null,
      }),
      history: async (id: string) => ({
        items: known(id).history.map((entry, i) => ({ seq: i + 1, entry })),
        next: 7,
      }),
      csatReport: async (by: 'agent' | 'queue' | 'channel') => [
        { [by]: 'agent-1', answers: 3, averageScore: 4.33, satisfiedShare: 0.667 },
      ],
      triageReport: async () => [
        {
          intent: 'balance_question',
          suggested: 4,
          reviewed: 2,
          accepted: 1,
          edited: 1,
          rejected: 0,
          acceptanceRate: 0.5,
        },
      ],
    },
    facts: {
      accountIdsOf: async (customerId: string) => (customerId === 'cus-1' ? ['acc-1'] : []),
      facts: async (accountId: string) => (accountId === 'acc-1' ? FACTS : null),
    },
    timeline: {
      page: async () => ({ items: [ENTRY], next: 'MTc2ODIwODQwMDAwMHxldnQtMQ' }),
      correlated: async () => [ENTRY],
    },
    // Every outbound message asked about was delivered.
    deliveries: {
      record: async () => undefined,
      of: async (ids: readonly string[]) =>
        new Map(ids.map((id) => [id, { status: 'DELIVERED', reportedAt: 1768208400000 }])),
    },
    clock,
    drainClocks: async () => 0,
  } as unknown as RouteDeps;
}
