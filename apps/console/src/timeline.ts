/** The customer-360 timeline grouped into chains: what one call caused, across services. */
export interface TimelineEntry {
  eventId: string;
  at: string;
  type: string;
  source: string;
  subject: string;
  accountId: string | null;
  customerId: string | null;
  summary: string;
  correlationId: string;
  causationId: string | null;
}

export interface Chain {
  correlationId: string;
  /** Oldest first: the call, then what followed from it. */
  entries: (TimelineEntry & { depth: number })[];
  /** The newest entry's time: chains sort newest first, as the timeline does. */
  latestAt: string;
  services: string[];
}

/**
 * Groups entries by correlation id (ticketing carries it from the agent's
 * call through every service's events, docs/architecture.md) and indents
 * each under the event that caused it when that event is in the chain.
 */
export function chains(items: readonly TimelineEntry[]): Chain[] {
  const byCorrelation = new Map<string, TimelineEntry[]>();
  for (const e of items)
    byCorrelation.set(e.correlationId, [...(byCorrelation.get(e.correlationId) ?? []), e]);
  const out: Chain[] = [];
  for (const [correlationId, list] of byCorrelation) {
    const sorted = [...list].sort((x, y) => x.at.localeCompare(y.at) || x.eventId.localeCompare(y.eventId));
    const byId = new Map(sorted.map((e) => [e.eventId, e]));
    const depthOf = (e: TimelineEntry, seen = new Set<string>()): number => {
      const parent = e.causationId ? byId.get(e.causationId) : undefined;
      if (!parent || seen.has(parent.eventId)) return 0;
      seen.add(e.eventId);
      return 1 + depthOf(parent, seen);
    };
    out.push({
      correlationId,
      entries: sorted.map((e) => ({ ...e, depth: depthOf(e) })),
      latestAt: sorted[sorted.length - 1]?.at ?? '',
      services: [...new Set(sorted.map((e) => e.source))],
    });
  }
  return out.sort((x, y) => y.latestAt.localeCompare(x.latestAt));
}
