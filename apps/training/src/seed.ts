import { randomUUID } from 'node:crypto';
import { mintToken, type AuthOptions, type Role } from '@cardline/platform';
import { localMinutes } from './evidence';
import type { Scenario, SeedOp } from './scenarios/scenario';

/** What seeding made: the customer the trainee serves and the ids the script and facts need. */
export interface Seeded {
  customerId: string;
  /** The customer's zone (a scenario's daytime zone is chosen at seeding). */
  timeZone: string;
  accountId: string;
  cardId: string;
  caseId?: string;
}

/** The sandbox's API as the runner uses it: through the sandbox gateway, with sandbox tokens. */
export class SandboxApi {
  private readonly tokens = new Map<Role, Promise<string>>();

  constructor(
    private readonly base: string,
    private readonly auth: AuthOptions,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    role: Role,
    body?: unknown,
  ): Promise<T> {
    let token = this.tokens.get(role);
    if (!token) {
      token = mintToken(this.auth, { subject: `training-runner-${role}`, roles: [role] });
      this.tokens.set(role, token);
    }
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token}`,
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Moves every service's simulated clock to `to` through its admin route, so each fires what came due. */
  async moveClocks(to: Date, services: readonly string[]): Promise<void> {
    for (const s of services)
      await this.call('POST', `/${s}/v1/admin/clock`, 'admin', { to: to.toISOString() });
  }
}

/** Polls `fn` until it returns a value (projections catch up asynchronously). */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(`seeding timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

type Items = { items?: Record<string, unknown>[] };
type Api = Pick<SandboxApi, 'call' | 'moveClocks'>;

/**
 * Runs a scenario's seed against the sandbox: a customer of its own per run
 * (`trn-<run>`), opened as the floor would have it (its card active), then
 * the purchases, clock moves and facts the scenario lists.
 */
export async function seed(
  api: Api,
  scenario: Scenario,
  runId: string,
  o: { services: readonly string[]; now: () => Date },
): Promise<Seeded> {
  const timeZone = customerZone(scenario, new Date());
  let s: Seeded | undefined;
  const need = (): Seeded => {
    if (!s) throw new Error(`scenario ${scenario.id}: openAccount must come first`);
    return s;
  };
  for (const op of scenario.seed) {
    if (op.do === 'openAccount') s = await openAccount(api, timeZone, runId, op);
    else await apply(api, op, need(), o);
  }
  return need();
}

/** The scenario's zone, or the first of its daytime ones where it is 09:00–20:00 at `now`. */
export function customerZone(scenario: Pick<Scenario, 'timeZone' | 'daytimeZones'>, now: Date): string {
  if (!scenario.daytimeZones) return scenario.timeZone;
  const zone = scenario.daytimeZones.find((z) => {
    const m = localMinutes(now.getTime(), z);
    return m >= 9 * 60 && m < 20 * 60;
  });
  if (!zone) throw new Error(`none of ${scenario.daytimeZones.join(', ')} is in its calling hours now`);
  return zone;
}

async function openAccount(
  api: Api,
  timeZone: string,
  runId: string,
  op: Extract<SeedOp, { do: 'openAccount' }>,
): Promise<Seeded> {
  const customerId = `trn-${runId}`;
  const account = await api.call<{ accountId: string }>('POST', '/ledger/v1/accounts', 'admin', {
    customerId,
    productCode: 'CLASSIC',
    market: 'US',
    currency: 'USD',
    creditLimit: op.creditLimit ?? 500000,
    aprBps: 2499,
    billingCycleDay: 5,
    timeZone,
  });
  const { accountId } = account;
  const cardId = await until('the card issued for the account', async () => {
    const c = (await api.call<Items>('GET', `/cards/v1/accounts/${accountId}/cards`, 'agent')).items?.[0];
    return c?.cardId as string | undefined;
  });
  await api.call('POST', `/cards/v1/cards/${cardId}/activate`, 'agent', {});
  await until('the activation in the ledger', async () => {
    const seen = (await api.call<Items>('GET', `/ledger/v1/accounts/${accountId}/cards`, 'agent')).items;
    return seen?.[0]?.status === 'ACTIVE' ? true : undefined;
  });
  // The console finds a customer through ticketing's answers, which name their accounts.
  await until('the account in ticketing', () =>
    api.call('GET', `/ticketing/v1/customers/${customerId}/answers`, 'agent'),
  );
  return { customerId, timeZone, accountId, cardId };
}

async function apply(
  api: Api,
  op: Exclude<SeedOp, { do: 'openAccount' }>,
  s: Seeded,
  o: { services: readonly string[]; now: () => Date },
): Promise<void> {
  switch (op.do) {
    case 'purchase':
      await api.call('POST', `/ledger/v1/accounts/${s.accountId}/transactions`, 'card_processor', {
        kind: 'PURCHASE',
        amount: op.amount,
        currency: 'USD',
        cardId: s.cardId,
        merchant: { name: op.merchant, mcc: op.mcc, city: op.city, country: 'US' },
      });
      return;
    case 'advanceHours':
      await api.moveClocks(new Date(o.now().getTime() + op.hours * 3_600_000), o.services);
      return;
    case 'moveToLocal':
      await api.moveClocks(nextLocal(o.now(), op.time, s.timeZone), o.services);
      return;
    case 'advanceUntil':
      for (let days = 0; !(await shows(api, op.until, s)); days += op.stepDays) {
        if (days > op.maxDays) throw new Error(`no ${op.until} after ${op.maxDays} simulated days`);
        await api.moveClocks(new Date(o.now().getTime() + op.stepDays * 86_400_000), o.services);
        // The ledger's events reach collections over Kafka: a moment before asking again.
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (op.until === 'collectionsCase') s.caseId = await caseOf(api, s);
      return;
    case 'waitCollectionsCase':
      s.caseId = await until('the collections case', () => caseOf(api, s));
      return;
    case 'contactFacts':
      await api.call('POST', `/collections/v1/cases/${s.caseId}/contact-facts`, 'collector', {
        validationNoticeSentAt: new Date(o.now().getTime() - 3_600_000).toISOString(),
        mobile: op.mobile,
      });
      return;
    case 'salesFacts':
      await api.call('PUT', `/sales/v1/customers/${s.customerId}/facts`, 'sales_agent', {
        marketingConsent: true,
        doNotCall: op.doNotCall,
        inHardship: op.inHardship,
        employmentStatus: 'EMPLOYED',
      });
      return;
    case 'waitOffer':
      await until(`an offer of ${op.addOn}`, async () => {
        const sheet = await api.call<{ offers?: { addOn: string }[] }>(
          'GET',
          `/sales/v1/customers/${s.customerId}/offers?accountId=${s.accountId}`,
          'sales_agent',
        );
        return sheet.offers?.some((x) => x.addOn === op.addOn) ? true : undefined;
      });
      return;
  }
}

/** The account's open collections case, if it has one yet. */
async function caseOf(api: Api, s: Seeded): Promise<string | undefined> {
  const k = await api
    .call('GET', `/collections/v1/accounts/${s.accountId}/case`, 'collector')
    .catch(() => ({}) as Record<string, unknown>);
  return k.status === 'OPEN' ? (k.caseId as string) : undefined;
}

/** Whether the sandbox shows what `advanceUntil` waits for. */
async function shows(api: Api, what: 'lateFee' | 'collectionsCase', s: Seeded): Promise<boolean> {
  if (what === 'collectionsCase') return (await caseOf(api, s)) !== undefined;
  const tx = await api.call<Items>('GET', `/ledger/v1/accounts/${s.accountId}/transactions`, 'agent');
  return tx.items?.some((t) => t.kind === 'FEE') ?? false;
}

/** The next instant from `from` (to the minute) when the zone's wall clock reads `hhmm`. */
export function nextLocal(from: Date, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const minute = 60_000;
  const start = Math.ceil(from.getTime() / minute) * minute;
  const ahead = ((h ?? 0) * 60 + (m ?? 0) - localMinutes(start, timeZone) + 1440) % 1440;
  return new Date(start + ahead * minute);
}
