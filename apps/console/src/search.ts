/**
 * What the agent typed into the search, read as the services can search it
 * (docs/architecture.md, "Customer search"): four digits are a card's last
 * four (cards), a phone number is compared by its fingerprint (ticketing),
 * words with a space are a name (sales), anything else an id, as before.
 */
export type SearchKind = 'last4' | 'phone' | 'name' | 'id';

export function searchKind(query: string): SearchKind {
  const q = query.trim();
  if (/^\d{4}$/.test(q)) return 'last4';
  if (/^\+?[\d\s().-]+$/.test(q) && (q.match(/\d/g) ?? []).length >= 7) return 'phone';
  if (/\s/.test(q) && /\p{L}/u.test(q)) return 'name';
  return 'id';
}

/** One customer a search found, with what tells them apart on the list. */
export interface Match {
  customerId: string;
  /** Accounts or cards named by the search (a card's mask, an account id). */
  hints: string[];
}

/** Each customer once, in the order found, their hints merged. */
export function uniqueMatches(found: readonly Match[]): Match[] {
  const by = new Map<string, Match>();
  for (const m of found) {
    const seen = by.get(m.customerId);
    if (seen) seen.hints = [...new Set([...seen.hints, ...m.hints])];
    else by.set(m.customerId, { customerId: m.customerId, hints: [...m.hints] });
  }
  return [...by.values()];
}

/** The console's address of a customer's screen: a reload or a shared link opens it again. */
export const customerPath = (customerId: string): string =>
  `/console/customers/${encodeURIComponent(customerId)}`;
