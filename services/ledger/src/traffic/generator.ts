/**
 * Realistic demo traffic against the ledger's HTTP API: opens demo
 * accounts, then posts purchases at everyday merchants, payments and the
 * odd refund at a steady rate, as the card processor would. Deterministic
 * ids make reruns reuse accounts.
 */
export interface TrafficOptions {
  baseUrl: string;
  /** Bearer token for the ledger with the roles card_processor (postings) and admin (opening directly). */
  token: string;
  /** Postings a second; 0 opens the demo accounts (and activates their cards) and posts nothing. */
  ratePerSecond: number;
  accounts: number;
  /** Stop after this many postings (default: run until stopped). */
  limit?: number;
  seed?: number;
  /** Postings in flight at most (default 16), so a slow answer does not hold the rate back. */
  maxInFlight?: number;
  /** With the cards service: activate each demo account's card and buy with it. */
  cards?: { baseUrl: string; token: string };
  onResult?: (r: { status: number; outcome?: string }) => void;
}

const MERCHANTS = [
  { name: 'Whole Foods Market', mcc: '5411', city: 'New York', country: 'US', min: 1500, max: 18000 },
  { name: 'Shell', mcc: '5541', city: 'Newark', country: 'US', min: 2500, max: 9000 },
  { name: 'Starbucks', mcc: '5814', city: 'Brooklyn', country: 'US', min: 450, max: 1800 },
  { name: 'Amazon Marketplace', mcc: '5942', city: 'Seattle', country: 'US', min: 999, max: 25000 },
  { name: 'Delta Air Lines', mcc: '3058', city: 'Atlanta', country: 'US', min: 19000, max: 90000 },
  { name: 'Uber', mcc: '4121', city: 'New York', country: 'US', min: 1200, max: 6500 },
  { name: 'Netflix', mcc: '4899', city: 'Los Gatos', country: 'US', min: 1549, max: 2299 },
  { name: 'CVS Pharmacy', mcc: '5912', city: 'Jersey City', country: 'US', min: 600, max: 7000 },
];

/** Small seeded PRNG (mulberry32): repeatable demo data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoAccountId(i: number): string {
  return `demo-acc-${String(i + 1).padStart(3, '0')}`;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

export async function openDemoAccounts(o: TrafficOptions): Promise<string[]> {
  const rand = rng(o.seed ?? 42);
  const ids: string[] = [];
  for (let i = 0; i < o.accounts; i++) {
    const accountId = demoAccountId(i);
    const r = await call(
      `${o.baseUrl}/v1/accounts`,
      'POST',
      {
        accountId,
        customerId: `demo-cus-${String(i + 1).padStart(3, '0')}`,
        productCode: rand() < 0.3 ? 'GOLD' : 'CLASSIC',
        market: 'US',
        currency: 'USD',
        creditLimit: (5 + Math.floor(rand() * 20)) * 100000,
        aprBps: 1999 + Math.floor(rand() * 1000),
        billingCycleDay: 1 + Math.floor(rand() * 28),
        timeZone: 'America/New_York',
      },
      bearer(o.token),
    );
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`opening ${accountId}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
    ids.push(accountId);
  }
  return ids;
}

/**
 * Waits for cards to issue each account's card (cards learns of new accounts
 * from the ledger's events), activates it if new, and returns the card to
 * buy with per account. Accounts whose card does not show up buy without one.
 */
export async function activateDemoCards(
  cards: NonNullable<TrafficOptions['cards']>,
  accountIds: string[],
  timeoutMs = 60000,
): Promise<Map<string, string>> {
  const auth = bearer(cards.token);
  const out = new Map<string, string>();
  const end = Date.now() + timeoutMs;
  for (const accountId of accountIds) {
    while (Date.now() < end) {
      const r = await call(`${cards.baseUrl}/v1/accounts/${accountId}/cards`, 'GET', undefined, auth);
      const items = ((r.json as { items?: { cardId: string; status: string }[] } | null)?.items ?? []).filter(
        (c) => c.status === 'ACTIVE' || c.status === 'INACTIVE',
      );
      const card = items.find((c) => c.status === 'ACTIVE') ?? items[0];
      if (card) {
        if (card.status === 'INACTIVE')
          await call(`${cards.baseUrl}/v1/cards/${card.cardId}/activate`, 'POST', {}, auth);
        out.set(accountId, card.cardId);
        break;
      }
      await new Promise((res) => setTimeout(res, 500));
    }
  }
  return out;
}

export async function runTraffic(o: TrafficOptions, signal?: AbortSignal): Promise<number> {
  const ids = await openDemoAccounts(o);
  const cardOf = o.cards ? await activateDemoCards(o.cards, ids) : new Map<string, string>();
  // Rate 0: the demo accounts and cards exist for a newcomer to explore, and nothing is posted.
  if (!(o.ratePerSecond > 0)) return 0;
  const rand = rng((o.seed ?? 42) + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const interval = 1000 / o.ratePerSecond;
  const maxInFlight = o.maxInFlight ?? 16;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const started = Date.now();
  while (!signal?.aborted && (o.limit === undefined || sent < o.limit)) {
    const accountId = pick(ids);
    const roll = rand();
    let body: Record<string, unknown>;
    if (roll < 0.85) {
      const m = pick(MERCHANTS);
      body = {
        kind: 'PURCHASE',
        amount: m.min + Math.floor(rand() * (m.max - m.min)),
        currency: 'USD',
        merchant: { name: m.name, mcc: m.mcc, city: m.city, country: m.country },
        ...(cardOf.has(accountId) ? { cardId: cardOf.get(accountId) } : {}),
      };
    } else if (roll < 0.97) {
      body = {
        kind: 'PAYMENT',
        amount: 2500 + Math.floor(rand() * 50000),
        currency: 'USD',
        description: 'Online payment - thank you',
      };
    } else {
      body = {
        kind: 'REFUND',
        amount: 500 + Math.floor(rand() * 5000),
        currency: 'USD',
        description: 'Merchant refund',
      };
    }
    const posting: Promise<void> = call(
      `${o.baseUrl}/v1/accounts/${accountId}/transactions`,
      'POST',
      body,
      bearer(o.token),
    )
      .then(
        (r) => o.onResult?.({ status: r.status, outcome: (r.json as { status?: string } | null)?.status }),
        (err: unknown) => o.onResult?.({ status: 0, outcome: (err as Error).message }),
      )
      .finally(() => inFlight.delete(posting));
    inFlight.add(posting);
    sent++;
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const wait = started + sent * interval - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inFlight);
  return sent;
}

/** What the generator reports beside the rate asked: accepted postings (2xx) per second over the last window. */
export function achievedRate(answeredNow: number, answeredBefore: number, windowMs: number): number {
  return windowMs > 0 ? ((answeredNow - answeredBefore) * 1000) / windowMs : 0;
}
