import { cardRoutes } from '../../../services/cards/src/adapters/http/routes';
import { collectionsRoutes } from '../../../services/collections/src/adapters/http/routes';
import { disputeRoutes } from '../../../services/disputes/src/adapters/http/routes';
import { ledgerRoutes } from '../../../services/ledger/src/adapters/http/routes';
import { salesRoutes } from '../../../services/sales/src/adapters/http/routes';
import { enrolmentRoutes } from '../../../services/sales/src/adapters/http/enrolment-routes';
import { ticketingRoutes } from '../../../services/ticketing/src/adapters/http/routes';
import { SCENARIOS } from '../src/scenarios';
import type { ServiceName } from '../src/scenarios/scenario';

// Only the tables' declarations are read (as apps/console/test/actions.unit.test.ts does).
const none = {} as never;
const tables: Record<ServiceName, { method: string; path: string; roles: readonly string[] }[]> = {
  ledger: ledgerRoutes(none),
  cards: cardRoutes(none),
  disputes: disputeRoutes(none),
  ticketing: ticketingRoutes(none),
  collections: collectionsRoutes(none),
  sales: [...salesRoutes(none), ...enrolmentRoutes(none)],
};

describe.each(SCENARIOS.map((s) => [s.id, s] as const))('scenario %s', (_id, s) => {
  const ids = s.steps.map((x) => x.id);

  it('names each step once, and orders steps only after steps it has', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const step of s.steps) for (const p of step.after ?? []) expect(ids).toContain(p);
  });

  it('lets the customer answer only steps it has', () => {
    for (const line of s.script) if (line.after) expect(ids).toContain(line.after);
    expect(s.script.filter((l) => !l.after).length).toBeGreaterThan(0);
  });

  it('ties each call step to a real route its trainee’s role may call', () => {
    for (const step of s.steps) {
      if (step.evidence.kind !== 'call') continue;
      const { service, method, route } = step.evidence;
      const found = tables[service].find((r) => r.method === method.toLowerCase() && r.path === route);
      expect({ step: step.id, route: found ? 'found' : 'missing' }).toEqual({
        step: step.id,
        route: 'found',
      });
      expect(found?.roles).toContain(s.role);
    }
  });

  it('opens its customer first, and speaks both languages', () => {
    expect(s.seed[0]?.do).toBe('openAccount');
    for (const t of [s.title, s.briefing, ...s.script.map((l) => l.say), ...s.steps.map((x) => x.label)]) {
      expect(t.en.trim()).not.toBe('');
      expect(t.zh.trim()).not.toBe('');
    }
  });
});
