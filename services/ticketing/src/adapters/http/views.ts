import type { CaseState, Metric } from '../../domain/case';
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

/**
 * The case as the API shows it: the summary with every interaction (the
 * unmasked address stays inside ticketing for delivery) and the history,
 * and, on a single read, what the case's calls caused elsewhere.
 */
export function caseView(s: CaseState, related: TimelineItem[] | null) {
  return {
    ...caseSummaryView(s),
    interactions: s.interactions.map((i) => ({
      interactionId: i.interactionId,
      kind: i.kind,
      channel: i.channel,
      body: i.body,
      contact: i.contact,
      actor: i.actor,
      at: iso(i.at),
      correlationId: i.correlationId,
      mergedFromCaseId: i.mergedFromCaseId,
    })),
    history: s.history.map((h) => ({ ...h, at: iso(h.at) })),
    ...(related ? { related: related.map((r) => ({ ...r, at: iso(r.at) })) } : {}),
  };
}
