import { z } from 'zod';
import { orNull } from '@cardline/platform';
import { MerchantSchema } from './schemas';

// The bodies the ledger's routes answer with (views.ts builds them). Strict:
// a field missing here is a field the document does not promise.

const minor = (what = 'Minor units (cents/fen)') => z.number().int().describe(what);
const instant = z.string().datetime();
const localDate = z.string().date().describe('A date in the account time zone');

export const AccountSchema = z
  .object({
    accountId: z.string(),
    customerId: z.string(),
    productCode: z.string(),
    market: z.enum(['US', 'CN']),
    status: z
      .enum(['OPEN', 'CLOSED', 'CHARGED_OFF'])
      .describe('CHARGED_OFF at 180 days past due: no purchases, no interest'),
    currency: z.string(),
    creditLimit: minor(),
    balance: minor('What the customer owes, minor units; negative = credit balance'),
    availableCredit: minor(),
    aprBps: z.number().int().describe('APR in basis points, 2499 = 24.99%'),
    billingCycleDay: z.number().int(),
    timeZone: z.string(),
    openedAt: instant,
    daysPastDue: z.number().int(),
    delinquencyBucket: z.enum([
      'CURRENT',
      'DPD_1_29',
      'DPD_30_59',
      'DPD_60_89',
      'DPD_90_119',
      'DPD_120_179',
      'CHARGE_OFF',
    ]),
    amountPastDue: minor(),
    amountInDispute: minor('Under open disputes, whether or not credited provisionally'),
    amountHeld: minor('What of it is held: not collected, no finance charge, not past due'),
    lastStatement: orNull(
      z
        .object({
          statementId: z.string(),
          closedOn: localDate,
          closingBalance: minor(),
          minimumDue: minor(),
          minimumDueNow: minor('What is still asked for once disputed amounts are set aside'),
          dueDate: localDate,
          paidSinceClose: minor(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('Account');

export const PostingSchema = z
  .discriminatedUnion('status', [
    z
      .object({
        status: z.literal('POSTED'),
        transactionId: z.string(),
        balance: minor(),
        availableCredit: minor(),
      })
      .strict(),
    z
      .object({
        status: z.literal('DECLINED'),
        transactionId: z.string(),
        declineReason: z
          .string()
          .describe('e.g. INSUFFICIENT_CREDIT, ACCOUNT_CLOSED, CARD_BLOCKED, CARD_NOT_ACTIVE, CARD_UNKNOWN'),
        availableCredit: minor(),
      })
      .strict(),
  ])
  .openapi('Posting');

export const TransactionSchema = z
  .object({
    transactionId: z.string(),
    accountId: z.string(),
    status: z.enum(['POSTED', 'DECLINED']),
    kind: z.string().describe('PURCHASE, REFUND, PAYMENT, FEE, INTEREST or ADJUSTMENT'),
    direction: z.string().nullable().describe('DEBIT or CREDIT; null on a decline'),
    amount: minor(),
    currency: z.string(),
    description: z.string(),
    merchant: orNull(MerchantSchema),
    cardId: z.string().nullable(),
    feeType: z.string().nullable(),
    adjustmentKind: z.string().nullable(),
    requestId: z.string().nullable(),
    relatedTransactionId: z.string().nullable(),
    declineReason: z.string().nullable(),
    at: instant,
    seq: z.number().int().describe("The account's version at this posting: the `before` cursor"),
    balanceAfter: minor().nullable(),
    correlationId: z.string(),
  })
  .strict()
  .openapi('Transaction');

export const TransactionPageSchema = z
  .object({
    items: z.array(TransactionSchema),
    next: z.number().int().nullable().describe('`before` for the next page; null on the last'),
  })
  .strict();

export const CardStatusesSchema = z
  .object({
    items: z.array(
      z
        .object({
          cardId: z.string(),
          status: z.enum(['INACTIVE', 'ACTIVE', 'FROZEN', 'LOST', 'STOLEN', 'CLOSED']),
        })
        .strict(),
    ),
  })
  .strict();

export const StatementSchema = z
  .object({
    statementId: z.string(),
    accountId: z.string(),
    currency: z.string(),
    periodStart: instant,
    periodEnd: instant,
    previousBalance: minor(),
    purchases: minor(),
    payments: minor(),
    credits: minor('Refunds and credit adjustments'),
    fees: minor(),
    interest: minor(),
    closingBalance: minor(),
    minimumDue: minor(),
    dueDate: instant.describe('End of the due day in the account time zone'),
    transactionIds: z
      .array(z.string())
      .describe(
        'Deprecated: empty on statements closed since the event carries counts; list the lines with GET …/transactions?statementId=',
      ),
    transactionCount: z
      .number()
      .int()
      .describe("How many lines: the transactions posted in the statement's cycle"),
    firstTransactionId: z.string().nullable(),
    lastTransactionId: z.string().nullable(),
  })
  .strict()
  .openapi('Statement');

export const StatementsSchema = z.object({ items: z.array(StatementSchema) }).strict();

export const EndOfDaySchema = z
  .object({ accountsProcessed: z.number().int().min(0).describe('Accounts whose end-of-day ran') })
  .strict();
