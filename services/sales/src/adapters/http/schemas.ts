import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

const minor = z.number().int().describe('Minor units (cents/fen)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const STATUSES = ['INCOMPLETE', 'COMPLETE', 'REFERRED', 'APPROVED', 'DECLINED', 'WITHDRAWN'] as const;
const CHANNEL = z.enum(['PHONE', 'BRANCH', 'WEB']);

export const ApplicationIdParams = z.object({ applicationId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/) });
export const ListQuery = z.object({ status: z.enum(STATUSES).optional() });

// Figures (non-negative amounts, a past date of birth) are the decider's rules.
const Income = z
  .object({ annualIncome: minor.describe('Gross a year'), incomeIsIndependent: z.boolean() })
  .strict();
const Housing = z
  .object({ status: z.enum(['OWN', 'RENT', 'WITH_FAMILY', 'OTHER']), monthlyCost: minor })
  .strict();
const Employment = z
  .object({
    status: z.enum(['EMPLOYED', 'SELF_EMPLOYED', 'UNEMPLOYED', 'RETIRED', 'STUDENT']),
    employer: z.string().max(200).nullable(),
  })
  .strict();

export const DetailsBody = z
  .object({ income: Income.optional(), housing: Housing.optional(), employment: Employment.optional() })
  .strict()
  .openapi('ApplicationDetails');

export const SubmitBody = z
  .object({
    market: z.enum(['US', 'CN']).default('US'),
    productCode: z.string().min(1).max(32).default('CLASSIC'),
    customerId: z.string().min(1).max(64).optional().describe('An existing customer; derived when absent'),
    identity: z
      .object({
        fullName: z.string().max(200),
        dateOfBirth: date,
        address: z
          .object({
            line1: z.string().max(200),
            city: z.string().max(100),
            postalCode: z.string().max(20),
            country: z.string().max(2),
          })
          .strict(),
        nationalId: z
          .string()
          .min(4)
          .max(32)
          .describe('Encrypted at rest; events and views show only its last four characters'),
      })
      .strict(),
    details: DetailsBody.default({}),
    hasCoSigner: z.boolean().default(false),
    creditCheckConsent: z
      .object({ channel: CHANNEL })
      .strict()
      .nullable()
      .default(null)
      .describe('The applicant agreed to the credit check on this call'),
  })
  .strict()
  .openapi('SubmitApplication');

export const ConsentBody = z.object({ channel: CHANNEL }).strict().openapi('CreditCheckConsent');

export const UnderwriteBody = z
  .object({
    decision: z.discriminatedUnion('outcome', [
      z
        .object({
          outcome: z.literal('APPROVE'),
          creditLimit: minor,
          aprTier: z.enum(['TIER_1', 'TIER_2', 'TIER_3']),
        })
        .strict(),
      z
        .object({
          outcome: z.literal('DECLINE'),
          reasons: z
            .array(
              z.enum([
                'BELOW_MINIMUM_AGE',
                'UNDER_21_NO_INDEPENDENT_INCOME',
                'SCORE_TOO_LOW',
                'INSUFFICIENT_INCOME',
                'DEBT_TO_INCOME_TOO_HIGH',
                'TOO_MANY_INQUIRIES',
                'THIN_FILE',
              ]),
            )
            .max(8), // a bound on the body; 1–4 is the decider's rule
        })
        .strict(),
    ]),
    note: z.string().max(2000),
  })
  .strict()
  .openapi('UnderwriterDecision');

export const WithdrawBody = z
  .object({ reason: z.string().min(1).max(500) })
  .strict()
  .openapi('WithdrawApplication');
