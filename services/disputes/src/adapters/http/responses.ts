import { z } from 'zod';
import { orNull } from '@cardline/platform';

// The bodies the disputes routes answer with (views.ts builds them). Strict:
// a field missing here is a field the document does not promise.

const instant = z.string().datetime();
const minor = z.number().int().describe('Minor units');

const ClockSchema = z
  .object({ dueAt: instant, met: z.boolean(), warned: z.boolean(), breached: z.boolean() })
  .strict()
  .openapi('DisputeClock');

export const DisputeSchema = z
  .object({
    disputeId: z.string(),
    caseId: z.string(),
    accountId: z.string(),
    customerId: z.string(),
    cardId: z.string().nullable(),
    kind: z.enum(['FEE', 'BILLING_ERROR', 'FRAUD']),
    reason: z.enum([
      'LATE_FEE',
      'OTHER_FEE',
      'WRONG_AMOUNT',
      'DUPLICATE',
      'CREDIT_NOT_PROCESSED',
      'NOT_RECEIVED',
      'UNAUTHORISED',
    ]),
    status: z.enum(['OPEN', 'RESOLVED']),
    transactionId: z.string(),
    transactionAmount: minor,
    disputedAmount: minor,
    currency: z.string(),
    statementId: z.string().nullable(),
    protection: z.enum(['UNKNOWN', 'BILLING_ERROR_PROTECTED', 'OUTSIDE_NOTICE_WINDOW', 'NOT_APPLICABLE']),
    protectionDetail: z.string(),
    customerLiability: minor
      .nullable()
      .describe(
        'Fraud: what the customer may be held liable for under the unauthorised-use cap (null for other kinds)',
      ),
    source: z.enum(['AGENT', 'FRAUD_REPORT']),
    noticeAt: instant,
    clocks: z
      .object({
        ACKNOWLEDGE: ClockSchema.optional(),
        RESOLVE: ClockSchema.optional(),
        PROVISIONAL_CREDIT: ClockSchema.optional(),
        NETWORK_RESPONSE: ClockSchema.optional(),
      })
      .strict()
      .describe('The deadlines that apply to this dispute'),
    acknowledgedAt: instant.nullable(),
    provisionalCredit: orNull(z.object({ requestId: z.string(), amount: minor, issuedAt: instant }).strict()),
    goodwill: orNull(
      z
        .object({
          decision: z.enum(['WAIVED', 'DECLINED']),
          decidedBy: z.enum(['POLICY', 'OVERRIDE']),
          reason: z.string(),
        })
        .strict(),
    ),
    chargeback: orNull(
      z
        .object({
          reasonCode: z.string(),
          stage: z.enum([
            'UNKNOWN',
            'CHARGEBACK',
            'REPRESENTMENT',
            'PRE_ARBITRATION',
            'ARBITRATION',
            'CLOSED',
          ]),
          respondBy: instant.nullable(),
          issuersMove: z.boolean().describe('The next step in the network process is the issuer’s'),
          network: z.enum(['UNKNOWN', 'VISA', 'MASTERCARD', 'UNIONPAY']),
        })
        .strict(),
    ),
    resolution: orNull(
      z
        .object({
          outcome: z.enum(['CUSTOMER_WON', 'MERCHANT_WON', 'WITHDRAWN']),
          amount: minor,
          creditAction: z.enum(['NONE', 'PROVISIONAL_MADE_PERMANENT', 'CREDITED', 'PROVISIONAL_REVERSED']),
          explanation: z.string(),
          at: instant,
        })
        .strict(),
    ),
    pendingCredit: orNull(
      z
        .object({
          action: z.enum(['PROVISIONAL_CREDIT', 'RESOLVE']),
          amount: minor,
          outcome: z.enum(['CUSTOMER_WON']).nullable(),
          explanation: z.string(),
          requestedBy: z.object({ id: z.string(), role: z.string() }).strict(),
          at: instant,
        })
        .strict()
        .describe(
          'A credit above the policy’s second-approver amount, waiting for someone other than the requester (POST /v1/disputes/{disputeId}/credit-approval)',
        ),
    ),
    history: z.array(
      z
        .object({
          at: instant,
          actor: z.object({ id: z.string(), role: z.string() }).strict(),
          action: z.string(),
          detail: z.string(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('Dispute');

export const DisputesSchema = z.object({ items: z.array(DisputeSchema) }).strict();
