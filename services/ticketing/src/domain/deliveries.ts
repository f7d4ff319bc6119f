/**
 * The delivery status of ticketing's own outbound messages (replies and CSAT
 * surveys), from the delivery adapter's reports on `collections.delivery`
 * (docs/adr/0025-simulated-delivery-adapter.md; docs/domain.md#inquiries-ticketing).
 * Pure: which report stands. The newer report wins and a report no newer than
 * the one recorded changes nothing, so a redelivery, or reports arriving out
 * of order, leave the same status; a report may come before the case's view
 * shows its interaction (the status is joined to the interaction on read).
 */
import type { CollectionsDeliveryReportedV1 } from '@cardline/schemas';

export type DeliveryStatus = Exclude<CollectionsDeliveryReportedV1['status'], 'UNKNOWN'>;

export interface MessageDelivery {
  status: DeliveryStatus;
  reportedAt: number;
}

/** What a report records, by interaction id; null for another service's message or a status this build does not know. */
export function deliveryOf(
  p: CollectionsDeliveryReportedV1,
): { interactionId: string; caseId: string; delivery: MessageDelivery } | null {
  if (p.source !== 'TICKETING' || p.status === 'UNKNOWN') return null;
  return {
    interactionId: p.messageId,
    caseId: p.caseId,
    delivery: { status: p.status, reportedAt: p.reportedAt },
  };
}

/** The report that stands: the newer one; on a tie, or an older report, the one already recorded. */
export function standing(recorded: MessageDelivery | null, report: MessageDelivery): MessageDelivery {
  return recorded && recorded.reportedAt >= report.reportedAt ? recorded : report;
}
