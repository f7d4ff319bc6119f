import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

const BUCKETS = ['DPD_1_29', 'DPD_30_59', 'DPD_60_89', 'DPD_90_119', 'DPD_120_179', 'CHARGE_OFF'] as const;

export const CaseIdParams = z.object({ caseId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/) });
export const AccountIdParams = z.object({ accountId: z.string().min(1).max(64) });

export const ListQuery = z.object({
  accountId: z.string().min(1).max(64).optional(),
  bucket: z.enum(BUCKETS).optional(),
  status: z.enum(['OPEN', 'CLOSED']).optional(),
});

// The figures (positive amounts, future dates in order, at most the collectable) are the decider's rules.
export const PromiseBody = z
  .object({
    instalments: z
      .array(
        z
          .object({
            amount: z.number().int().describe('Minor units, > 0'),
            dueDate: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/)
              .describe('The promised day, YYYY-MM-DD on the account’s local calendar; after today'),
          })
          .strict(),
      )
      .min(1)
      .max(24) // a bound on the body; how many a promise may have is the decider's rule (case-policy.ts)
      .describe('One or several instalments, in date order; together at most the collectable amount'),
  })
  .strict()
  .openapi('PromiseToPay');
