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

const CHANNELS = ['CALL', 'SMS', 'EMAIL', 'LETTER', 'WECHAT', 'FIELD_VISIT'] as const;
const text = (what: string) => z.string().min(1).max(2000).describe(what);
/**
 * A reference to a number or address on file ("phone:home"), or a masked
 * value ("***0142", "l***@example.com"): never the raw one, which would then
 * reach the events (docs/domain.md#privacy-and-security).
 */
const ref = (what: string) =>
  z
    .string()
    .min(1)
    .max(128)
    .refine((v) => (v.match(/\d/g) ?? []).length <= 6, 'a reference or a masked value, not a number')
    .refine((v) => !v.includes('@') || /\*.*@/.test(v), 'a reference or a masked value, not an address')
    .describe(what);

export const AttemptIdParams = CaseIdParams.extend({
  attemptId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/),
});

// Setting a fact to what it already is records nothing; every field may be left out.
export const ContactFactsBody = z
  .object({
    ceaseRequested: z.boolean(),
    attorneyOnFile: z.boolean(),
    doNotContact: z.array(z.enum(CHANNELS)).max(CHANNELS.length).describe('Channels marked do-not-contact'),
    mobile: z.boolean().describe('The number on file is a mobile (unknown counts as one)'),
    autodialConsentOnMobile: z.boolean().describe('A revocation, by any reasonable means, sets it false'),
    validationNoticeSentAt: z.string().datetime().nullable(),
    timeZone: z.string().min(1).max(64).nullable().describe('IANA zone; null: the ledger account’s'),
  })
  .partial()
  .strict()
  .openapi('ContactFactsChange');

export const ContactRequestBody = z
  .object({
    channel: z.enum(CHANNELS),
    party: z.enum(['DEBTOR', 'GUARANTOR', 'THIRD_PARTY']).default('DEBTOR'),
    autodialled: z.boolean().default(false).describe('Placed by an autodialler or with a prerecorded voice'),
    hasOptOut: z.boolean().default(false).describe('The message carries a way to opt out (SMS, email)'),
    carriesValidationNotice: z.boolean().default(false).describe('This contact is the validation notice'),
    contactRef: ref('A reference to the number or address on file, or a masked value').optional(),
    message: text('The outgoing text, if any: it goes through the language check').optional(),
  })
  .strict()
  .openapi('ContactRequest');

export const ContactOutcomeBody = z
  .object({
    outcome: z.enum(['NO_ANSWER', 'RIGHT_PARTY_CONTACT', 'WRONG_PARTY', 'REFUSED', 'PROMISE']),
    recordingRef: ref('Where the call recording is kept').optional(),
    note: text('The collector’s note: it goes through the language check').optional(),
  })
  .strict()
  .openapi('ContactOutcome');

export const DecisionsQuery = z.object({
  accountId: z.string().min(1).max(64).optional(),
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
});

export const PlanIdParams = CaseIdParams.extend({ planId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/) });

// The figures (count, first date, smallest instalment, at most the collectable) are the decider's rules (policy.ts).
export const PlanBody = z
  .object({
    count: z.number().int().min(1).max(120).describe('How many instalments'),
    frequency: z.enum(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY']),
    firstDueDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe('YYYY-MM-DD on the account’s local calendar; after today'),
    totalAmount: z.number().int().optional().describe('Minor units; default: the collectable amount'),
  })
  .strict()
  .openapi('RepaymentPlanProposal');

export const HardshipBody = z
  .discriminatedUnion('kind', [
    z
      .object({ kind: z.literal('REDUCED_RATE'), rateBps: z.number().int(), months: z.number().int() })
      .strict(),
    z.object({ kind: z.literal('FEE_WAIVER'), amount: z.number().int().describe('Minor units') }).strict(),
    z.object({ kind: z.literal('PAYMENT_PAUSE'), months: z.number().int() }).strict(),
  ])
  .openapi('HardshipProgramme');
