import { z } from 'zod';

// Requests and answers of the supervisors' reports (report-routes.ts). Strict answers: a field missing
// here is one the document does not promise.

const minor = z.number().int().describe('Minor units');

export const StrategyReportQuery = z.object({ strategyId: z.string().min(1).max(64).optional() });

export const PeriodQuery = z.object({
  from: z.string().datetime().optional().describe('Inclusive'),
  to: z.string().datetime().optional().describe('Exclusive'),
});

export const CollectorIdParams = z.object({ collectorId: z.string().regex(/^[A-Za-z0-9@._-]{1,128}$/) });

export const ComplaintBody = z
  .object({
    caseId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/),
    category: z.enum(['HARASSMENT', 'THREAT', 'DISCLOSURE', 'CONDUCT']),
  })
  .strict()
  .openapi('CollectorComplaint');

const VariantSchema = z
  .object({
    variantId: z.string(),
    cases: z.number().int(),
    cured: z.number().int(),
    cureRateBps: z.number().int().describe('Cured per case, basis points, rounded down'),
    amountRecovered: minor,
    contactsUsed: z.number().int(),
    contactsPerCure: z.number().nullable(),
  })
  .strict()
  .openapi('StrategyVariantReport');

export const StrategyReportSchema = z
  .object({
    items: z.array(z.object({ strategyId: z.string(), variants: z.array(VariantSchema) }).strict()),
    truncated: z.boolean().describe('More cases than the report reads (20,000, newest first)'),
  })
  .strict()
  .openapi('StrategyReport');

export const ScorecardSchema = z
  .object({
    collectorId: z.string(),
    rank: z.number().int(),
    score: z.number().int().describe('0–100: compliance 40, promises kept 30, recovery 30 (docs/domain.md)'),
    compliant: z.boolean().describe('False when a contact was made without an allowed gate decision'),
    compliancePoints: z.number().int(),
    promisePoints: z.number().int(),
    recoveryPoints: z.number().int(),
    contacts: z.number().int(),
    refusalsOverridden: z.number().int().describe('Must be 0'),
    gateRefusals: z.number().int(),
    complaints: z.number().int(),
    promisesKept: z.number().int(),
    promisesBroken: z.number().int(),
    promisesKeptRateBps: z.number().int().nullable(),
    amountRecovered: minor,
  })
  .strict()
  .openapi('CollectorScorecard');

export const ScorecardsSchema = z.object({ items: z.array(ScorecardSchema) }).strict();

export const ComplaintSchema = z
  .object({
    complaintId: z.string(),
    collectorId: z.string(),
    caseId: z.string(),
    category: z.string(),
    recordedBy: z.object({ id: z.string(), role: z.string() }).strict(),
    at: z.string().datetime(),
  })
  .strict()
  .openapi('CollectorComplaintRecord');
