import { z } from 'zod';
import { orNull } from '@cardline/platform';

// The bodies the cards routes answer with (views.ts builds them). Strict: a
// field missing here is a field the document does not promise.

const instant = z.string().datetime();
const minor = z.number().int().describe('Minor units');
const status = z.enum(['INACTIVE', 'ACTIVE', 'FROZEN', 'LOST', 'STOLEN', 'CLOSED']);

const ActorSchema = z.object({ id: z.string(), role: z.string() }).strict().openapi('Actor');

const MerchantSchema = z
  .object({ name: z.string(), mcc: z.string(), city: z.string(), country: z.string() })
  .strict()
  .openapi('Merchant');

export const CardSchema = z
  .object({
    cardId: z.string(),
    accountId: z.string(),
    customerId: z.string(),
    productCode: z.string(),
    maskedNumber: z.string().describe('BIN and last four in print format, e.g. 4532 01** **** 1234'),
    last4: z.string(),
    network: z.enum(['UNKNOWN', 'VISA', 'MASTERCARD', 'UNIONPAY']),
    expiry: z.string().describe('MM/YY'),
    status,
    statusChangedAt: instant,
    issueReason: z.enum(['UNKNOWN', 'NEW_ACCOUNT', 'ADDITIONAL', 'REPLACES_LOST', 'REPLACES_STOLEN']),
    freeze: orNull(z.object({ reason: z.string(), by: ActorSchema, at: instant }).strict()),
    block: orNull(
      z
        .object({
          kind: z.enum(['LOST', 'STOLEN']),
          lastLegitimateUseAt: instant,
          lastUsedWhere: z.string().nullable(),
          reportedAt: instant,
          by: ActorSchema,
        })
        .strict(),
    ),
    replacesCardId: z.string().nullable(),
    replacedByCardId: z.string().nullable(),
    plastic: z
      .object({
        orderId: z.string(),
        speed: z.enum(['STANDARD', 'EXPRESS']),
        status: z.enum(['ORDERED', 'SHIPPED', 'DELIVERED']),
        deliverTo: z.string().describe('A masked summary of the address, or "address on file"'),
        carrier: z.string().nullable(),
        trackingRef: z.string().nullable(),
        orderedAt: instant,
        shippedAt: instant.nullable(),
        deliveredAt: instant.nullable(),
        activatedAt: instant.nullable(),
      })
      .strict(),
    closeReason: z.string().nullable(),
    issuedAt: instant,
  })
  .strict()
  .openapi('Card');

export const CardsSchema = z.object({ items: z.array(CardSchema) }).strict();

export const ReplacementSchema = z.object({ replaced: CardSchema, replacement: CardSchema }).strict();

const traceTransaction = {
  transactionId: z.string(),
  amount: minor,
  currency: z.string(),
  postedAt: instant,
  merchant: orNull(MerchantSchema),
};

export const FraudTraceSchema = z
  .object({
    cardId: z.string(),
    status,
    lastLegitimateUseAt: instant.nullable(),
    lastUsedWhere: z.string().nullable(),
    transactions: z.array(
      z
        .object({
          ...traceTransaction,
          transactedAt: instant.describe('When the card was used (the trace goes by this time)'),
          alreadyReported: z.boolean().describe('Named in an earlier fraud report: each is reported once'),
        })
        .strict(),
    ),
    declinedAttempts: z.array(
      z
        .object({
          transactionId: z.string(),
          amount: minor,
          currency: z.string(),
          merchant: orNull(MerchantSchema),
          reason: z.string().nullable(),
          at: instant,
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('FraudTrace');

export const FraudReportedSchema = z
  .object({
    reportId: z.string(),
    cardId: z.string(),
    transactions: z.array(z.object(traceTransaction).strict()),
    totalAmount: minor,
    currency: z.string(),
  })
  .strict()
  .openapi('FraudReported');
