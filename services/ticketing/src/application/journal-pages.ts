/**
 * Reading a case's full lists: the journal for what the case no longer
 * keeps, the case itself for the newest entries (domain/journal.ts).
 */
import type { CaseState } from '../domain/case';
import { numbered, type Numbered } from '../domain/journal';

export interface Page<T> {
  items: Numbered<T>[];
  /** The cursor of the next page (`after`), null on the last. */
  next: number | null;
}

/** Entries numbered after `after`, oldest first: the journal's older ones, then those the case keeps. */
export async function journalPage<T>(
  kept: T[],
  count: number,
  older: (after: number, through: number, limit: number) => Promise<Numbered<T>[]>,
  after: number,
  limit: number,
): Promise<Page<T>> {
  // A journal entry past the case's oldest kept one is read from the case: the case is the truth there.
  const fromJournal = await older(after, count - kept.length, limit);
  const from = Math.max(after, fromJournal.at(-1)?.seq ?? after);
  const fromCase = numbered(kept, count)
    .filter((n) => n.seq > from)
    .slice(0, limit - fromJournal.length);
  const items = [...fromJournal, ...fromCase];
  const last = items.at(-1);
  return { items, next: items.length === limit && last && last.seq < count ? last.seq : null };
}

/** Every entry, page after page. */
export async function everyEntry<T>(pageAfter: (after: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let after: number | null = 0; after !== null;) {
    const page: Page<T> = await pageAfter(after);
    all.push(...page.items.map((n) => n.entry));
    after = page.next;
  }
  return all;
}

/**
 * Whether the case recorded the message the journal has at `seq`: below the
 * entries the case keeps the journal is the truth; among them the case is.
 */
export function recordedMessage(s: CaseState, seq: number, externalId: string): boolean {
  if (seq > s.interactionCount) return false;
  if (seq <= s.interactionCount - s.interactions.length) return true;
  return s.interactions.some((i) => i.externalId === externalId);
}
