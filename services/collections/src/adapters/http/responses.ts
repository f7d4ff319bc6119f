import { z } from 'zod';

// The bodies the collections routes answer with (views.ts builds them).
// Strict: a field missing here is a field the document does not promise.

const instant = z.string().datetime();
const minor = z.number().int().describe('Minor units');

const ActorSchema = z.object({ id: z.string(), role: z.string() }).strict().openapi('CollectionsActor');

const PromiseSchema = z
  .object({
    promiseId: z.string(),
    status: z.enum(['ACTIVE', 'KEPT', 'BROKEN', 'ENDED_WITH_CASE']),
    instalments: z.array(
      z
        .object({
          amount: minor,
          dueDate: z.string().describe('YYYY-MM-DD, local'),
          deadlineAt: instant.describe('Paid (with the earlier instalments) by then, or the promise breaks'),
          met: z.boolean(),
        })
        .strict(),
    ),
    totalAmount: minor,
    paidAmount: minor.describe('Paid since the promise was made'),
    graceDays: z.number().int(),
    madeBy: ActorSchema,
    madeAt: instant,
    resolvedAt: instant.nullable(),
  })
  .strict()
  .openapi('PromiseToPayView');

export const CaseSchema = z
  .object({
    caseId: z.string(),
    accountId: z.string(),
    customerId: z.string().nullable(),
    market: z.enum(['UNKNOWN', 'US', 'CN']),
    timeZone: z.string(),
    status: z.enum(['OPEN', 'CLOSED']),
    stage: z.enum(['DELINQUENT', 'RECOVERY']),
    bucket: z.enum([
      'UNKNOWN',
      'DPD_1_29',
      'DPD_30_59',
      'DPD_60_89',
      'DPD_90_119',
      'DPD_120_179',
      'CHARGE_OFF',
    ]),
    daysPastDue: z.number().int(),
    amountOwed: minor.describe(
      'Past due (in recovery: the balance) by the ledger’s last report, less payments since',
    ),
    amountInDispute: minor,
    openDisputes: z.array(z.object({ disputeId: z.string(), amount: minor }).strict()),
    collectableAmount: minor,
    currency: z.string(),
    promises: z.array(PromiseSchema).describe('Every promise, oldest first'),
    suppressedUntil: instant
      .nullable()
      .describe('While a promise runs: no contact on the debt before this (the contact gate reads it)'),
    strategyResumesAt: instant.nullable().describe('After a broken promise: when the strategy resumes'),
    strategy: z
      .object({ strategyId: z.string(), variantId: z.string() })
      .strict()
      .nullable()
      .describe('The strategy of the bucket and the champion/challenger variant of the account'),
    openedAt: instant,
    closedAt: instant.nullable(),
  })
  .strict()
  .openapi('CollectionsCase');

export const CasesSchema = z.object({ items: z.array(CaseSchema) }).strict();

export const ContactFactsSchema = z
  .object({
    ceaseRequested: z.boolean(),
    attorneyOnFile: z.boolean(),
    doNotContact: z.array(z.string()),
    mobile: z.boolean(),
    autodialConsentOnMobile: z.boolean(),
    validationNoticeSentAt: instant.nullable(),
    timeZone: z.string().describe('The zone the gate reads'),
  })
  .strict()
  .openapi('ContactFacts');

export const CaseFactsSchema = z
  .object({ caseId: z.string(), accountId: z.string(), facts: ContactFactsSchema })
  .strict()
  .openapi('CaseContactFacts');

export const DecisionSchema = z
  .object({
    attemptId: z.string(),
    caseId: z.string(),
    accountId: z.string(),
    channel: z.string(),
    party: z.string(),
    market: z.string(),
    allowed: z.boolean(),
    ruleIds: z.array(z.string()).describe('Allowed: every rule that applied; refused: the rule that refused'),
    reason: z.string().nullable(),
    nextAllowedAt: instant.nullable(),
    requestedBy: ActorSchema,
    decidedAt: instant,
  })
  .strict()
  .openapi('ContactDecision');

export const DecisionsSchema = z.object({ items: z.array(DecisionSchema) }).strict();

export const ContactRecordSchema = z
  .object({
    attemptId: z.string(),
    caseId: z.string(),
    channel: z.string(),
    party: z.string(),
    outcome: z.string(),
    attemptedAt: instant,
    recordedAt: instant,
    recordingRef: z.string().nullable(),
    collector: ActorSchema,
  })
  .strict()
  .openapi('ContactRecord');

export const WorkItemSchema = z
  .object({
    case: CaseSchema,
    brokenPromises: z.number().int(),
    lastContactAt: instant.nullable(),
    claimedBy: z.string().nullable(),
    claimedUntil: instant.nullable().describe('The claim lapses then unless renewed by claiming again'),
  })
  .strict()
  .openapi('WorkItem');

export const WorklistSchema = z.object({ items: z.array(WorkItemSchema) }).strict();

const PlanSchema = z
  .object({
    planId: z.string(),
    status: z.enum(['PROPOSED', 'SUPERSEDED', 'ACTIVE', 'BROKEN', 'COMPLETED']),
    frequency: z.string(),
    totalAmount: minor,
    instalments: z.array(
      z
        .object({
          amount: minor,
          dueDate: z.string().describe('YYYY-MM-DD, local'),
          kept: z.boolean().nullable().describe('null until its deadline is judged'),
        })
        .strict(),
    ),
    graceDays: z.number().int(),
    missesToBreak: z.number().int(),
    proposedBy: ActorSchema,
    proposedAt: instant,
    acceptedAt: instant.nullable(),
    resolvedAt: instant.nullable(),
  })
  .strict()
  .openapi('RepaymentPlan');

const HardshipSchema = z
  .object({
    programmeId: z.string(),
    kind: z.enum(['REDUCED_RATE', 'FEE_WAIVER', 'PAYMENT_PAUSE']),
    rateBps: z.number().int().nullable(),
    months: z.number().int().nullable(),
    amount: minor.nullable(),
    grantedBy: ActorSchema,
    grantedAt: instant,
    endsAt: instant.nullable(),
    endedAt: instant.nullable(),
  })
  .strict()
  .openapi('HardshipGrant');

const ReAgeSchema = z
  .object({
    requestId: z.string(),
    granted: z.boolean(),
    limitId: z.string().nullable().describe('The limit that refused it'),
    reason: z.string().nullable(),
    reAgedOn: z.string().nullable(),
    requestedBy: ActorSchema,
    at: instant,
  })
  .strict()
  .openapi('ReAgeDecision');

export const CaseReliefSchema = z
  .object({
    caseId: z.string(),
    accountId: z.string(),
    currency: z.string(),
    collectableAmount: minor,
    plans: z.array(PlanSchema).describe('Oldest first'),
    hardships: z.array(HardshipSchema),
    reAges: z.array(ReAgeSchema),
    consecutiveMinimumPayments: z
      .number()
      .int()
      .describe('Plan instalments kept in a row: the re-age evidence'),
  })
  .strict()
  .openapi('CaseRelief');
