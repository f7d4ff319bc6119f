import { cardRoutes } from '../../../services/cards/src/adapters/http/routes';
import { collectionsRoutes } from '../../../services/collections/src/adapters/http/routes';
import { disputeRoutes } from '../../../services/disputes/src/adapters/http/routes';
import { ledgerRoutes } from '../../../services/ledger/src/adapters/http/routes';
import { salesRoutes } from '../../../services/sales/src/adapters/http/routes';
import { enrolmentRoutes } from '../../../services/sales/src/adapters/http/enrolment-routes';
import { customerSearchRoute } from '../../../services/sales/src/adapters/http/customer-search-route';
import { ticketingRoutes } from '../../../services/ticketing/src/adapters/http/routes';
import {
  ACTIONS,
  CONSOLE_ROLES,
  actionsOf,
  can,
  gatewayPath,
  type ActionId,
  type Service,
} from '../src/actions';

// The route tables are built with no dependencies: only their declarations
// (method, path, roles) are read, no handler runs.
const none = {} as never;
const tables: Record<Service, { method: string; path: string; roles: readonly string[] }[]> = {
  ledger: ledgerRoutes(none),
  cards: cardRoutes(none),
  disputes: disputeRoutes(none),
  ticketing: ticketingRoutes(none),
  collections: collectionsRoutes(none),
  sales: [...salesRoutes(none), ...enrolmentRoutes(none), customerSearchRoute(none)],
};

describe('the console’s role → actions table', () => {
  it.each(Object.keys(ACTIONS) as ActionId[])(
    '%s is a route of its service, with the roles the service declares',
    (id) => {
      const a = ACTIONS[id];
      const route = tables[a.service].find((r) => r.method === a.method && r.path === a.path);
      expect(route).toBeDefined();
      expect([...a.roles].sort()).toEqual([...(route?.roles ?? [])].sort());
    },
  );

  it('offers the collector the contact gate and promises, but no card action', () => {
    expect(can('collector', 'collections.contact')).toBe(true);
    expect(can('collector', 'collections.promise')).toBe(true);
    expect(can('collector', 'card.freeze')).toBe(false);
    expect(can('collector', 'card.reportStolen')).toBe(false);
  });

  it('offers the agent the card actions and opening a dispute, but not collections or sales', () => {
    for (const id of ['card.freeze', 'card.reportStolen', 'card.fraudReport', 'dispute.open'] as const)
      expect(can('agent', id)).toBe(true);
    for (const id of ['collections.contact', 'enrolment.create', 'application.create'] as const)
      expect(can('agent', id)).toBe(false);
  });

  it('offers the sales agent applications and enrolments, and no card action', () => {
    expect(can('sales_agent', 'enrolment.create')).toBe(true);
    expect(can('sales_agent', 'application.create')).toBe(true);
    expect(can('sales_agent', 'card.freeze')).toBe(false);
  });

  it('lets the dispute analyst read the fraud trace but not mark it (the front line marks it)', () => {
    expect(can('dispute_analyst', 'card.fraudTrace')).toBe(true);
    expect(can('dispute_analyst', 'card.fraudReport')).toBe(false);
  });

  it('gives every console role the timeline and the suggested answers', () => {
    for (const role of CONSOLE_ROLES) {
      expect(actionsOf(role)).toEqual(expect.arrayContaining(['timeline.read', 'answers.read']));
    }
  });

  it('calls each service under its gateway prefix', () => {
    expect(gatewayPath('card.reportStolen')).toBe('/cards/v1/cards/:cardId/report-stolen');
    expect(gatewayPath('collections.contact')).toBe('/collections/v1/cases/:caseId/contacts');
  });
});
