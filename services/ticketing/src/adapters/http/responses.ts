import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { orNull } from '@cardline/platform';
import { CHANNELS, PRIORITIES, STATUSES, TOPICS } from './schemas';

extendZodWithOpenApi(z);

// The bodies the ticketing routes answer with (views.ts builds them). Strict:
// a field missing here is a field the document does not promise.

const instant = z.string().datetime();
const actor = z.object({ id: z.string(), role: z.string() }).strict();

const SlaClockSchema = z
  .object({
    state: z.enum(['RUNNING', 'PAUSED', 'BREACHED']),
    dueAt: instant.nullable().describe('null while paused'),
    remainingMs: z.number().int().nullable().describe('What was left when the clock paused'),
    warned: z.boolean(),
    breached: z.boolean(),
  })
  .strict()
  .openapi('SlaClock');

const summary = {
  caseId: z.string(),
  customerId: z.string(),
  accountId: z.string().nullable(),
  channel: z.enum(CHANNELS),
  topic: z.enum(TOPICS),
  priority: z.enum(PRIORITIES),
  queue: z.string(),
  assigneeId: z.string().nullable(),
  tags: z.array(z.string()),
  subject: z.string(),
  status: z.enum(STATUSES),
  level: z.enum(['TIER1', 'TIER2', 'SUPERVISOR']),
  openedAt: instant,
  firstReplyAt: instant.nullable(),
  solvedAt: instant.nullable(),
  closedAt: instant.nullable(),
  mergedInto: z.string().nullable(),
  sla: z
    .object({
      FIRST_REPLY: SlaClockSchema.optional(),
      NEXT_REPLY: SlaClockSchema.optional(),
      RESOLUTION: SlaClockSchema.optional(),
    })
    .strict()
    .describe('The clocks that run on this case'),
  csat: orNull(z.object({ score: z.number().int(), comment: z.string(), at: instant }).strict()),
  correlationIds: z
    .array(z.string())
    .describe('Of the first and the newest requests on the case: what they caused elsewhere'),
};

export const CaseSummarySchema = z.object(summary).strict().openapi('CaseSummary');

export const TimelineEntrySchema = z
  .object({
    eventId: z.string(),
    at: instant,
    type: z.string().describe('The event type, e.g. cards.card.frozen.v1'),
    source: z.string(),
    subject: z.string().describe('The aggregate the event is about'),
    accountId: z.string().nullable(),
    customerId: z.string().nullable(),
    summary: z.string(),
    correlationId: z.string(),
    causationId: z.string().nullable(),
  })
  .strict()
  .openapi('TimelineEntry');

const interaction = {
  interactionId: z.string(),
  kind: z.enum(['INBOUND', 'OUTBOUND', 'CALL_NOTE', 'INTERNAL_NOTE', 'SURVEY']),
  channel: z.enum(CHANNELS),
  body: z.string(),
  contact: z.string().nullable().describe('Masked'),
  actor,
  at: instant,
  correlationId: z.string(),
  mergedFromCaseId: z.string().nullable(),
  delivery: orNull(
    z
      .object({
        status: z
          .enum(['DELIVERED', 'FAILED', 'ANSWERED', 'NO_ANSWER', 'WRONG_PARTY'])
          .describe('From the delivery adapter (ANSWERED, NO_ANSWER, WRONG_PARTY: a phone reply)'),
        reportedAt: instant,
      })
      .strict()
      .openapi('MessageDelivery'),
  ).describe('A reply’s or survey’s delivery report; null until one arrived, and on every other kind'),
};
const historyEntry = { at: instant, actor, action: z.string(), detail: z.string() };
const seq = z.number().int().describe('Its place in the case’s full list, from 1');

const INTENT = z.enum([
  'lost_stolen_card',
  'unrecognised_charge',
  'fee_complaint',
  'balance_question',
  'payment_arrangement',
  'application_or_product',
  'collector_complaint',
  'csat_reply',
  'other',
]);
const REVIEW = z.enum(['ACCEPTED', 'EDITED', 'REJECTED']);
const TriageRecordSchema = z
  .object({
    interactionId: z.string(),
    intent: INTENT,
    confidence: z.number(),
    language: z.enum(['en', 'zh']),
    urgency: z.enum(['NONE', 'URGENT', 'SUPERVISOR']),
    entities: z
      .object({
        lastFour: z.array(z.string()).describe('Card last four digits only'),
        amounts: z.array(
          z.object({ amount: z.number().int(), currency: z.enum(['USD', 'CNY']), text: z.string() }).strict(),
        ),
        dates: z.array(z.object({ text: z.string(), date: z.string().nullable() }).strict()),
        merchants: z.array(z.string()),
        caseRefs: z.array(z.string()),
      })
      .strict(),
    source: z.string().describe('Where the suggestion came from (NONE: no suggestion)'),
    suggestion: z.string().nullable(),
    review: REVIEW.nullable(),
    at: instant,
  })
  .strict()
  .openapi('TriageRecord');

