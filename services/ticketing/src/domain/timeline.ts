/**
 * One line per event for the customer-360 timeline, pure. The line names
 * what happened in words an agent reads at a glance; amounts in minor units
 * are formatted, and nothing sensitive is carried (events hold none: tokens
 * and last four only).
 */
import { money } from './answers';

export interface TimelineFacts {
  /** Who the entry belongs to: the event names the account, the customer, or both. */
  accountId: string | null;
  customerId: string | null;
  summary: string;
}

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const amount = (p: P) => money(Number(p.amount ?? 0), str(p.currency) || 'USD');

const SUMMARIES: Record<string, (p: P) => string> = {
  'ledger.account.opened.v1': (p) =>
    `Account opened (${str(p.productCode)}, limit ${money(Number(p.creditLimit), str(p.currency))})`,
  'ledger.account.delinquency-changed.v1': (p) => `Days past due ${str(p.daysPastDue)} (${str(p.bucket)})`,
  'ledger.account.adjustment-rejected.v1': (p) => `Adjustment rejected: ${str(p.reason)}`,
  'ledger.transaction.posted.v1': (p) =>
    `${str(p.direction) === 'CREDIT' ? 'Credit' : 'Debit'} ${amount(p)} ${str(p.kind).toLowerCase()}${p.description ? `: ${str(p.description)}` : ''}`,
  'ledger.transaction.declined.v1': (p) => `Declined ${amount(p)}: ${str(p.reason)}`,
  'ledger.statement.closed.v1': (p) =>
    `Statement closed: balance ${money(Number(p.closingBalance), str(p.currency))}, minimum ${money(Number(p.minimumDue), str(p.currency))}`,
  'cards.card.issued.v1': (p) => `Card ending ${str(p.last4)} issued (${str(p.reason).toLowerCase()})`,
  'cards.card.activated.v1': () => 'Card activated',
  'cards.card.frozen.v1': (p) => `Card frozen: ${str(p.reason)}`,
  'cards.card.unfrozen.v1': (p) => `Card unfrozen: ${str(p.reason)}`,
  'cards.card.reported-lost.v1': () => 'Card reported lost and blocked',
  'cards.card.reported-stolen.v1': () => 'Card reported stolen and blocked',
  'cards.card.reported-damaged.v1': () => 'Card reported damaged',
  'cards.card.replacement-ordered.v1': () => 'Replacement card ordered',
  'cards.card.shipped.v1': (p) => `Card shipped (${str(p.carrier)})`,
  'cards.card.delivered.v1': () => 'Card delivered',
  'cards.card.closed.v1': (p) => `Card closed: ${str(p.reason)}`,
  'cards.card.fraud-reported.v1': (p) =>
    `Fraud reported on ${Array.isArray(p.transactions) ? p.transactions.length : 0} transaction(s), total ${money(Number(p.totalAmount), str(p.currency))}`,
  'disputes.dispute.opened.v1': (p) =>
    `Dispute opened (${str(p.reason).toLowerCase().replace(/_/g, ' ')}) for ${money(Number(p.disputedAmount), str(p.currency))}`,
  'disputes.dispute.acknowledged.v1': () => 'Dispute acknowledged',
  'disputes.dispute.provisional-credit-issued.v1': (p) => `Provisional credit ${amount(p)}`,
  'disputes.dispute.goodwill-decided.v1': (p) =>
    `Goodwill ${str(p.decision).toLowerCase()}: ${str(p.reason)}`,
  'disputes.dispute.chargeback-progressed.v1': (p) =>
    `Chargeback ${str(p.step).toLowerCase().replace(/_/g, ' ')}`,
  'disputes.dispute.clock-due-soon.v1': (p) => `Dispute ${str(p.clock).toLowerCase()} deadline near`,
  'disputes.dispute.clock-breached.v1': (p) => `Dispute ${str(p.clock).toLowerCase()} deadline missed`,
  'disputes.dispute.resolved.v1': (p) =>
    `Dispute resolved: ${str(p.outcome).toLowerCase().replace(/_/g, ' ')}`,
  'ticketing.case.opened.v1': (p) => `${str(p.channel)} case opened: ${str(p.subject)}`,
  'ticketing.case.interaction-recorded.v1': (p) =>
    `${str(p.kind).replace(/_/g, ' ').toLowerCase()} (${str(p.channel)}): ${str(p.body).slice(0, 80)}`,
  'ticketing.case.status-changed.v1': (p) => `Case ${str(p.to).toLowerCase()}: ${str(p.reason)}`,
  'ticketing.case.escalated.v1': (p) => `Case escalated to ${str(p.toLevel)}: ${str(p.reason)}`,
  'ticketing.case.sla-breached.v1': (p) => `SLA ${str(p.metric).toLowerCase().replace(/_/g, ' ')} breached`,
  'ticketing.case.merged.v1': (p) => `Case merged into ${str(p.intoCaseId)}`,
  'ticketing.case.csat-recorded.v1': (p) => `Satisfaction ${str(p.score)}/5`,
  'collections.case.opened.v1': (p) =>
    `Collections case opened (${str(p.bucket)}), collectable ${money(Number(p.collectableAmount), str(p.currency))}`,
  'collections.case.bucket-changed.v1': (p) => `Collections case moved to ${str(p.bucket)}`,
  'collections.case.moved-to-recovery.v1': () => 'Collections case moved to recovery (charged off)',
  'collections.case.closed.v1': (p) => `Collections case closed: ${str(p.outcome).toLowerCase()}`,
  'collections.case.promise-made.v1': (p) =>
    `Promise to pay ${money(Number(p.totalAmount), str(p.currency))} in ${Array.isArray(p.instalments) ? p.instalments.length : 0} instalment(s)`,
  'collections.case.promise-kept.v1': () => 'Promise to pay kept',
  'collections.case.promise-broken.v1': () => 'Promise to pay broken',
  'collections.case.contact-attempted.v1': (p) =>
    `Collections ${str(p.channel).toLowerCase()}: ${str(p.outcome).toLowerCase().replace(/_/g, ' ')}`,
  'collections.case.treatment-applied.v1': (p) =>
    `Collections strategy: ${str(p.treatment).toLowerCase().replace(/_/g, ' ')} ${p.allowed ? 'sent' : `refused by ${str(p.ruleId)}`}`,
  'collections.delivery.reported.v1': (p) =>
    `Collections ${str(p.channel).toLowerCase()} ${str(p.status).toLowerCase().replace(/_/g, ' ')}`,
  'collections.case.contact-facts-changed.v1': (p) =>
    `Collections contact facts changed: ${Array.isArray(p.changed) ? p.changed.join(', ') : ''}`,
  'sales.application.submitted.v1': (p) => `Card application taken (${str(p.productCode)})`,
  'sales.application.approved.v1': (p) =>
    `Card application approved, limit ${money(Number(p.creditLimit), str(p.currency))}`,
  'sales.application.declined.v1': (p) =>
    `Card application declined (${Array.isArray(p.reasons) ? p.reasons.length : 0} reason(s) on the notice)`,
  'sales.enrollment.offered.v1': (p) => `Offered ${str(p.addOn)} under terms ${str(p.termsVersion)}`,
  'sales.enrollment.enrolled.v1': (p) => `Enrolled in ${str(p.addOn)} under terms ${str(p.termsVersion)}`,
  'sales.enrollment.converted.v1': () => 'Add-on trial converted to paid, with the customer’s agreement',
  'sales.enrollment.lapsed.v1': () => 'Add-on trial lapsed: nothing charged',
  'sales.enrollment.cancelled.v1': (p) =>
    `Add-on cancelled, refund ${money(Number((p.refund as P | undefined)?.amount ?? 0), str(p.currency))}`,
};

/** The event types the timeline shows; others (triage, near-breach, the channel outbox) are the case's own detail. */
export const TIMELINE_TYPES = Object.keys(SUMMARIES);

export function describe(type: string, payload: unknown): TimelineFacts | null {
  const summarize = SUMMARIES[type];
  if (!summarize) return null;
  const p = (payload ?? {}) as P;
  return {
    accountId: typeof p.accountId === 'string' ? p.accountId : null,
    customerId: typeof p.customerId === 'string' ? p.customerId : null,
    summary: summarize(p),
  };
}
