import { z } from 'zod';

// The bodies the add-on routes answer with (enrolment-views.ts builds them).

const instant = z.string().datetime();
const minor = z.number().int().describe('Minor units');
const ActorSchema = z.object({ id: z.string(), role: z.string() }).strict();
const RULE = z.enum([
  'NOT_DELINQUENT',
  'NOT_IN_COLLECTIONS_OR_HARDSHIP',
  'NO_OPEN_FRAUD_CASE',
  'NOT_ON_DO_NOT_CALL',
  'MARKETING_CONSENT',
  'CALLING_HOURS',
  'PRODUCT_SUITABILITY',
]);
const ADD_ON = z.enum(['PAYMENT_PROTECTION', 'CARD_UPGRADE', 'BALANCE_TRANSFER']);
const PricingSchema = z
  .object({
    kind: z.enum(['MONTHLY', 'ONE_OFF']),
    monthlyFee: minor.nullable(),
    freeTrial: z.boolean(),
    feeBps: z.number().int().nullable(),
    minimumFee: minor.nullable(),
  })
  .strict()
  .openapi('AddOnPricing');

export const OfferSheetSchema = z
  .object({
    customerId: z.string(),
    accountId: z.string(),
    accountLast4: z.string(),
    market: z.enum(['US', 'CN']),
    at: instant,
    offers: z
      .array(
        z
          .object({
            offerId: z.string().describe('Goes in the consent record'),
            addOn: ADD_ON,
            termsVersion: z.string(),
            name: z.string(),
            optional: z.literal(true),
            pricing: PricingSchema,
            currency: z.string(),
            exclusions: z.array(z.string()),
            scriptVersion: z.string(),
            script: z.array(z.string()).describe('Every statement the terms require, in order'),
          })
          .strict(),
      )
      .describe('Only add-ons the customer is eligible for'),
    excluded: z
      .array(z.object({ addOn: ADD_ON, termsVersion: z.string(), failing: z.array(RULE) }).strict())
      .describe('Not offered, with every rule that excludes the customer'),
  })
  .strict()
  .openapi('OfferSheet');

export const FactsSchema = z
  .object({
    customerId: z.string(),
    marketingConsent: z.boolean(),
    doNotCall: z.boolean(),
    inHardship: z.boolean(),
    employmentStatus: z.enum(['EMPLOYED', 'SELF_EMPLOYED', 'UNEMPLOYED', 'RETIRED', 'STUDENT']).nullable(),
    recordedBy: ActorSchema,
    recordedAt: instant,
  })
  .strict()
  .openapi('CustomerSalesFactsView');

export const EnrolmentSchema = z
  .object({
    enrolmentId: z.string(),
    customerId: z.string(),
    accountId: z.string(),
    accountLast4: z.string(),
    market: z.enum(['US', 'CN']),
    addOn: ADD_ON,
    termsVersion: z.string(),
    pricing: PricingSchema,
    currency: z.string(),
    status: z.enum(['IN_TRIAL', 'ACTIVE', 'LAPSED', 'CANCELLED']),
    enrolledAt: instant,
    trialEndsAt: instant.nullable(),
    reminderSent: z.boolean(),
    conversionAgreedAt: instant.nullable(),
    billingStartsAt: instant.nullable(),
    fees: z
      .array(z.object({ periodKey: z.string(), amount: minor, requestId: z.string() }).strict())
      .describe('Each fee fallen due, once per period'),
    cancellation: z
      .object({
        reason: z.string(),
        refund: z
          .object({
            kind: z.enum(['NONE', 'COOLING_OFF_FULL', 'PRO_RATA']),
            amount: minor,
            periodKey: z.string().nullable(),
          })
          .strict(),
        cancelledAt: instant,
      })
      .strict()
      .nullable(),
  })
  .strict()
  .openapi('Enrolment');

const ConversionSchema = z
  .object({
    expressAgreementAt: instant.nullable(),
    accountLast4: z.string().nullable(),
    recordingRef: z.string().nullable(),
  })
  .strict();

export const ConsentRecordSchema = z
  .object({
    enrolmentId: z.string(),
    customerId: z.string(),
    accountId: z.string(),
    termsVersion: z.string(),
    consent: z
      .object({
        offerId: z.string().nullable(),
        termsVersionShown: z.string().nullable(),
        priceDisclosed: z.boolean(),
        optionalDisclosed: z.boolean(),
        exclusionsRead: z.boolean(),
        expressYesAt: instant.nullable(),
        channel: z.enum(['PHONE', 'BRANCH', 'WEB']).nullable(),
        scriptVersion: z.string().nullable(),
        recordingRef: z.string().nullable(),
        sensitivePiConsentAt: instant.nullable(),
        conversion: ConversionSchema.nullable(),
      })
      .strict(),
    eligibilityPassed: z.array(RULE),
    soldBy: ActorSchema,
    enrolledAt: instant,
    conversionAgreement: z
      .object({ consent: ConversionSchema, actor: ActorSchema, agreedAt: instant })
      .strict()
      .nullable()
      .describe('Agreed later in the trial; null when agreed at the sale or never'),
  })
  .strict()
  .openapi('ConsentRecordView');

export const ConsentRecordsSchema = z.object({ items: z.array(ConsentRecordSchema) }).strict();
