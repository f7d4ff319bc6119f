import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { PAYMENT_REVERSAL } from '@cardline/schemas';
import { z } from 'zod';
import { isValidZone } from '../../domain/calendar';

extendZodWithOpenApi(z);

const minor = z.number().int().describe('Minor units (cents/fen)');
const currency = z.string().regex(/^[A-Z]{3}$/, 'ISO-4217 code, e.g. USD');

export const OpenAccountBody = z
  .object({
    accountId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,64}$/)
      .optional()
      .describe('Client-chosen id (opening it again answers 409); generated when absent'),
    customerId: z.string().min(1).max(64),
    productCode: z.string().min(1).max(32).default('CLASSIC'),
    market: z.enum(['US', 'CN']).default('US'),
    currency: currency.default('USD'),
    creditLimit: minor.positive().max(100_000_000_00),
    aprBps: z.number().int().min(0).max(10000).describe('APR in basis points, 2499 = 24.99%'),
    billingCycleDay: z.number().int().min(1).max(28),
    timeZone: z.string().refine(isValidZone, 'unknown IANA time zone').default('America/New_York'),
  })
  .strict()
  .openapi('OpenAccount');

export const MerchantSchema = z
  .object({
    name: z.string().min(1).max(100),
    mcc: z.string().regex(/^\d{4}$/, 'four-digit MCC'),
    city: z.string().max(100),
    country: z.string().regex(/^[A-Z]{2}$/),
  })
  .openapi('Merchant');

export const PostTransactionBody = z
  .object({
    kind: z.enum(['PURCHASE', 'REFUND', 'PAYMENT', 'FEE', 'ADJUSTMENT']),
    direction: z.enum(['DEBIT', 'CREDIT']).optional().describe('Required for ADJUSTMENT only'),
    amount: minor.positive(),
    currency,
    description: z.string().max(200).optional(),
    merchant: MerchantSchema.optional(),
    cardId: z.string().max(64).optional(),
    relatedTransactionId: z.string().max(64).optional(),
    adjustmentKind: z
      .literal(PAYMENT_REVERSAL)
      .optional()
      .describe('A DEBIT ADJUSTMENT for a payment the payer’s bank returned (relatedTransactionId names it)'),
  })
  .strict()
  .refine(
    (b) =>
      b.adjustmentKind === undefined ||
      (b.kind === 'ADJUSTMENT' && b.direction === 'DEBIT' && b.relatedTransactionId !== undefined),
    {
      message: 'a PAYMENT_REVERSAL is a DEBIT ADJUSTMENT naming the payment in relatedTransactionId',
      path: ['adjustmentKind'],
    },
  )
  .refine((b) => b.kind !== 'ADJUSTMENT' || b.direction !== undefined, {
    message: 'direction is required for ADJUSTMENT',
    path: ['direction'],
  })
  .refine((b) => b.kind !== 'PURCHASE' || b.merchant !== undefined, {
    message: 'a PURCHASE needs a merchant',
    path: ['merchant'],
  })
  .openapi('PostTransaction');

export const ListTransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional().describe('Cursor: `next` from the previous page'),
  statementId: z
    .string()
    .min(1)
    .optional()
    .describe("Only this statement's lines: the transactions posted in its cycle"),
});

export const AccountIdParams = z.object({ accountId: z.string().min(1).max(64) });
export const StatementIdParams = AccountIdParams.extend({ statementId: z.string().min(1) });
