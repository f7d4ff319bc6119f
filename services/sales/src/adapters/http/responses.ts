import { z } from 'zod';

// The bodies the sales routes answer with (views.ts builds them). Strict:
// a field missing here is a field the document does not promise.

const instant = z.string().datetime();
const minor = z.number().int().describe('Minor units');
const ActorSchema = z.object({ id: z.string(), role: z.string() }).strict().openapi('SalesActor');

const DecisionSchema = z
  .object({
    outcome: z.enum(['APPROVE', 'DECLINE', 'REFER']),
    ruleSetVersion: z.string(),
    creditLimit: minor.nullable(),
    aprTier: z.enum(['TIER_1', 'TIER_2', 'TIER_3']).nullable(),
    reasons: z.array(z.string()).describe('A decline’s principal reasons, 1 to 4; empty otherwise'),
    referReason: z.string().nullable(),
  })
  .strict()
  .openapi('CreditDecisionView');

const StepSchema = z
  .object({
    step: z.enum(['SUBMITTED', 'COMPLETED', 'DECIDED', 'ACCOUNT_OPENED', 'CARD_ISSUED']),
    done: z.boolean(),
    at: instant.nullable(),
    ref: z.string().nullable().describe('The decision’s outcome, the account id or the card id'),
  })
  .strict();

export const ApplicationSchema = z
  .object({
    applicationId: z.string(),
    customerId: z.string(),
    market: z.enum(['US', 'CN']),
    productCode: z.string(),
    status: z.enum(['INCOMPLETE', 'COMPLETE', 'REFERRED', 'APPROVED', 'DECLINED', 'WITHDRAWN']),
    provided: z.array(z.enum(['INCOME', 'HOUSING', 'EMPLOYMENT'])),
    creditCheckConsentAt: instant.nullable(),
    completedAt: instant.nullable(),
    decisionDueAt: instant.nullable(),
    decisionClock: z.enum(['NOT_STARTED', 'RUNNING', 'DUE_SOON', 'BREACHED', 'MET']),
    decision: DecisionSchema.nullable(),
    accountId: z.string().nullable(),
    cardId: z.string().nullable(),
    steps: z.array(StepSchema).describe('Decided → account opened → card issued'),
    submittedAt: instant,
  })
  .strict()
  .openapi('Application');

export const ApplicationsSchema = z.object({ items: z.array(ApplicationSchema) }).strict();

export const SensitiveSchema = z
  .object({
    applicationId: z.string(),
    fullName: z.string(),
    dateOfBirth: z.string(),
    address: z
      .object({ line1: z.string(), city: z.string(), postalCode: z.string(), country: z.string() })
      .strict(),
    nationalId: z.string(),
    income: z.object({ annualIncome: minor, incomeIsIndependent: z.boolean() }).strict().nullable(),
    hasCoSigner: z.boolean(),
    readBy: ActorSchema,
  })
  .strict()
  .openapi('ApplicantSensitiveData');
