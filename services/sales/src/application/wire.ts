/**
 * The domain's application events as published on sales.application
 * (packages/schemas/avro/sales/application/): one decision event becomes
 * approved, declined or referred, so the ledger listens to approvals alone;
 * an approval names the customer, currency and time zone the account is
 * opened with. No wire event has a field for the national id, the date of
 * birth or the income.
 */
import type { EventPayloads } from '@cardline/schemas';
import type { ApplicationEvent } from '../domain/application';
import { creditPolicyFor, type Market } from '../domain/policy';
import type { ApplicationRecord } from './application-record';

type SalesType = Extract<keyof EventPayloads, `sales.application.${string}`>;
export type WireEvent = { [K in SalesType]: { type: K; payload: EventPayloads[K] } }[SalesType];

/** The calendar an account opened from an application keeps, by market. */
export const ACCOUNT_TIME_ZONE: Readonly<Record<Market, string>> = {
  US: 'America/New_York',
  CN: 'Asia/Shanghai',
};

export function toWire(e: ApplicationEvent, r: ApplicationRecord): WireEvent {
  switch (e.type) {
    case 'sales.application.submitted.v1': {
      const { nationalIdMasked, ...p } = e.payload;
      return { type: e.type, payload: { ...p, idNumberMasked: nationalIdMasked, customerId: r.customerId } };
    }
    case 'sales.application.details-provided.v1': {
      const { at, ...p } = e.payload;
      return { type: e.type, payload: { ...p, providedAt: at } };
    }
    case 'sales.application.credit-check-consented.v1':
    case 'sales.application.completed.v1':
    case 'sales.application.decision-due-soon.v1':
    case 'sales.application.decision-breached.v1':
    case 'sales.application.withdrawn.v1':
      return { type: e.type, payload: e.payload } as WireEvent;
    case 'sales.application.decided.v1':
      return decidedWire(e.payload, r);
  }
}

type Decided = Extract<ApplicationEvent, { type: 'sales.application.decided.v1' }>['payload'];

function decidedWire(p: Decided, r: ApplicationRecord): WireEvent {
  const { applicationId, decision, decidedBy, note, actor, decidedAt } = p;
  const { ruleSetVersion } = decision;
  const a = r.application;
  switch (decision.outcome) {
    case 'APPROVE':
      return {
        type: 'sales.application.approved.v1',
        payload: {
          applicationId,
          customerId: r.customerId,
          market: a.market,
          productCode: a.productCode,
          currency: creditPolicyFor(a.market, a.productCode)?.currency ?? 'USD',
          creditLimit: decision.creditLimit,
          aprTier: decision.aprTier,
          timeZone: ACCOUNT_TIME_ZONE[a.market],
          ruleSetVersion,
          decidedBy,
          note,
          actor,
          decidedAt,
        },
      };
    case 'DECLINE':
      return {
        type: 'sales.application.declined.v1',
        payload: {
          applicationId,
          customerId: r.customerId,
          reasons: p.notice?.reasons ?? decision.reasons.map((code) => ({ code, text: code })),
          score: p.notice?.score ?? 0,
          bureau: p.notice?.bureau ?? '',
          ruleSetVersion,
          decidedBy,
          note,
          actor,
          decidedAt,
        },
      };
    case 'REFER':
      return {
        type: 'sales.application.referred.v1',
        payload: { applicationId, reason: decision.reason, ruleSetVersion, actor, referredAt: decidedAt },
      };
  }
}
