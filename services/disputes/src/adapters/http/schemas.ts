import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { findPans } from '@cardline/platform';

extendZodWithOpenApi(z);

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((t) => findPans(t).length === 0, 'do not enter card numbers');

export const DisputeIdParams = z.object({ disputeId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/) });

export const OpenBody = z
  .object({
    accountId: z.string().min(1).max(64),
    transactionId: z.string().min(1).max(64),
    reason: z.enum([
      'LATE_FEE',
      'OTHER_FEE',
      'WRONG_AMOUNT',
      'DUPLICATE',
      'CREDIT_NOT_PROCESSED',
      'NOT_RECEIVED',
      'UNAUTHORISED',
    ]),
    disputedAmount: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Minor units; default the whole transaction'),
    noticeAt: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('When the customer gave notice; default now'),
  })
  .strict()
  .openapi('OpenDispute');

/** One of the two is required (checked by the route: OpenAPI query parameters must be a plain object). */
export const ListQuery = z.object({
  accountId: z.string().max(64).optional(),
  caseId: z.string().max(64).optional(),
});

export const CreditBody = z
  .object({ amount: z.number().int().positive() })
  .strict()
  .openapi('ProvisionalCredit');
export const ChargebackBody = z
  .object({
    entryMode: z
      .enum(['CARD_PRESENT', 'CARD_ABSENT'])
      .optional()
      .describe(
        "For fraud: how the card was used, from the network's authorisation record (POS entry mode); default unknown, filed as card-absent on Visa",
      ),
  })
  .strict()
  .openapi('Chargeback');
export const OverrideBody = z
  .object({ decision: z.enum(['WAIVED', 'DECLINED']), reason: text(500) })
  .strict()
  .openapi('GoodwillOverride');
export const ResolveBody = z
  .object({
    outcome: z.enum(['CUSTOMER_WON', 'MERCHANT_WON']),
    explanation: text(2000).describe('The written explanation sent to the customer'),
  })
  .strict()
  .openapi('Resolve');
export const WithdrawBody = z
  .object({ explanation: text(2000) })
  .strict()
  .openapi('Withdraw');
export const NetworkStepBody = z
  .object({
    step: z.enum([
      'MERCHANT_ACCEPTED',
      'MERCHANT_REPRESENTED',
      'PRE_ARBITRATION_ACCEPTED',
      'PRE_ARBITRATION_DECLINED',
      'RULED_FOR_CARDHOLDER',
      'RULED_FOR_MERCHANT',
    ]),
    note: text(2000).optional(),
  })
  .strict()
  .openapi('NetworkStep');

export const DecideCreditBody = z
  .object({ approve: z.boolean().describe('true: the credit goes to the ledger; false: it is dropped') })
  .strict();
