import type { ApplicationRecord } from '../../application/application-record';
import type { ApplicantSecrets } from '../../application/ports';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function clockOf(r: ApplicationRecord) {
  const c = r.application.clock;
  if (!c) return 'NOT_STARTED' as const;
  if (c.met) return 'MET' as const;
  if (c.breached) return 'BREACHED' as const;
  return c.warned ? ('DUE_SOON' as const) : ('RUNNING' as const);
}

/** What an agent sees of an application: no national id beyond the mask in events, no income. */
export function applicationView(r: ApplicationRecord) {
  const a = r.application;
  const d = a.decision;
  const f = r.fulfilment;
  return {
    applicationId: a.applicationId,
    customerId: r.customerId,
    market: a.market,
    productCode: a.productCode,
    status: a.status,
    provided: a.provided,
    creditCheckConsentAt: iso(a.creditCheckConsentAt),
    completedAt: iso(a.completedAt),
    decisionDueAt: iso(a.clock?.dueAt ?? null),
    decisionClock: clockOf(r),
    decision: d && {
      outcome: d.outcome,
      ruleSetVersion: d.ruleSetVersion,
      creditLimit: d.outcome === 'APPROVE' ? d.creditLimit : null,
      aprTier: d.outcome === 'APPROVE' ? d.aprTier : null,
      reasons: d.outcome === 'DECLINE' ? d.reasons : [],
      referReason: d.outcome === 'REFER' ? d.reason : null,
    },
    accountId: f.accountId,
    cardId: f.cardId,
    steps: [
      { step: 'SUBMITTED' as const, done: true, at: iso(r.submittedAt), ref: null },
      { step: 'COMPLETED' as const, done: a.completedAt !== null, at: iso(a.completedAt), ref: null },
      {
        step: 'DECIDED' as const,
        done: d !== null && d.outcome !== 'REFER',
        at: null,
        ref: d?.outcome ?? null,
      },
      {
        step: 'ACCOUNT_OPENED' as const,
        done: f.accountId !== null,
        at: iso(f.accountOpenedAt),
        ref: f.accountId,
      },
      { step: 'CARD_ISSUED' as const, done: f.cardId !== null, at: iso(f.cardIssuedAt), ref: f.cardId },
    ],
    submittedAt: iso(r.submittedAt),
  };
}

export function sensitiveView(
  applicationId: string,
  s: ApplicantSecrets,
  readBy: { id: string; role: string },
) {
  return {
    applicationId,
    fullName: s.identity.fullName,
    dateOfBirth: s.identity.dateOfBirth,
    address: s.identity.address,
    nationalId: s.identity.nationalId,
    income: s.details.income ?? null,
    hasCoSigner: s.hasCoSigner,
    readBy,
  };
}
