import { z } from 'zod';

export const CHANNELS = ['PHONE', 'CHAT', 'WECHAT', 'EMAIL', 'SMS'] as const;
export const MESSAGE_CHANNELS = ['CHAT', 'WECHAT', 'EMAIL', 'SMS'] as const;
export const TOPICS = [
  'GENERAL',
  'BILLING_QUESTION',
  'DISPUTE',
  'LOST_CARD',
  'COLLECTIONS',
  'SALES',
] as const;
export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export const STATUSES = ['NEW', 'OPEN', 'PENDING', 'SOLVED', 'CLOSED'] as const;
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const CaseIdParams = z.object({ caseId: id });
export const CustomerParams = z.object({ customerId: id });
export const ChannelParams = z.object({ channel: z.enum(MESSAGE_CHANNELS) });
/** A queued message's contact reference, `<caseId>:<channel>` (domain/contacts.ts). */
export const ContactRefParams = z.object({
  contactRef: z
    .string()
    .max(80)
    .regex(
      new RegExp(`^[A-Za-z0-9_.-]{1,64}:(${MESSAGE_CHANNELS.join('|')})$`),
      'a contact reference, <caseId>:<channel>',
    ),
});

export const OpenCaseBody = z
  .object({
    customerId: id,
    accountId: id.nullable().default(null),
    channel: z.enum(CHANNELS).default('PHONE'),
    topic: z.enum(TOPICS).default('GENERAL'),
    priority: z.enum(PRIORITIES).default('NORMAL'),
    queue: z.string().min(1).max(40).default('general'),
    subject: text(200),
  })
  .strict();

export const InboundMessageBody = z
  .object({
    customerId: id.describe('The customer the adapter identified (WeChat binding, email or phone on file)'),
    accountId: id.nullable().default(null),
    from: text(200).describe('The sender’s address on the channel: email, phone number or WeChat openid'),
    body: text(10_000),
    externalId: z.string().min(1).max(200).nullable().default(null).describe('The channel’s message id'),
    caseId: id
      .nullable()
      .default(null)
      .describe('A case reference the message carried (e.g. in an email subject)'),
    subject: z.string().max(200).nullable().default(null),
  })
  .strict();

export const ReplyBody = z
  .object({ body: text(10_000), channel: z.enum(MESSAGE_CHANNELS).nullable().default(null) })
  .strict();
export const NoteBody = z
  .object({ kind: z.enum(['CALL_NOTE', 'INTERNAL_NOTE']), body: text(10_000) })
  .strict();
export const StatusBody = z
  .object({ to: z.enum(['OPEN', 'PENDING', 'SOLVED', 'CLOSED']), reason: text(500) })
  .strict();
export const TriageBody = z
  .object({
    queue: z.string().min(1).max(40).optional(),
    assigneeId: id.nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    topic: z.enum(TOPICS).optional(),
    tags: z.array(z.string().min(1).max(40)).max(20).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export const EscalateBody = z.object({ reason: text(500) }).strict();
export const MergeBody = z.object({ intoCaseId: id }).strict();
export const ContactChangeBody = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    accept: z.boolean().describe('true: replies go to the new address from now on; false: it is dropped'),
  })
  .strict();
export const CsatBody = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).default('') })
  .strict();

export const ListQuery = z
  .object({
    customerId: id.optional(),
    queue: z.string().max(40).optional(),
    status: z.enum(STATUSES).optional(),
    assigneeId: id.optional(),
    level: z.enum(['TIER1', 'TIER2', 'SUPERVISOR']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const TimelineQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(400).optional(),
  })
  .strict();
/** A page of a case's full list: entries numbered after `after`, oldest first. */
export const JournalQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.coerce.number().int().min(0).default(0).describe('Cursor: `next` from the previous page'),
  })
  .strict();
export const AnswersQuery = z
  .object({
    accountId: id.optional(),
    question: z.enum(['BALANCE', 'MINIMUM_DUE', 'DUE_DATE', 'APR', 'FEES']).optional(),
  })
  .strict();
export const CsatReportQuery = z
  .object({
    by: z.enum(['agent', 'queue', 'channel']).default('agent'),
    since: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export const ReviewSuggestionBody = z
  .object({
    interactionId: id.describe('The inbound message the suggestion was for'),
    outcome: z.enum(['ACCEPTED', 'EDITED', 'REJECTED']),
    reason: text(500).nullable().default(null).describe('Why it was edited or rejected'),
  })
  .strict();
export const TriageReportQuery = z
  .object({ since: z.string().datetime({ offset: true }).optional() })
  .strict();
