import { z } from 'zod';

// Request bodies of the add-on routes. Every consent element may be absent
// here: the decider names each one that is missing (422 with `missing`), so
// the agent fixes the record in one pass (docs/adr/0017-sales-domain-rules.md).

const id = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/);
const said = z.string().datetime().nullable().default(null).describe('When it was said (ISO 8601)');
const text = (max: number) => z.string().max(max).nullable().default(null);
const CHANNEL = z.enum(['PHONE', 'BRANCH', 'WEB']);
const EMPLOYMENT = z.enum(['EMPLOYED', 'SELF_EMPLOYED', 'UNEMPLOYED', 'RETIRED', 'STUDENT']);

export const CustomerIdParams = z.object({ customerId: id });
export const EnrolmentIdParams = z.object({ enrolmentId: id });
export const OffersQuery = z.object({ accountId: id.describe('The account the add-on would be charged to') });
export const ConsentRecordsQuery = z.object({ customerId: id });

export const FactsBody = z
  .object({
    marketingConsent: z.boolean().describe('The customer agreed to be offered products'),
    doNotCall: z.boolean().describe('On a do-not-call list, or asked not to be called'),
    inHardship: z.boolean().describe('On a hardship programme (no event carries it yet)'),
    employmentStatus: EMPLOYMENT.nullable().describe('As the customer states it (product suitability)'),
  })
  .strict()
  .openapi('CustomerSalesFacts');

export const ConversionBody = z
  .object({
    expressAgreementAt: said,
    accountLast4: text(4).describe('The last four digits the customer confirmed'),
    recordingRef: text(200),
  })
  .strict()
  .openapi('ConversionConsent');

export const ConsentBody = z
  .object({
    offerId: text(64).describe('The offer shown (GET /v1/customers/{id}/offers)'),
    termsVersionShown: text(32),
    priceDisclosed: z.boolean().default(false),
    optionalDisclosed: z.boolean().default(false),
    exclusionsRead: z.boolean().default(false),
    expressYesAt: said,
    channel: CHANNEL.nullable().default(null),
    scriptVersion: text(64),
    recordingRef: text(200),
    sensitivePiConsentAt: said.describe(
      'China: the separate consent to process sensitive personal information',
    ),
    conversion: ConversionBody.nullable()
      .default(null)
      .describe('A free trial: the agreement that it becomes paid; without it the trial lapses'),
  })
  .strict()
  .openapi('AddOnConsentRecord');

export const EnrolBody = z
  .object({
    customerId: id,
    accountId: id,
    termsVersion: z.string().min(1).max(32),
    consent: ConsentBody.default({}),
    transferAmount: z
      .number()
      .int()
      .nullable()
      .default(null)
      .describe('A balance transfer’s amount in minor units; null for other add-ons'),
  })
  .strict()
  .openapi('Enrol');

export const CancelBody = z
  .object({ reason: z.string().min(1).max(500) })
  .strict()
  .openapi('CancelEnrolment');
