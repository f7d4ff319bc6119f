/**
 * What the console may call, and who may: a mirror of the services' route
 * tables (each row is one route there, with the same roles), so the console
 * offers only what the signed-in role may do. The unit test holds every row
 * to the real route tables (docs/adr/0028-agent-console.md).
 */
export type Service = 'ledger' | 'cards' | 'disputes' | 'ticketing' | 'collections' | 'sales';
export type ConsoleRole = 'agent' | 'supervisor' | 'dispute_analyst' | 'collector' | 'sales_agent';

export const CONSOLE_ROLES: readonly ConsoleRole[] = [
  'agent',
  'supervisor',
  'dispute_analyst',
  'collector',
  'sales_agent',
];

export interface ActionDef {
  service: Service;
  method: 'get' | 'post' | 'put';
  /** The service's own path (the gateway adds `/<service>`). */
  path: string;
  roles: readonly string[];
}

// The role lists as the services declare them (their route tables name why).
const LEDGER_READ = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'sales_agent', 'admin'];
const CARDS_READ = ['agent', 'supervisor', 'dispute_analyst', 'collector', 'admin'];
const CARDS_ACT = ['agent', 'supervisor', 'admin'];
const TRACE = ['agent', 'supervisor', 'admin', 'dispute_analyst'];
const DISPUTES_READ = CARDS_READ;
const DISPUTES_OPEN = ['agent', 'supervisor', 'dispute_analyst', 'admin'];
const TICKETING_WORK = LEDGER_READ;
const COLLECTIONS_WORK = ['collector', 'supervisor', 'admin'];
const SALES_WORK = ['sales_agent', 'underwriter', 'supervisor', 'admin'];
const SALES_PROOF = ['compliance', 'supervisor', 'admin'];
// Finding the customer on the line by name: every floor role (sales' customer-search-route.ts).
const SALES_FIND = [
  'agent',
  'supervisor',
  'dispute_analyst',
  'collector',
  'sales_agent',
  'underwriter',
  'admin',
];

const a = (
  service: Service,
  method: ActionDef['method'],
  path: string,
  roles: readonly string[],
): ActionDef => ({
  service,
  method,
  path,
  roles,
});

export const ACTIONS = {
  'account.read': a('ledger', 'get', '/v1/accounts/:accountId', LEDGER_READ),
  'transactions.read': a('ledger', 'get', '/v1/accounts/:accountId/transactions', LEDGER_READ),
  'cards.read': a('cards', 'get', '/v1/accounts/:accountId/cards', CARDS_READ),
  'search.last4': a('cards', 'get', '/v1/cards', CARDS_READ),
  'card.freeze': a('cards', 'post', '/v1/cards/:cardId/freeze', CARDS_ACT),
  'card.unfreeze': a('cards', 'post', '/v1/cards/:cardId/unfreeze', CARDS_ACT),
  'card.reportLost': a('cards', 'post', '/v1/cards/:cardId/report-lost', CARDS_ACT),
  'card.reportStolen': a('cards', 'post', '/v1/cards/:cardId/report-stolen', CARDS_ACT),
  'card.replacement': a('cards', 'post', '/v1/cards/:cardId/replacement', CARDS_ACT),
  'card.fraudTrace': a('cards', 'get', '/v1/cards/:cardId/fraud-trace', TRACE),
  'card.fraudReport': a('cards', 'post', '/v1/cards/:cardId/fraud-report', CARDS_ACT),
  'disputes.read': a('disputes', 'get', '/v1/disputes', DISPUTES_READ),
  'dispute.open': a('disputes', 'post', '/v1/disputes', DISPUTES_OPEN),
  'cases.read': a('ticketing', 'get', '/v1/cases', TICKETING_WORK),
  'case.read': a('ticketing', 'get', '/v1/cases/:caseId', TICKETING_WORK),
  'case.open': a('ticketing', 'post', '/v1/cases', TICKETING_WORK),
  'case.reply': a('ticketing', 'post', '/v1/cases/:caseId/replies', TICKETING_WORK),
  'case.note': a('ticketing', 'post', '/v1/cases/:caseId/notes', TICKETING_WORK),
  'case.status': a('ticketing', 'post', '/v1/cases/:caseId/status', TICKETING_WORK),
  'case.escalate': a('ticketing', 'post', '/v1/cases/:caseId/escalate', TICKETING_WORK),
  'timeline.read': a('ticketing', 'get', '/v1/customers/:customerId/timeline', TICKETING_WORK),
  'answers.read': a('ticketing', 'get', '/v1/customers/:customerId/answers', TICKETING_WORK),
  'search.phone': a('ticketing', 'post', '/v1/customers/search', TICKETING_WORK),
  'collections.read': a('collections', 'get', '/v1/accounts/:accountId/case', COLLECTIONS_WORK),
  'collections.plans': a('collections', 'get', '/v1/cases/:caseId/plans', COLLECTIONS_WORK),
  'collections.contact': a('collections', 'post', '/v1/cases/:caseId/contacts', COLLECTIONS_WORK),
  'collections.verdict': a('collections', 'get', '/v1/cases/:caseId/contact-verdict', COLLECTIONS_WORK),
  'collections.outcome': a(
    'collections',
    'post',
    '/v1/cases/:caseId/contacts/:attemptId/outcome',
    COLLECTIONS_WORK,
  ),
  'collections.promise': a('collections', 'post', '/v1/cases/:caseId/promises', COLLECTIONS_WORK),
  'offers.read': a('sales', 'get', '/v1/customers/:customerId/offers', SALES_WORK),
  'search.name': a('sales', 'post', '/v1/customers/search', SALES_FIND),
  'consents.read': a('sales', 'get', '/v1/consent-records', SALES_PROOF),
  'enrolment.create': a('sales', 'post', '/v1/enrolments', SALES_WORK),
  'application.create': a('sales', 'post', '/v1/applications', SALES_WORK),
} as const satisfies Record<string, ActionDef>;

export type ActionId = keyof typeof ACTIONS;

/** Whether the role may take the action (the service would answer 403 otherwise). */
export function can(role: string, action: ActionId): boolean {
  return ACTIONS[action].roles.includes(role);
}

/** Every action the role may take, in table order. */
export function actionsOf(role: string): ActionId[] {
  return (Object.keys(ACTIONS) as ActionId[]).filter((id) => can(role, id));
}

/** The gateway path of an action: `/<service>` and the service's path. */
export const gatewayPath = (id: ActionId): string => `/${ACTIONS[id].service}${ACTIONS[id].path}`;