export const CaseSchema = z
  .object({
    ...summary,
    triage: z
      .array(TriageRecordSchema)
      .describe('The newest classified inbound messages with their suggestions, oldest first'),
    interactions: z
      .array(z.object(interaction).strict())
      .describe('The newest, oldest first; every one: GET /v1/cases/{caseId}/interactions'),
    interactionCount: z.number().int(),
    history: z
      .array(z.object(historyEntry).strict())
      .describe('The newest, oldest first; every one: GET /v1/cases/{caseId}/history'),
    historyCount: z.number().int(),
    pendingContacts: z
      .object({
        CHAT: z.string().optional(),
        WECHAT: z.string().optional(),
        EMAIL: z.string().optional(),
        SMS: z.string().optional(),
      })
      .strict()
      .describe(
        'Masked: an address a message came from that differs from the one on file, by channel, until an agent confirms or rejects it (POST /v1/cases/{caseId}/contact-change)',
      ),
    related: z
      .array(TimelineEntrySchema)
      .optional()
      .describe('On a single read: what the case’s calls caused in other services, oldest first'),
  })
  .strict()
  .openapi('Case');

export const CasesSchema = z.object({ items: z.array(CaseSummarySchema) }).strict();

// What a channel adapter gets back: ids and status, never the case's
// interactions, notes or history (docs/adr/0023-least-privilege-operations.md).
export const ContactSchema = z
  .object({
    contactRef: z.string(),
    channel: z.enum(CHANNELS),
    address: z.string().describe('Where the adapter delivers: the address on file for the channel'),
  })
  .strict()
  .openapi('Contact');

export const MessageReceiptSchema = z
  .object({
    caseId: z.string(),
    interactionId: z.string().describe('The message’s interaction (the same on a redelivery)'),
    status: z.enum(STATUSES),
    threaded: z.boolean().describe('false: the message opened the case'),
  })
  .strict()
  .openapi('MessageReceipt');
export const CsatReceiptSchema = z
  .object({ caseId: z.string(), status: z.enum(STATUSES) })
  .strict()
  .openapi('CsatReceipt');

const next = z.number().int().nullable().describe('`after` for the next page; null on the last');
export const InteractionPageSchema = z
  .object({ items: z.array(z.object({ seq, ...interaction }).strict()), next })
  .strict()
  .openapi('InteractionPage');
export const HistoryPageSchema = z
  .object({ items: z.array(z.object({ seq, ...historyEntry }).strict()), next })
  .strict()
  .openapi('HistoryPage');

export const TimelinePageSchema = z
  .object({
    items: z.array(TimelineEntrySchema),
    next: z.string().nullable().describe('The cursor of the next page; null on the last'),
  })
  .strict();

export const AnswersSchema = z
  .object({
    items: z.array(
      z
        .object({
          accountId: z.string(),
          productCode: z.string(),
          asOf: instant.nullable().describe('What the figures are as of'),
          answers: z.array(
            z
              .object({
                question: z.enum(['BALANCE', 'MINIMUM_DUE', 'DUE_DATE', 'APR', 'FEES']),
                text: z.string().describe('What the agent reads out'),
                figures: z
                  .record(z.union([z.number(), z.string(), z.null()]))
                  .describe('The figures in the text, by name: they differ per question'),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('Answers');

export const CsatRowSchema = z
  .object({
    agent: z.string().optional().describe('With by=agent: who solved the cases'),
    queue: z.string().optional().describe('With by=queue'),
    channel: z.string().optional().describe('With by=channel'),
    answers: z.number().int(),
    averageScore: z.number(),
    satisfiedShare: z.number().describe('Share of 4 and 5 scores, 0 to 1'),
  })
  .strict();

export const CsatReportSchema = z
  .object({ by: z.enum(['agent', 'queue', 'channel']), items: z.array(CsatRowSchema) })
  .strict()
  .openapi('CsatReport');

export const TriageReportSchema = z
  .object({
    items: z.array(
      z
        .object({
          intent: INTENT,
          suggested: z.number().int(),
          reviewed: z.number().int(),
          accepted: z.number().int(),
          edited: z.number().int(),
          rejected: z.number().int(),
          acceptanceRate: z.number().nullable().describe('Accepted as offered, of those reviewed'),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('TriageReport');
