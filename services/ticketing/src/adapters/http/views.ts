import {
  maskContact,
  type CaseState,
  type HistoryEntry,
  type Interaction,
  type Metric,
} from '../../domain/case';
import type { Page } from '../../application/journal-pages';
import type { MessageDelivery } from '../../domain/deliveries';
import type { TimelineItem } from '../mongo/timeline';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A case as lists show it: contacts masked, clocks with due time or time left while paused. */
export function caseSummaryView(s: CaseState) {
  const sla = Object.fromEntries(
    (Object.entries(s.clocks) as [Metric, NonNullable<CaseState['clocks'][Metric]>][]).map(([m, c]) => [
      m,
      {
        state:
          c.dueAt === null ? ('PAUSED' as const) : c.breached ? ('BREACHED' as const) : ('RUNNING' as const),
        dueAt: iso(c.dueAt),
        remainingMs: c.remainingMs,
        warned: c.warned,
        breached: c.breached,
      },
    ]),
  );
  return {
    caseId: s.caseId,
    customerId: s.customerId,
    accountId: s.accountId,
    channel: s.channel,
    topic: s.topic,
    priority: s.priority,
    queue: s.queue,
    assigneeId: s.assigneeId,
    tags: s.tags,
    subject: s.subject,
    status: s.status,
    level: s.level,
    openedAt: iso(s.openedAt),
    firstReplyAt: iso(s.firstReplyAt),
    solvedAt: iso(s.solvedAt),
    closedAt: iso(s.closedAt),
    mergedInto: s.mergedInto,
    sla,
    csat: s.csat && { score: s.csat.score, comment: s.csat.comment, at: iso(s.csat.at) },
    correlationIds: s.correlationIds,
  };
}

/** The delivery reports of a case's outbound messages, by interaction id (none: nothing reported yet). */
export type Deliveries = ReadonlyMap<string, MessageDelivery>;
const NONE: Deliveries = new Map();

const deliveryView = (d: MessageDelivery | undefined) =>
  d ? { status: d.status, reportedAt: iso(d.reportedAt) } : null;

/** An interaction as the API shows it: the unmasked address stays inside ticketing for delivery. */
const interactionView = (i: Interaction, deliveries: Deliveries) => ({
  interactionId: i.interactionId,
  kind: i.kind,
  channel: i.channel,
  body: i.body,
  contact: i.contact,
  actor: i.actor,
  at: iso(i.at),
  correlationId: i.correlationId,
  mergedFromCaseId: i.mergedFromCaseId,
  delivery: deliveryView(deliveries.get(i.interactionId)),
});
const historyView = (h: HistoryEntry) => ({ ...h, at: iso(h.at) });

/**
 * The case as the API shows it: the summary with its newest interactions and
 * history and how many there are (the full lists are paged: journalPageView),
 * and, on a single read, what the case's calls caused elsewhere; each
 * outbound message with its delivery status once the adapter reported it.
 */
export function caseView(s: CaseState, related: TimelineItem[] | null, deliveries: Deliveries = NONE) {
  return {
    ...caseSummaryView(s),
    triage: s.triage.map((t) => ({ ...t, at: iso(t.at) })),
    interactions: s.interactions.map((i) => interactionView(i, deliveries)),
    interactionCount: s.interactionCount,
    history: s.history.map(historyView),
    historyCount: s.historyCount,
    pendingContacts: Object.fromEntries(
      Object.entries(s.pendingContacts).map(([channel, address]) => [
        channel,
        maskContact(channel as CaseState['channel'], address),
      ]),
    ),
    ...(related ? { related: related.map((r) => ({ ...r, at: iso(r.at) })) } : {}),
  };
}

export const interactionPageView = (p: Page<Interaction>, deliveries: Deliveries = NONE) => ({
  items: p.items.map((n) => ({ seq: n.seq, ...interactionView(n.entry, deliveries) })),
  next: p.next,
});
export const historyPageView = (p: Page<HistoryEntry>) => ({
  items: p.items.map((n) => ({ seq: n.seq, ...historyView(n.entry) })),
  next: p.next,
});
